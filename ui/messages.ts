/**
 * What the dashboard says when the API refuses: one Vietnamese message per error code of
 * the service (every `new AppError(…)` code; test/ui-messages.test.ts reads the server's
 * sources and fails when a code has no message here). The API's English `message` is for
 * scripts and is never shown: a person reads the message of its code.
 */
export const ERROR_MESSAGES: Readonly<Record<string, string>> = {
  // sign-in, sessions, roles
  unauthenticated: 'Phiên làm việc đã hết hạn hoặc chưa đăng nhập. Vui lòng đăng nhập lại.',
  invalid_credentials: 'Sai tên đăng nhập hoặc mật khẩu.',
  invalid_token: 'Mã truy cập (token) không hợp lệ hoặc đã bị thu hồi.',
  too_many_attempts: 'Đăng nhập sai quá nhiều lần; vui lòng thử lại sau ít phút.',
  too_many_requests: 'Quá nhiều yêu cầu trong thời gian ngắn; vui lòng thử lại sau ít giây.',
  forbidden: 'Tài khoản của bạn không được xem nội dung này.',
  csrf: 'Phiên làm việc không còn hợp lệ; vui lòng tải lại trang.',
  cross_origin: 'Chỉ đăng nhập được từ chính trang này.',
  unsupported_media_type: 'Yêu cầu gửi lên không đúng định dạng.',
  body_too_large: 'Dữ liệu gửi lên quá lớn.',
  // accounts and tokens (administration)
  invalid_body: 'Dữ liệu gửi lên không hợp lệ.',
  invalid_role: 'Vai trò tài khoản không hợp lệ.',
  invalid_user: 'Thông tin tài khoản không hợp lệ (tổ công tác hoặc đơn vị không khớp với vai trò).',
  invalid_username: 'Tên đăng nhập không hợp lệ: 2–64 ký tự gồm chữ thường, chữ số, dấu chấm, gạch ngang, gạch dưới.',
  weak_password: 'Mật khẩu phải có ít nhất 10 ký tự.',
  user_exists: 'Tên đăng nhập này đã có.',
  unknown_user: 'Không có tài khoản này.',
  unknown_token: 'Không có mã truy cập này.',
  self_removal: 'Quản trị viên không thể tự xóa tài khoản của mình.',
  unknown_team: 'Không có tổ công tác này.',
  // alerts and subscriptions
  unknown_rule: 'Không có quy tắc cảnh báo này.',
  rule_from_settings: 'Quy tắc này được khai báo trong tệp cấu hình; hãy sửa trong tệp cấu hình.',
  subscription_not_allowed: 'Tài khoản của bạn không được đăng ký nhận loại tin này.',
  unknown_webhook: 'Không có địa chỉ nhận tin tự động (webhook) này trong cấu hình.',
  unknown_subscription: 'Không có đăng ký nhận tin này.',
  unknown_message: 'Không có tệp thư này.',
  // parameters of the figures
  invalid_parameter: 'Tham số không hợp lệ; hãy kiểm tra kỳ báo cáo và ngày số liệu.',
  invalid_period: 'Kỳ báo cáo không hợp lệ.',
  missing_period: 'Chưa chọn kỳ báo cáo.',
  invalid_date: 'Ngày không hợp lệ (ngoài khoảng cho phép hoặc sai định dạng).',
  invalid_month: 'Tháng không hợp lệ.',
  unknown_unit: 'Không có đơn vị này trong danh mục.',
  unknown_area: 'Không có địa bàn này.',
  not_found: 'Không tìm thấy nội dung yêu cầu.',
  // reports and frozen figures
  not_frozen: 'Số liệu kỳ này chưa được chốt.',
  period_frozen: 'Số liệu kỳ này đã được chốt; không thể lập lại với ngày số liệu khác.',
  unknown_version: 'Không có phiên bản số liệu đã chốt này.',
  // sources, loads, backups
  unknown_source: 'Không có nguồn dữ liệu này.',
  invalid_export: 'Tệp không phải tệp xuất sổ văn bản đọc được.',
  truncated_export: 'Dữ liệu nhận được bị cắt ngắn; lần nạp này không được giữ lại.',
  database_locked: 'Cơ sở dữ liệu đang được một tiến trình khác sử dụng.',
  // the national roll-up (npm run publish, npm run national)
  nothing_to_publish: 'Kho dữ liệu chưa có văn bản nào: chưa có gì để công bố.',
  invalid_range: 'Khoảng tháng công bố không hợp lệ.',
  national_warehouse_missing: 'Không có kho số liệu quốc gia tại đường dẫn đã cho: hãy tạo kho bằng lệnh tổng hợp số liệu quốc gia trước.',
  not_national: 'Tệp này là kho dữ liệu của một tỉnh, không phải kho tổng hợp toàn quốc.',
  not_province: 'Tệp này là kho tổng hợp toàn quốc, không phải kho dữ liệu của một tỉnh: hãy mở bằng chế độ toàn quốc.',
  as_of_in_future: 'Ngày chốt số liệu công bố sau ngày hôm nay: hãy công bố tính đến hôm nay hoặc một ngày trước đó.',
  not_a_publication: 'Thư mục này không phải là bản công bố số liệu.',
  invalid_manifest: 'Tệp kê khai của bản công bố không đọc được.',
  schema_mismatch: 'Bản công bố của tỉnh theo phiên bản lược đồ khác với kho toàn quốc: chưa nạp gì.',
  checksum_mismatch: 'Một tệp của bản công bố không khớp mã kiểm tra: chưa nạp gì.',
  national_scorecard_paper_to_office: 'Kho số liệu toàn quốc không áp dụng được điểm trừ "gửi giấy đến Văn phòng UBND tỉnh": bản công bố của các tỉnh không có số liệu này.',
  duplicate_province: 'Một tỉnh có hai bản công bố trong cùng lần tổng hợp.',
  province_changed: 'Bản công bố mang mã của một tỉnh đã có trong kho nhưng với tên hoặc danh mục đơn vị khác: chưa nạp gì.',
  older_publication: 'Bản công bố của tỉnh cũ hơn số liệu tháng đó đang lưu trong kho: chưa nạp gì. Nếu thực sự muốn quay lại số liệu cũ, hãy rút tháng đó khỏi kho trước rồi tổng hợp lại.',
  same_counts_two_provinces: 'Hai tỉnh công bố cùng một tệp số liệu (số liệu của một tỉnh mang hai mã): chưa nạp gì.',
  not_held: 'Kho số liệu toàn quốc không có tỉnh hoặc tháng cần rút ra: chưa rút gì.',
  not_on_roster: 'Mã tỉnh không có trong danh sách 34 tỉnh, thành phố từ 01/7/2025: chưa thay đổi gì.',
  province_not_on_roster: 'Bản công bố mang mã tỉnh không thuộc 34 tỉnh, thành phố từ 01/7/2025: chưa nạp gì.',
  roster_name_mismatch: 'Tên tỉnh trong bản công bố không khớp với mã tỉnh từ 01/7/2025: chưa nạp gì.',
  no_backup: 'Không có bản sao lưu này.',
  bad_backup: 'Tệp không phải bản sao lưu của hệ thống này.',
  // configuration (said at start-up; listed so that no code reaches a person in English)
  invalid_environment: 'Cấu hình môi trường của máy chủ không hợp lệ.',
  settings_unreadable: 'Máy chủ không đọc được tệp cấu hình.',
  settings_invalid: 'Tệp cấu hình của máy chủ không hợp lệ.',
  registry_invalid: 'Danh mục đơn vị của máy chủ không hợp lệ.',
  internal_error: 'Máy chủ gặp lỗi; lỗi đã được ghi lại. Vui lòng thử lại sau.',
  warehouse_unavailable: 'Kho dữ liệu không phản hồi; cần khởi động lại dịch vụ. Vui lòng báo quản trị hệ thống.',
};

/** By HTTP status, for a code the catalogue lacks (a newer server) or a reply that is not JSON. */
const BY_STATUS: Readonly<Record<number, string>> = {
  400: 'Yêu cầu không hợp lệ.',
  401: ERROR_MESSAGES['unauthenticated']!,
  403: ERROR_MESSAGES['forbidden']!,
  404: ERROR_MESSAGES['not_found']!,
  409: 'Yêu cầu xung đột với trạng thái hiện tại của số liệu.',
  413: ERROR_MESSAGES['body_too_large']!,
  422: 'Dữ liệu không xử lý được.',
  429: ERROR_MESSAGES['too_many_requests']!,
};

export const NETWORK_ERROR = 'Không kết nối được máy chủ; hãy kiểm tra mạng rồi thử lại.';

/** The Vietnamese message of an error code (and its HTTP status, for a code not listed). */
export function messageOf(code: string, status: number, retryAfter?: string | null): string {
  const base = ERROR_MESSAGES[code] ?? BY_STATUS[status] ?? (status >= 500 ? ERROR_MESSAGES['internal_error']! : 'Không thực hiện được yêu cầu.');
  if (status === 429 && retryAfter && /^\d+$/.test(retryAfter)) return base.replace(/sau (ít giây|ít phút)/, `sau ${retryAfter} giây`);
  return base;
}

/** Any error as a person reads it: an ApiError carries its catalogue message; anything else is a network failure. */
export function errorText(e: unknown): string {
  if (e instanceof Error && e.name === 'ApiError') return e.message;
  if (e instanceof DOMException && e.name === 'AbortError') return 'Yêu cầu đã bị hủy.';
  return NETWORK_ERROR;
}
