-- The months a publication covers by default: every month with documents, and the map's
-- version (a hash of the registry: the roll-up says which map each province published on).
SELECT strftime(min(event_date), '%Y-%m') AS first_month, strftime(max(event_date), '%Y-%m') AS last_month,
       (SELECT md5(coalesce(string_agg(concat_ws('|', code, valid_from, valid_to, name, level, kind, parent_code), '\n' ORDER BY code, valid_from), '')) FROM unit_versions) AS map_version
FROM documents;
