import type { CanonicalField, CodedField } from './canonical.ts';

/**
 * Spellings accepted out of the box, as the document systems used by Vietnamese state
 * bodies write them. Matching ignores letter case, Unicode form (NFC/NFD) and, for
 * headers, diacritics, spacing and punctuation. Anything else maps through a per-source
 * mapping in settings.json.
 */
export const HEADER_SPELLINGS: Record<CanonicalField, readonly string[]> = {
  unit_code: ['unit_code', 'Mã đơn vị', 'Mã ĐV', 'Mã cơ quan', 'Mã định danh đơn vị'],
  doc_id: ['doc_id', 'Mã văn bản', 'ID văn bản', 'Mã định danh văn bản', 'Mã hồ sơ'],
  direction: ['direction', 'Loại sổ', 'Sổ văn bản', 'Văn bản đi/đến', 'Đi/Đến', 'Chiều'],
  number: ['number', 'Số ký hiệu', 'Số, ký hiệu', 'Số/Ký hiệu', 'Số hiệu', 'Số và ký hiệu'],
  doc_type: ['doc_type', 'Loại văn bản', 'Thể loại', 'Hình thức văn bản'],
  doc_date: ['doc_date', 'Ngày văn bản', 'Ngày ban hành', 'Ngày ký'],
  event_time: ['event_time', 'Thời gian gửi/nhận', 'Ngày gửi/nhận', 'Thời điểm gửi/nhận', 'Ngày giờ gửi/nhận', 'Ngày gửi', 'Ngày nhận', 'Ngày đến'],
  security: ['security', 'Độ mật', 'Mức độ mật', 'Độ bảo mật'],
  channel: ['channel', 'Hình thức', 'Hình thức gửi/nhận', 'Hình thức gửi', 'Phương thức', 'Kênh'],
  signed: ['signed', 'Ký số', 'Đã ký số', 'Chữ ký số'],
  deadline: ['deadline', 'Hạn xử lý', 'Hạn giải quyết', 'Thời hạn xử lý'],
  completed_time: ['completed_time', 'Ngày hoàn thành', 'Thời gian hoàn thành', 'Ngày xử lý xong', 'Ngày kết thúc'],
  // incoming documents: who sent it (a registry code, or the name of a body outside the registry)
  sender: ['sender', 'Nơi gửi', 'Cơ quan gửi', 'Đơn vị gửi', 'Cơ quan, đơn vị gửi', 'Nơi gửi văn bản'],
  // incoming documents: handled as an electronic work file ("xử lý trên môi trường mạng")
  processed_electronic: ['processed_electronic', 'Xử lý trên môi trường mạng', 'Hồ sơ điện tử', 'Xử lý điện tử', 'Xử lý trên môi trường điện tử', 'Xử lý trên mạng'],
};

export const VALUE_SPELLINGS: Record<CodedField, Record<string, readonly string[]>> = {
  direction: {
    out: ['out', 'đi', 'văn bản đi', 'vb đi', 'outgoing', 'phát hành'],
    in: ['in', 'đến', 'văn bản đến', 'vb đến', 'incoming'],
  },
  security: {
    normal: ['normal', 'thường', 'bình thường', 'không mật'],
    secret: ['secret', 'mật'],
    top_secret: ['top_secret', 'top secret', 'tối mật'],
    absolute_secret: ['absolute_secret', 'absolute secret', 'tuyệt mật'],
  },
  channel: {
    electronic: ['electronic', 'điện tử', 'văn bản điện tử', 'bản điện tử', 'đt'],
    paper: ['paper', 'giấy', 'văn bản giấy', 'bản giấy'],
    both: ['both', 'điện tử và giấy', 'giấy và điện tử', 'điện tử + giấy', 'điện tử, giấy', 'cả hai'],
  },
  signed: {
    // x, v, ✓ and ✔ are the marks of a checkbox column (field-rules.ts: an empty cell there is "no")
    true: ['true', 'có', 'x', 'v', '✓', '✔', '1', 'yes', 'y', 'đã ký', 'đã ký số'],
    false: ['false', 'không', '0', 'no', 'n', 'chưa ký', 'chưa ký số'],
  },
  processed_electronic: {
    true: ['true', 'có', 'x', 'v', '✓', '✔', '1', 'yes', 'y', 'điện tử', 'trên môi trường mạng', 'đã xử lý điện tử', 'hồ sơ điện tử'],
    false: ['false', 'không', '0', 'no', 'n', 'giấy', 'hồ sơ giấy', 'xử lý trên giấy'],
  },
};
