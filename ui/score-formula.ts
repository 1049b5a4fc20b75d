import type { Ranking } from './api.ts';

const RATE_WORDS: Record<Ranking['scorecard']['indicators'][number]['rate'], string> = {
  sent_electronic_rate: 'gửi điện tử', signed_rate: 'ký số', on_time_rate: 'xử lý đúng hạn',
  received_electronic_rate: 'nhận điện tử', processed_electronic_rate: 'xử lý trên môi trường mạng',
};
const KIND_WORDS: Record<Ranking['scorecard']['penalties'][number]['kind'], string> = {
  not_electronic: 'văn bản đi không gửi điện tử', not_signed: 'văn bản đi không ký số', late: 'văn bản đến trễ hạn',
  paper_to_office: 'văn bản giấy gửi Văn phòng UBND tỉnh sau mốc',
};
const points = (x: number) => x.toLocaleString('vi-VN', { maximumFractionDigits: 4 });

/**
 * The score's formula in Vietnamese, from the scorecard the ranking used (settings
 * ranking.scorecard; README "The score"), shown above the ranking.
 */
export function scoreFormula(sc: Ranking['scorecard']): string {
  const equal = sc.indicators.every((i) => i.weight === sc.indicators[0]!.weight);
  const rates = sc.indicators.map((i) => RATE_WORDS[i.rate]).join(', ');
  let text = equal
    ? `Điểm là trung bình các tỷ lệ có dữ liệu (${rates})`
    : `Điểm là trung bình có trọng số các tỷ lệ có dữ liệu (${sc.indicators.map((i) => `${RATE_WORDS[i.rate]} × ${points(i.weight)}`).join(', ')})`;
  const bonus = sc.indicators.filter((i) => i.bonus > 0);
  if (bonus.length) text += `, cộng ${bonus.map((i) => `${points(i.bonus * 100)} điểm phần trăm khi tỷ lệ ${RATE_WORDS[i.rate]} đạt ${points(i.target * 100)} %`).join('; ')}`;
  if (sc.penalties.length) text += `, trừ ${sc.penalties.map((p) => `${points(p.points * 100)} điểm phần trăm cho mỗi ${KIND_WORDS[p.kind]}`).join('; ')}`;
  // a gap never raises the score: an export without the processed field counts as not processed electronically
  if (sc.indicators.some((i) => i.rate === 'processed_electronic_rate')) {
    text += `. Khi tính điểm, văn bản đến đã xử lý xong mà sổ văn bản không ghi nhận hình thức xử lý được tính là không xử lý trên môi trường mạng (đơn vị có tệp dữ liệu thiếu cột này được tính 0 % ở tỷ lệ này)`;
  }
  return `${text}.`;
}
