-- The roster of provinces (migration 022), with whether each is expected and has published.
SELECT r.province, r.name, r.official_name, r.expected,
       EXISTS (SELECT 1 FROM national_provinces p WHERE p.province = r.province) AS published
FROM national_roster r ORDER BY r.province;
