// Documents across the map changes of 1/12/2024 and 1/7/2025 (issue 17), shared by
// test/map-changes.test.ts (figures worked out by hand there) and the dashboard's test.
// unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time
// Hand-written exports dated after each change. Outgoing only: out / electronic / signed.
export const MAP_DOCS = [
  // October 2024, the map of 27 districts: Đông Sơn (405), its commune Đông Hoàng (16381),
  // Thanh Hóa city (380) and its ward Tân Sơn (14788, merged into Phú Sơn 14770 on 1/12/2024)
  '405,D1,out,1/UBND,Công văn,,2024-10-05 08:00,normal,electronic,true,,',
  '405,D2,out,2/UBND,Công văn,,2024-10-05 09:00,normal,paper,false,,',
  '16381,D3,out,1/UBND,Công văn,,2024-10-06 08:00,normal,electronic,true,,',
  '380,D4,out,3/UBND,Công văn,,2024-10-07 08:00,normal,electronic,false,,',
  '14788,D5,out,1/UBND,Công văn,,2024-10-08 08:00,normal,electronic,true,,',
  // December 2024, 26 districts; Tân Sơn's and Đông Sơn's systems still send their old codes
  '380,E1,out,4/UBND,Công văn,,2024-12-03 08:00,normal,electronic,true,,',
  '14788,E2,out,2/UBND,Công văn,,2024-12-04 08:00,normal,paper,false,,',
  '405,E3,out,5/UBND,Công văn,,2024-12-05 08:00,normal,electronic,true,,',
  // June 2025: Đông Thọ (14758), split on 1/7/2025 between Hàm Rồng (14758, main) and Hạc Thành (14797)
  '14758,F1,out,1/UBND,Công văn,,2025-06-10 08:00,normal,electronic,true,,',
  '14758,F2,out,2/UBND,Công văn,,2025-06-11 08:00,normal,paper,false,,',
  // July 2025, the map of 166 communes: the new Hàm Rồng
  '14758,H1,out,3/UBND,Công văn,,2025-07-03 08:00,normal,electronic,true,,',
  // August 2025: old Hàm Rồng's code (14755, into the new Hàm Rồng), Tân Sơn's (14788 → Phú
  // Sơn → Hạc Thành), and the new units' own codes
  '14755,G1,out,1/UBND,Công văn,,2025-08-05 08:00,normal,electronic,true,,',
  '14788,G2,out,3/UBND,Công văn,,2025-08-06 08:00,normal,electronic,false,,',
  '14797,G3,out,1/UBND,Công văn,,2025-08-07 08:00,normal,electronic,true,,',
  '14758,G4,out,4/UBND,Công văn,,2025-08-08 08:00,normal,paper,false,,',
];

