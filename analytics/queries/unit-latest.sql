-- The latest version of a unit's code (issue 17): a commune area is named as it is now.
SELECT code, name, level FROM unit_versions WHERE code = $code::VARCHAR ORDER BY valid_from DESC LIMIT 1;
