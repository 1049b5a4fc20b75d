-- The provinces a national warehouse expects publications from (issue 19; README "National
-- roll-up"): the 34 provincial-level units in force since 1/7/2025, by their codes and names
-- in Decision 19/2025/QĐ-TTg (the list of Resolution 202/2025/QH15). A province on the roster
-- that has published nothing held here is not left out unseen: the country's and every
-- level's figure count it as a province not published and are not complete, and it is listed
-- (national/sql/macros.sql). `expected` false takes a province off what is expected (a pilot
-- over some provinces: npm run national -- --expect 38,40); a province that publishes is
-- counted whether expected or not. A publication under a code that is not on the roster (a
-- province's old code), or under another province's name, is refused (national/rollup.ts).
-- In a province's warehouse the table is unused.
CREATE TABLE national_roster (
  province      VARCHAR PRIMARY KEY,
  name          VARCHAR NOT NULL,  -- as the dashboard names it
  official_name VARCHAR NOT NULL,  -- as Decision 19/2025/QĐ-TTg names it
  expected      BOOLEAN NOT NULL DEFAULT true
);

INSERT INTO national_roster (province, name, official_name) VALUES
  ('01', 'Hà Nội', 'Thành phố Hà Nội'),
  ('04', 'Cao Bằng', 'Tỉnh Cao Bằng'),
  ('08', 'Tuyên Quang', 'Tỉnh Tuyên Quang'),
  ('11', 'Điện Biên', 'Tỉnh Điện Biên'),
  ('12', 'Lai Châu', 'Tỉnh Lai Châu'),
  ('14', 'Sơn La', 'Tỉnh Sơn La'),
  ('15', 'Lào Cai', 'Tỉnh Lào Cai'),
  ('19', 'Thái Nguyên', 'Tỉnh Thái Nguyên'),
  ('20', 'Lạng Sơn', 'Tỉnh Lạng Sơn'),
  ('22', 'Quảng Ninh', 'Tỉnh Quảng Ninh'),
  ('24', 'Bắc Ninh', 'Tỉnh Bắc Ninh'),
  ('25', 'Phú Thọ', 'Tỉnh Phú Thọ'),
  ('31', 'Hải Phòng', 'Thành phố Hải Phòng'),
  ('33', 'Hưng Yên', 'Tỉnh Hưng Yên'),
  ('37', 'Ninh Bình', 'Tỉnh Ninh Bình'),
  ('38', 'Thanh Hóa', 'Tỉnh Thanh Hóa'),
  ('40', 'Nghệ An', 'Tỉnh Nghệ An'),
  ('42', 'Hà Tĩnh', 'Tỉnh Hà Tĩnh'),
  ('44', 'Quảng Trị', 'Tỉnh Quảng Trị'),
  ('46', 'Huế', 'Thành phố Huế'),
  ('48', 'Đà Nẵng', 'Thành phố Đà Nẵng'),
  ('51', 'Quảng Ngãi', 'Tỉnh Quảng Ngãi'),
  ('52', 'Gia Lai', 'Tỉnh Gia Lai'),
  ('56', 'Khánh Hòa', 'Tỉnh Khánh Hòa'),
  ('66', 'Đắk Lắk', 'Tỉnh Đắk Lắk'),
  ('68', 'Lâm Đồng', 'Tỉnh Lâm Đồng'),
  ('75', 'Đồng Nai', 'Tỉnh Đồng Nai'),
  ('79', 'TP. Hồ Chí Minh', 'Thành phố Hồ Chí Minh'),
  ('80', 'Tây Ninh', 'Tỉnh Tây Ninh'),
  ('82', 'Đồng Tháp', 'Tỉnh Đồng Tháp'),
  ('86', 'Vĩnh Long', 'Tỉnh Vĩnh Long'),
  ('91', 'An Giang', 'Tỉnh An Giang'),
  ('92', 'Cần Thơ', 'Thành phố Cần Thơ'),
  ('96', 'Cà Mau', 'Tỉnh Cà Mau');
