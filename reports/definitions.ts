import type { Scorecard, Settings } from '../config.ts';
import { DAMAGED_TEXT_RULE, FIELD_RULES, MISSING_DATA_PRINCIPLE } from '../ingest/mapping/field-rules.ts';
import { viDate } from './vi-text.ts';

/**
 * The definitions printed with every report, in Vietnamese: the README's definitions of
 * the figures (the contract), in the words of the people who read the reports.
 */
const RULE_TEXT: Record<Settings['ranking']['incompleteUnits'], string> = {
  count_against: 'mỗi văn bản lỗi chưa xử lý của đơn vị được tính như một văn bản chưa đạt (văn bản đi: không gửi điện tử, không ký số; văn bản đến có hạn xử lý: trễ hạn), để đơn vị không được lợi vì dữ liệu xuất bị lỗi',
  as_computed: 'xếp hạng theo số liệu hiện có, văn bản lỗi chưa xử lý không được tính',
  unranked: 'đơn vị chưa đủ dữ liệu không được xếp hạng',
};

const RATE_WORDS: Record<Scorecard['indicators'][number]['rate'], string> = {
  sent_electronic_rate: 'tỷ lệ gửi điện tử', signed_rate: 'tỷ lệ ký số', on_time_rate: 'tỷ lệ xử lý đúng hạn',
  received_electronic_rate: 'tỷ lệ nhận điện tử', processed_electronic_rate: 'tỷ lệ xử lý trên môi trường mạng',
};
const KIND_WORDS: Record<Scorecard['penalties'][number]['kind'], string> = {
  not_electronic: 'văn bản đi không gửi điện tử', not_signed: 'văn bản đi không ký số', late: 'văn bản đến trễ hạn',
  paper_to_office: 'văn bản giấy gửi Văn phòng UBND tỉnh sau mốc áp dụng',
};
/** how a gap in the processed field enters the score (README "The score") */
const PROCESSED_GAP = 'văn bản đến đã xử lý xong mà sổ văn bản không ghi nhận hình thức xử lý được tính là không xử lý trên môi trường mạng, nên đơn vị có tệp dữ liệu thiếu cột này không được lợi (tỷ lệ này tính vào điểm là 0%)';
const num = (x: number) => x.toLocaleString('vi-VN', { maximumFractionDigits: 4 });

/** The score of a scorecard in words (config.ts, cds_score in rules.sql). */
export function scoreText(sc: Scorecard): string {
  const equal = sc.indicators.every((i) => i.weight === sc.indicators[0]!.weight);
  let text = equal
    ? `Điểm = trung bình cộng các tỷ lệ có số liệu trong các tỷ lệ: ${sc.indicators.map((i) => RATE_WORDS[i.rate]).join(', ')}`
    : `Điểm = trung bình có trọng số các tỷ lệ có số liệu (${sc.indicators.map((i) => `${RATE_WORDS[i.rate]} hệ số ${num(i.weight)}`).join(', ')}): tổng (tỷ lệ × hệ số) ÷ tổng hệ số của các tỷ lệ có số liệu`;
  const bonus = sc.indicators.filter((i) => i.bonus > 0);
  if (bonus.length) text += `; cộng ${bonus.map((i) => `${num(i.bonus * 100)} điểm phần trăm khi ${RATE_WORDS[i.rate]} đạt ${num(i.target * 100)}%`).join('; ')}`;
  if (sc.penalties.length) text += `; trừ ${sc.penalties.map((p) => `${num(p.points * 100)} điểm phần trăm cho mỗi ${KIND_WORDS[p.kind]}`).join('; ')}`;
  if (sc.indicators.some((i) => i.rate === 'processed_electronic_rate')) text += `; khi tính điểm, ${PROCESSED_GAP}`;
  return `${text} (mỗi tỷ lệ và điểm làm tròn 4 chữ số thập phân trước khi so sánh).`;
}

/**
 * The definitions sheet's rows. `scorecard`: the one the figures shown were ranked with (a
 * frozen version's), by default the configured one.
 */
export function definitions(settings: Settings, report: 'monthly' | 'inspection', scorecard: Scorecard = settings.ranking.scorecard): [string, string][] {
  const m = settings.milestones;
  const common: [string, string][] = [
    ['Căn cứ', 'Chỉ thị số 15/CT-UBND ngày 18/5/2020 của Chủ tịch UBND tỉnh Thanh Hóa: văn bản, hồ sơ công việc (trừ văn bản mật) phải được trao đổi, xử lý và ký số trên môi trường điện tử.'],
    ['Nguồn số liệu', 'Sổ văn bản đi, sổ văn bản đến trên hệ thống quản lý văn bản của từng đơn vị, tổng hợp tự động; mỗi văn bản được truy vết đến tệp và dòng dữ liệu đã nhận.'],
    ['Ngày của văn bản', 'Ngày gửi (văn bản đi) hoặc ngày nhận (văn bản đến) theo giờ Việt Nam (UTC+7).'],
    ['Văn bản mật', 'Văn bản mật, tối mật, tuyệt mật không tính vào bất kỳ tỷ lệ nào; được đếm riêng.'],
    ['Mốc áp dụng', `Cấp tỉnh từ ngày ${viDate(m.province)}, cấp huyện từ ngày ${viDate(m.district)}, cấp xã từ ngày ${viDate(m.commune)} (tính cả ngày mốc). Văn bản trước mốc của cấp mình không tính.`],
    ['Tỷ lệ gửi điện tử', 'Số văn bản đi gửi bằng điện tử (điện tử, hoặc điện tử kèm bản giấy) ÷ tổng số văn bản đi.'],
    ['Tỷ lệ ký số', 'Số văn bản đi có ký số ÷ tổng số văn bản đi.'],
    ['Tỷ lệ xử lý đúng hạn', 'Văn bản đến có hạn xử lý: số hoàn thành đúng hoặc trước hạn ÷ (số đúng hạn + số trễ hạn). Trễ hạn: hoàn thành sau hạn, hoặc chưa hoàn thành mà đã quá hạn. Văn bản chưa hoàn thành và chưa đến hạn là "đang xử lý", không tính.'],
    ['Tỷ lệ nhận điện tử', 'Số văn bản đến nhận bằng điện tử (điện tử, hoặc điện tử kèm bản giấy) ÷ tổng số văn bản đến (không mật). Văn bản đến để trống ô "Hình thức" tính là không nhận điện tử.'],
    ['Tỷ lệ xử lý trên môi trường mạng', 'Số văn bản đến đã xử lý xong được xử lý trên môi trường mạng (hồ sơ điện tử) ÷ số văn bản đến đã xử lý xong, chỉ tính văn bản mà sổ văn bản có ghi nhận hình thức xử lý (cột "Xử lý trên môi trường mạng"). Đơn vị có tệp dữ liệu không có cột này thì tỷ lệ để trống ("—"), không tính là 0%; số văn bản chưa ghi nhận được nêu ở mức độ đầy đủ dữ liệu.'],
    ['Văn bản giấy gửi Văn phòng UBND tỉnh', `Từ mốc áp dụng của cấp tỉnh, Văn phòng UBND tỉnh chỉ tiếp nhận văn bản điện tử từ các sở, ban, ngành (trừ văn bản mật). Văn bản đến bằng giấy mà Văn phòng UBND tỉnh (mã ${settings.provincialOffice}) ghi nhận từ một cơ quan cấp tỉnh, từ mốc của cơ quan đó, được tính là văn bản chưa đạt của cơ quan gửi, có thể tra đến từng văn bản tại Văn phòng UBND tỉnh. Cơ quan gửi xác định theo cột "Nơi gửi" (mã hoặc tên đơn vị trong danh mục).`],
    ['Đối chiếu tự báo cáo', 'Với mỗi đơn vị trong danh mục: số văn bản giấy mà các đơn vị khác ghi nhận đã nhận từ đơn vị đó, so với số liệu gửi điện tử trong sổ văn bản đi của chính đơn vị. Đơn vị có sổ văn bản đi ghi 100% gửi điện tử mà nơi nhận vẫn ghi nhận văn bản giấy từ đơn vị thì được đánh dấu để kiểm tra.'],
    ['Số liệu tính đến ngày', 'Số liệu như tại cuối ngày ghi trên báo cáo: văn bản phát sinh và việc hoàn thành sau ngày đó chưa được tính.'],
    ['Tỷ lệ của huyện, của cấp, toàn tỉnh', 'Cộng số lượng của các đơn vị (tổng tử số ÷ tổng mẫu số), không lấy trung bình các tỷ lệ. Một huyện gồm UBND huyện và các xã, phường, thị trấn thuộc huyện.'],
    ['"—" (không có số liệu)', 'Không có văn bản để tính tỷ lệ. Không phải 0% và không phải 100%.'],
    ...missingData(),
    ['Điểm và xếp hạng', `${scoreText(scorecard)} Bằng điểm thì đồng hạng (1, 2, 2, 4). Đơn vị không có tỷ lệ nào để tính điểm thì không xếp hạng. 27 huyện, thị xã, thành phố xếp hạng với nhau theo số liệu toàn huyện; các cơ quan cấp tỉnh xếp hạng với nhau, các xã, phường, thị trấn xếp hạng với nhau (trong huyện và trong toàn tỉnh), theo cùng quy tắc, mỗi cấp từ mốc của cấp mình.`],
    ['Văn bản lỗi chưa xử lý', 'Dòng trong tệp xuất của đơn vị mà hệ thống không đọc được (thiếu hoặc sai mã, ngày, hình thức, ký số…), có ngày gửi/nhận trong kỳ (dòng không đọc được ngày: tính vào ngày nhận tệp), chưa được đơn vị xuất lại đúng (cùng mã văn bản). Dòng không xác định được đơn vị chỉ tính ở toàn tỉnh. Các dòng này chưa có trong số liệu.'],
    ['Đơn vị chưa có dữ liệu', 'Đơn vị đã đến mốc áp dụng mà không có văn bản nào trong kỳ.'],
    ['Chưa đủ dữ liệu', 'Số liệu có văn bản lỗi chưa xử lý hoặc có đơn vị chưa có dữ liệu: tỷ lệ có thể chưa phản ánh đầy đủ (các văn bản lỗi chưa được tính vào tỷ lệ, nên tỷ lệ có thể cao hơn thực tế); xếp hạng xử lý theo quy tắc dưới đây.'],
    ['Xếp hạng khi chưa đủ dữ liệu', `Theo cấu hình: ${RULE_TEXT[settings.ranking.incompleteUnits]}.`],
  ];
  if (report === 'monthly') {
    return [
      ...common,
      ['Kỳ trước', 'Tháng trước (báo cáo tháng), quý trước (báo cáo quý), cùng kỳ năm trước (báo cáo 6 tháng, 9 tháng, năm); tính đến cùng ngày với kỳ báo cáo.'],
      ['Thay đổi so với kỳ trước', 'Tỷ lệ kỳ này trừ tỷ lệ kỳ trước, tính bằng điểm phần trăm.'],
      ['Lũy kế từ đầu năm', 'Từ ngày 01/01 đến hết ngày cuối cùng của kỳ báo cáo.'],
      ['Số liệu đã chốt', 'Khi đã gửi làm số liệu chính thức, số liệu của kỳ được chốt: dữ liệu nhận sau đó không làm thay đổi số liệu đã báo cáo; xuất lại vẫn cho đúng các số đã gửi. Nếu dữ liệu bổ sung làm số liệu thay đổi, phần điều chỉnh được lập thành phiên bản riêng (số liệu điều chỉnh), có ngày chốt riêng.'],
    ];
  }
  return [
    ...common,
    ['Xếp hạng xã', 'Các xã, phường, thị trấn xếp hạng với các xã khác cùng huyện, theo cùng quy tắc. UBND cấp huyện (riêng cơ quan) không xếp hạng riêng: huyện được xếp hạng theo số liệu toàn huyện.'],
    ['Chỉ tiêu', 'Từ mốc áp dụng, 100% văn bản phải gửi điện tử, ký số và xử lý đúng hạn. Đơn vị có tỷ lệ dưới 100% được tô màu trong bảng tổng hợp.'],
    ['Danh sách văn bản cần kiểm tra', 'Các văn bản làm giảm tỷ lệ: văn bản đi chỉ gửi bản giấy (không gửi điện tử), văn bản đi không ký số, văn bản đến xử lý trễ hạn; với cơ quan cấp tỉnh, cả văn bản giấy Văn phòng UBND tỉnh ghi nhận đã nhận từ cơ quan sau mốc áp dụng (liệt kê dưới tên cơ quan gửi, là văn bản trong sổ đến của Văn phòng UBND tỉnh). Số văn bản theo từng lý do khớp với số liệu trong bảng tổng hợp. Các cột kết quả kiểm tra để tổ công tác ghi tại đơn vị.'],
  ];
}

/**
 * The table of what an empty or unreadable value does to the figures (ingest/mapping/
 * field-rules.ts, the same table the README shows), as rows of the definitions sheet.
 */
export function missingData(): [string, string][] {
  return [
    ['Dữ liệu thiếu hoặc không đọc được', MISSING_DATA_PRINCIPLE.vi],
    ...FIELD_RULES.map((r): [string, string] => [
      `Cột "${r.label}"`,
      `Ô trống: ${r.vi.empty}. Không đọc được: ${r.vi.unreadable}. Ảnh hưởng đến số liệu: ${r.vi.figures}.`,
    ]),
    ['Ký tự lỗi', DAMAGED_TEXT_RULE.vi],
  ];
}
