-- The national warehouse's figures (issue 19; README "National roll-up"), over the
-- provinces' published counts (national_counts): created when a national warehouse is
-- opened (national/warehouse.ts), with the rules of analytics/models/marts/rules.sql.
--
-- The counts are as of each month's publication (its as_of: a publication is a snapshot);
-- the as_of asked only bounds the months read. Months count whole: a range counts every
-- month whose first day is in it (the API's periods are whole months).
--
-- The provinces the roster expects that have published nothing held here: the one
-- definition the figures (national_area_sums), the ranking's members (country.*) and the
-- API's list of them (roster-unpublished.sql) read.
CREATE OR REPLACE VIEW national_roster_unpublished AS
SELECT r.province, r.name FROM national_roster r
WHERE r.expected AND NOT EXISTS (SELECT 1 FROM national_provinces p WHERE p.province = r.province);

-- national_area_sums: the pooled counts of every area of the kinds asked:
--   'unit'     each province (area: its code), each on all of its units;
--   'province' the country (area 'VN');
--   'level'    each level across the country (area: 'province', 'district', 'commune': the
--              provinces' own bodies, their districts, their communes).
-- units: the units with data or due; units_without_data: due and without any document in
-- the range (per unit, as a province's areas count them). A month of the range that a
-- province held here has not published (after its cut-off, or before its first month with
-- documents) has no counts of it: its units due that month by its published registry count
-- as units without data, as they do in the province's own figures when it has no document
-- of them, so that a missing publication makes the figures incomplete instead of leaving
-- the province out unseen (a country's figure of one province out of two looked complete).
-- In a range of several months, such a unit counts without data even if it has documents
-- in the months published (a quarter missing its last month looked complete).
-- provinces_unpublished: the provinces the roster expects (national_roster, migration 022)
-- whose units are not known for a month of the range: one that has published nothing held
-- here (for any range asked, also one after the cut-off: nothing of it is known), or one
-- that has not published a month of the scope for which its published registry has no unit
-- in force (a successor's registry starting on 1/7/2025, asked of an earlier month: its
-- units due then are not known, so they cannot count as units without data). Each counts
-- as a province not published in the country's figure, in every level's (each level lacks
-- its units) and in its own (an area of kind 'unit'), and a figure with any is not complete
-- (rates.sql, trend.sql).
-- communes_unregistered: the communes the roster expects of a province (from 1/7/2025) that
-- its published registry lacks in a month of the range (registry_months and after, below):
-- each counted once in units and in units_without_data as well. Of a range, the distinct
-- communes missing in some month of it, not the sum of its months'.
CREATE OR REPLACE MACRO national_area_sums(d_from, d_to, as_of, p_phase, kinds) AS TABLE
WITH scope AS (
  SELECT cds_month_start(d_from::DATE) AS lo, least(d_to::DATE, as_of::DATE) AS hi, p_phase::VARCHAR AS phase
), scoped AS (
  SELECT c.* FROM national_counts c, scope s
  WHERE c.month BETWEEN s.lo AND s.hi AND (s.phase = 'all' OR c.phase = s.phase)
), tagged AS (
  SELECT 'unit' AS area_kind, province AS area, * FROM scoped WHERE list_contains(kinds, 'unit')
  UNION ALL
  SELECT 'province', 'VN', * FROM scoped WHERE list_contains(kinds, 'province')
  UNION ALL
  SELECT 'level', level, * FROM scoped WHERE list_contains(kinds, 'level') AND level IS NOT NULL
), sums AS (
  SELECT area_kind, area,
         sum(out_total) AS out_total, sum(out_electronic) AS out_electronic, sum(out_signed) AS out_signed,
         sum(in_on_time) AS in_on_time, sum(in_late) AS in_late, sum(in_pending) AS in_pending,
         sum(secret_excluded) AS secret_excluded,
         sum(in_total) AS in_total, sum(in_electronic) AS in_electronic,
         sum(in_completed) AS in_completed, sum(in_processed_electronic) AS in_processed_electronic,
         sum(in_completed_unrecorded) AS in_completed_unrecorded,
         sum(quarantined_rows) AS quarantined_rows,
         sum(quarantined_rows) FILTER (WHERE unit_code IS NULL) AS quarantined_rows_unknown_unit,
         sum(quarantined_as_out) AS as_out, sum(quarantined_as_late) AS as_late, sum(quarantined_as_in) AS as_in, sum(quarantined_as_completed) AS as_completed
  FROM tagged GROUP BY ALL
), months AS (
  SELECT unnest(generate_series(s.lo, s.hi, INTERVAL 1 MONTH))::DATE AS month FROM scope s WHERE s.lo <= s.hi
), unpublished AS (
  -- each with its last day in scope (the month's, or the cut-off asked)
  SELECT p.province, m.month, least(last_day(m.month), s.hi) AS until, s.phase
  FROM national_provinces p CROSS JOIN months m CROSS JOIN scope s
  WHERE NOT EXISTS (SELECT 1 FROM national_months nm WHERE nm.province = p.province AND nm.month = m.month)
), unpublished_units AS (
  -- as publish-counts.sql finds the units due: in force on a day of the month (up to the
  -- cut-off asked), with the level of their last version in it, due by their milestone
  SELECT x.province, r.code AS unit_code, arg_max(r.level, r.valid_from) AS level,
         bool_or(CASE WHEN x.phase = 'all'
                      THEN coalesce(cds_unit_due(r.milestone, x.month, x.until, 'required'), false)
                        OR coalesce(cds_unit_due(r.milestone, x.month, x.until, 'baseline'), false)
                      ELSE coalesce(cds_unit_due(r.milestone, x.month, x.until, x.phase), false) END) AS due
  FROM unpublished x
  JOIN national_registry r ON r.province = x.province AND r.valid_from <= x.until AND r.valid_to >= x.month
  GROUP BY x.province, x.month, r.code
), unpublished_tagged AS (
  SELECT 'unit' AS area_kind, province AS area, province, unit_code, due FROM unpublished_units WHERE due AND list_contains(kinds, 'unit')
  UNION ALL
  SELECT 'province', 'VN', province, unit_code, due FROM unpublished_units WHERE due AND list_contains(kinds, 'province')
  UNION ALL
  SELECT 'level', level, province, unit_code, due FROM unpublished_units WHERE due AND list_contains(kinds, 'level') AND level IS NOT NULL
), unknown_months AS (
  -- a month a province has not published for which its registry has no unit in force:
  -- nothing of it is known (units_unknown below counts it, when expected, as not published)
  SELECT x.province, x.month FROM unpublished x
  WHERE NOT EXISTS (SELECT 1 FROM national_registry g WHERE g.province = x.province AND g.valid_from <= x.until AND g.valid_to >= x.month)
), registry_months AS (
  -- the registry against the roster's communes (national_roster.communes, migration 023):
  -- each province held here, each month of the scope from 1/7/2025 (when the roster's map
  -- came into force) whose units are known. A phase 'baseline' has none: every commune was
  -- due from 1/9/2020.
  SELECT p.province, m.month, r.communes AS expected
  FROM national_provinces p JOIN national_roster r USING (province) CROSS JOIN months m CROSS JOIN scope s
  -- an anti join written as a left join: the correlated NOT EXISTS fails to bind in DuckDB
  -- 1.5.5 when trend.sql calls this macro LATERAL (no correlated subquery below either)
  LEFT JOIN unknown_months u ON u.province = p.province AND u.month = m.month
  WHERE r.communes IS NOT NULL AND m.month >= DATE '2025-07-01' AND s.phase <> 'baseline' AND u.province IS NULL
), registry_in_force AS (
  -- its communes, wards and special zones in force on some day of the month, as a
  -- publication counts its units (publish-counts.sql): a map changed within the month
  -- counts its old and new communes, and one the counts hold is never missing here
  SELECT DISTINCT x.province, x.month, g.code
  FROM registry_months x
  JOIN national_registry g ON g.province = x.province AND g.level = 'commune' AND g.valid_from <= last_day(x.month) AND g.valid_to >= x.month
), registry_first AS (
  -- each commune's first month in force in the scope
  SELECT province, code, min(month) AS first_month FROM registry_in_force GROUP BY ALL
), registry_short_months AS (
  -- the months it has fewer than the roster: a registry of part of the province (a
  -- predecessor's, published under its successor's code and name, which the roll-up's
  -- checks of code and name let pass) would otherwise count the part as the whole, complete
  SELECT x.province, x.month, x.expected - count(f.code) AS shortfall
  FROM registry_months x LEFT JOIN registry_in_force f ON f.province = x.province AND f.month = x.month
  GROUP BY x.province, x.month, x.expected
  HAVING count(f.code) < x.expected
), registry_gap_units AS (
  -- a commune the registry has only from a month after one it is short in (registered
  -- late): that month's documents of it are not here, so it is without data for the range,
  -- as a unit of a month not published is. One that ended before a short month is not
  -- missing from it: it was replaced.
  SELECT DISTINCT c.province, c.code AS unit_code
  FROM registry_first c JOIN registry_short_months s ON s.province = c.province AND s.month < c.first_month
), registry_never AS (
  -- the communes of a short month that no later commune of the registry accounts for: no
  -- code of them is known in the scope, so they count as units and as units without data
  -- here, not through per_unit; of a range, the most any month lacks
  SELECT s.province, greatest(0, max(s.shortfall - s.late)) AS never_known
  FROM (
    SELECT s.province, s.month, s.shortfall, count(c.code) AS late
    FROM registry_short_months s LEFT JOIN registry_first c ON c.province = s.province AND c.first_month > s.month
    GROUP BY s.province, s.month, s.shortfall
  ) s
  GROUP BY s.province
), registry_gaps AS (
  -- communes_unregistered: the communes missing from the registry in a month of the scope,
  -- known in a later month or never
  SELECT province, sum(never_known) AS never_known, sum(never_known) + sum(gap_units) AS communes_unregistered
  FROM (
    SELECT province, never_known, 0 AS gap_units FROM registry_never
    UNION ALL SELECT province, 0, count(*) FROM registry_gap_units GROUP BY province
  )
  GROUP BY province
  HAVING sum(never_known) + sum(gap_units) > 0
), gap_tagged AS (
  SELECT 'unit' AS area_kind, province AS area, province, unit_code FROM registry_gap_units WHERE list_contains(kinds, 'unit')
  UNION ALL SELECT 'province', 'VN', province, unit_code FROM registry_gap_units WHERE list_contains(kinds, 'province')
  UNION ALL SELECT 'level', 'commune', province, unit_code FROM registry_gap_units WHERE list_contains(kinds, 'level')
), gap_counts AS (
  SELECT area_kind, area, sum(never_known) AS never_known, sum(communes_unregistered) AS communes_unregistered FROM (
    SELECT 'unit' AS area_kind, province AS area, never_known, communes_unregistered FROM registry_gaps WHERE list_contains(kinds, 'unit')
    UNION ALL SELECT 'province', 'VN', never_known, communes_unregistered FROM registry_gaps WHERE list_contains(kinds, 'province')
    UNION ALL SELECT 'level', 'commune', never_known, communes_unregistered FROM registry_gaps WHERE list_contains(kinds, 'level')
  ) GROUP BY ALL
), per_unit AS (
  SELECT area_kind, area, province, unit_code, bool_or(due) AS due, bool_or(has_data) AS has_data,
         bool_or(unpublished) AS due_unpublished
  FROM (
    SELECT area_kind, area, province, unit_code, due, has_data, false AS unpublished FROM tagged WHERE unit_code IS NOT NULL
    UNION ALL
    SELECT area_kind, area, province, unit_code, due, false, true FROM unpublished_tagged
    UNION ALL
    SELECT area_kind, area, province, unit_code, true, false, true FROM gap_tagged
  )
  GROUP BY ALL
), never_published AS (
  SELECT province FROM national_roster_unpublished WHERE cds_month_start(d_from::DATE) <= d_to::DATE
), units_unknown AS (
  SELECT province FROM never_published
  UNION
  SELECT x.province FROM unknown_months x
  WHERE EXISTS (SELECT 1 FROM national_roster r WHERE r.province = x.province AND r.expected)
), units_unknown_counts AS (
  SELECT area_kind, area, count(*) AS provinces_unpublished FROM (
    SELECT 'unit' AS area_kind, province AS area FROM units_unknown WHERE list_contains(kinds, 'unit')
    UNION ALL SELECT 'province', 'VN' FROM units_unknown WHERE list_contains(kinds, 'province')
    -- no province has districts from 1/7/2025 (Resolution 202/2025/QH15): a range from
    -- then lacks no district of a province not published
    UNION ALL SELECT 'level', l.level FROM units_unknown, (SELECT unnest(['province', 'district', 'commune']) AS level) l
      WHERE list_contains(kinds, 'level') AND (l.level <> 'district' OR cds_month_start(d_from::DATE) < DATE '2025-07-01')
  ) GROUP BY ALL
), areas AS (
  SELECT 'unit' AS area_kind, province AS area FROM national_provinces WHERE list_contains(kinds, 'unit')
  UNION ALL SELECT 'unit', province FROM never_published WHERE list_contains(kinds, 'unit')
  UNION ALL SELECT 'province', 'VN' WHERE list_contains(kinds, 'province')
  UNION ALL SELECT 'level', unnest(['province', 'district', 'commune']) WHERE list_contains(kinds, 'level')
), unit_stats AS (
  -- a unit due in a month its province has not published is without data for the range,
  -- whatever it sent in the other months: the documents of that month are not here, and a
  -- quarter with one month missing must not look complete
  SELECT area_kind, area, count(*) FILTER (WHERE due OR has_data) AS units,
         count(*) FILTER (WHERE (due AND NOT has_data) OR due_unpublished) AS units_without_data
  FROM per_unit GROUP BY ALL
)
SELECT
  a.area_kind, a.area,
  (coalesce(u.units, 0) + coalesce(k.never_known, 0))::BIGINT AS units,
  coalesce(s.out_total, 0)::BIGINT AS out_total, coalesce(s.out_electronic, 0)::BIGINT AS out_electronic,
  coalesce(s.out_signed, 0)::BIGINT AS out_signed, coalesce(s.in_on_time, 0)::BIGINT AS in_on_time,
  coalesce(s.in_late, 0)::BIGINT AS in_late, coalesce(s.in_pending, 0)::BIGINT AS in_pending,
  coalesce(s.secret_excluded, 0)::BIGINT AS secret_excluded,
  coalesce(s.quarantined_rows, 0)::BIGINT AS quarantined_rows, (coalesce(u.units_without_data, 0) + coalesce(k.never_known, 0))::BIGINT AS units_without_data,
  coalesce(s.as_out, 0)::BIGINT AS as_out, coalesce(s.as_late, 0)::BIGINT AS as_late, coalesce(s.as_in, 0)::BIGINT AS as_in, coalesce(s.as_completed, 0)::BIGINT AS as_completed,
  0::BIGINT AS carried_units, 0::BIGINT AS ended_codes,
  coalesce(s.quarantined_rows_unknown_unit, 0)::BIGINT AS quarantined_rows_unknown_unit,
  coalesce(s.in_total, 0)::BIGINT AS in_total, coalesce(s.in_electronic, 0)::BIGINT AS in_electronic,
  coalesce(s.in_completed, 0)::BIGINT AS in_completed, coalesce(s.in_processed_electronic, 0)::BIGINT AS in_processed_electronic,
  coalesce(s.in_completed_unrecorded, 0)::BIGINT AS in_completed_unrecorded,
  coalesce(n.provinces_unpublished, 0)::BIGINT AS provinces_unpublished,
  coalesce(k.communes_unregistered, 0)::BIGINT AS communes_unregistered
FROM areas a
LEFT JOIN sums s USING (area_kind, area)
LEFT JOIN unit_stats u USING (area_kind, area)
LEFT JOIN units_unknown_counts n USING (area_kind, area)
LEFT JOIN gap_counts k USING (area_kind, area);

CREATE SCHEMA IF NOT EXISTS country;

-- The objects analytics/queries/ranking.sql reads, by the names it reads them, in the schema
-- `country`: NationalFigures.ranking runs it with search_path 'country,main', so that it
-- ranks the provinces (level 'province': each province a member, on its own pooled counts)
-- by the same rules, whatever the warehouse's own registry tables hold.

-- The members: the provinces that published and those the roster expects that have not
-- (national_roster_unpublished), so that a province that never published is listed, not
-- ranked ("no data"), and not complete, instead of missing from the ranking unseen.
CREATE OR REPLACE VIEW country.unit_versions AS
SELECT province AS code, DATE '1900-01-01' AS valid_from, DATE '9999-12-31' AS valid_to, name, name AS short_name,
       'province' AS level, 'tinh' AS kind, 'VN' AS parent_code, NULL::DOUBLE AS lat, NULL::DOUBLE AS lon
FROM (SELECT province, name FROM national_provinces UNION ALL SELECT province, name FROM national_roster_unpublished);

-- area_counts with the arguments and columns of the province's (analytics/models/marts/
-- area_counts.sql). The map_date does not apply: a province's map is its own (its
-- manifest's map_version). A province whose units are not known for a month
-- (provinces_unpublished) counts here as one member without data, so that ranking.sql finds
-- it not complete, whatever ranking.incompleteUnits does; NationalFigures.ranking takes it
-- out of units_without_data again and says it apart (provinces_unpublished).
CREATE OR REPLACE MACRO country.area_counts(d_from, d_to, as_of, p_phase, map_date, kinds) AS TABLE
SELECT area_kind, area, units, out_total, out_electronic, out_signed, in_on_time, in_late, in_pending, secret_excluded,
       quarantined_rows, units_without_data + provinces_unpublished AS units_without_data, as_out, as_late, as_in, as_completed, carried_units, ended_codes
FROM national_area_sums(d_from, d_to, as_of, p_phase, kinds);

-- The rest of what analytics/queries/ranking.sql reads (issue 16's received and processed
-- rates and paper_to_office), by the same names and columns, each province one member.
-- unit_map: a province's counts are its own, on every date.
CREATE OR REPLACE VIEW country.unit_map AS
SELECT 'unit' AS area_kind, province AS area, province AS code,
       DATE '1900-01-01' AS doc_from, DATE '9999-12-31' AS doc_to,
       DATE '1900-01-01' AS map_from, DATE '9999-12-31' AS map_to
FROM (SELECT province FROM national_provinces UNION ALL SELECT province FROM national_roster_unpublished);

-- unit_month_received / unit_month_processed: per province and month, as the province's
-- marts count them (national_counts holds both phases; months count whole, as above).
CREATE OR REPLACE MACRO country.unit_month_received(d_from, d_to, as_of, p_phase) AS TABLE
SELECT c.province AS unit_code, c.month, sum(c.in_total)::BIGINT AS in_total, sum(c.in_electronic)::BIGINT AS in_electronic
FROM national_counts c
WHERE c.month BETWEEN cds_month_start(d_from::DATE) AND least(d_to::DATE, as_of::DATE)
  AND (p_phase::VARCHAR = 'all' OR c.phase = p_phase::VARCHAR)
GROUP BY ALL;

CREATE OR REPLACE MACRO country.unit_month_processed(d_from, d_to, as_of, p_phase) AS TABLE
SELECT c.province AS unit_code, c.month, sum(c.in_completed)::BIGINT AS in_completed,
       sum(c.in_processed_electronic)::BIGINT AS in_processed_electronic,
       sum(c.in_completed_unrecorded)::BIGINT AS in_completed_unrecorded
FROM national_counts c
WHERE c.month BETWEEN cds_month_start(d_from::DATE) AND least(d_to::DATE, as_of::DATE)
  AND (p_phase::VARCHAR = 'all' OR c.phase = p_phase::VARCHAR)
GROUP BY ALL;

-- paper_to_office is a provincial body's violation towards its own Provincial Office: a
-- publication does not carry it, so a national scorecard may not penalise it
-- (NationalFigures refuses one that does) and every province has none here.
CREATE OR REPLACE MACRO country.paper_sent_to_office(office, d_from, d_to, as_of) AS TABLE
SELECT province AS unit_code, 0::BIGINT AS paper_to_office FROM (SELECT province FROM national_provinces UNION ALL SELECT province FROM national_roster_unpublished);
