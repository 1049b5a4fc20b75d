-- Where each district and commune in force on $as_of lies (the dashboard's map): only the
-- 166 communes of 1/7/2025 have coordinates (config/map-changes.csv, from
-- shared/data/thanhhoa-units-2025.csv). An earlier commune is placed at the mean of the 2025
-- units it went into (followed through every successor, a split commune's parts too); a
-- district at the mean of its communes' positions that day. Provincial bodies have no place.
WITH RECURSIVE
here AS (
  SELECT * FROM unit_versions
  WHERE $as_of::DATE BETWEEN valid_from AND valid_to AND level IN ('district', 'commune')
),
walk(origin, code, valid_from, valid_to, lat, lon, depth) AS (
  SELECT h.code, h.code, h.valid_from, h.valid_to, h.lat, h.lon, 0 FROM here h WHERE h.level = 'commune'
  UNION ALL
  SELECT w.origin, nv.code, nv.valid_from, nv.valid_to, nv.lat, nv.lon, w.depth + 1
  FROM walk w
  JOIN unit_successors s ON s.code = w.code AND s.valid_to = w.valid_to
  JOIN unit_versions nv ON nv.code = s.successor_code AND w.valid_to + 1 BETWEEN nv.valid_from AND nv.valid_to
  WHERE w.lat IS NULL AND w.depth < 10
),
commune_at AS (
  SELECT origin AS code, avg(lat) AS lat, avg(lon) AS lon, max(depth) > 0 AS derived
  FROM walk WHERE lat IS NOT NULL AND lon IS NOT NULL
  GROUP BY origin
),
district_at AS (
  SELECT h.parent_code AS code, avg(c.lat) AS lat, avg(c.lon) AS lon, count(*) AS communes
  FROM here h JOIN commune_at c ON c.code = h.code
  WHERE h.level = 'commune'
  GROUP BY h.parent_code
)
SELECT
  h.code, h.name, h.short_name, h.level, h.parent_code,
  CASE h.level WHEN 'district' THEN h.code ELSE nullif(h.parent_code, '38') END AS district_code,
  coalesce(c.lat, d.lat) AS lat,
  coalesce(c.lon, d.lon) AS lon,
  CASE
    WHEN h.level = 'district' THEN CASE WHEN d.code IS NOT NULL THEN 'communes' END
    WHEN c.code IS NULL THEN NULL
    WHEN c.derived THEN 'successors'
    ELSE 'registry'
  END AS position,
  CASE WHEN h.level = 'district' THEN coalesce(d.communes, 0)::INTEGER END AS communes
FROM here h
LEFT JOIN commune_at c ON c.code = h.code
LEFT JOIN district_at d ON d.code = h.code AND h.level = 'district'
ORDER BY CASE h.level WHEN 'district' THEN 1 ELSE 2 END, h.code;
