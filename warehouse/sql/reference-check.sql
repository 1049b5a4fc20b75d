-- Problems in the registry that would make figures wrong; one row per problem.
SELECT 'commune ' || c.code || ' has parent ' || c.parent_code || ', which is not a district' AS problem
FROM units c LEFT JOIN units d ON d.code = c.parent_code AND d.level = 'district'
WHERE c.level = 'commune' AND d.code IS NULL
UNION ALL
SELECT 'team unit ' || t.unit_code || ' is not a provincial body or district in the registry'
FROM team_units t LEFT JOIN units u ON u.code = t.unit_code AND u.level IN ('province', 'district')
WHERE u.code IS NULL
UNION ALL
SELECT 'unit ' || unit_code || ' is assigned to more than one team'
FROM team_units GROUP BY unit_code HAVING count(*) > 1;
