-- The provinces of the national warehouse, with their latest publication and the months held.
SELECT p.province, p.name, p.schema_version, p.map_version, strftime(p.as_of, '%Y-%m-%d') AS as_of,
       p.published_at::VARCHAR AS published_at,
       (SELECT strftime(min(month), '%Y-%m') FROM national_months m WHERE m.province = p.province) AS first_month,
       (SELECT strftime(max(month), '%Y-%m') FROM national_months m WHERE m.province = p.province) AS last_month,
       (SELECT coalesce(list(strftime(month, '%Y-%m') ORDER BY month), []) FROM national_months m WHERE m.province = p.province) AS months
FROM national_provinces p
ORDER BY p.province;
