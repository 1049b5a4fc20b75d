-- The number of commune-level units (xã, phường, đặc khu) of each province on the roster from
-- 1/7/2025 (issue 19; README "National roll-up"), as the Standing Committee's 34 resolutions
-- of June 2025 on the arrangement of commune-level units set them (3,321 in all). A
-- province's published registry with fewer in force in a month from 1/7/2025 is of part of
-- the province (a predecessor's, before a merger): the communes it lacks count as units
-- without data in that month's figures, so that the part is not counted as the whole,
-- complete (national/sql/macros.sql, registry_short). NULL: nothing is checked.
ALTER TABLE national_roster ADD COLUMN communes INTEGER;

UPDATE national_roster SET communes = c.communes
FROM (VALUES
  ('01', 126), ('04', 56), ('08', 124), ('11', 45), ('12', 38), ('14', 75), ('15', 99),
  ('19', 92), ('20', 65), ('22', 54), ('24', 99), ('25', 148), ('31', 114), ('33', 104),
  ('37', 129), ('38', 166), ('40', 130), ('42', 69), ('44', 78), ('46', 40), ('48', 94),
  ('51', 96), ('52', 135), ('56', 65), ('66', 102), ('68', 124), ('75', 95), ('79', 168),
  ('80', 96), ('82', 102), ('86', 124), ('91', 102), ('92', 103), ('96', 64)
) AS c(province, communes)
WHERE national_roster.province = c.province;
