-- The level of unit $code (no row when the registry lacks it).
SELECT level FROM units WHERE code = $code;
