import { describe, expect, it } from 'vitest';
import type { Ranking } from './api.ts';
import { scoreFormula } from './score-formula.ts';

describe('the score\'s formula above the ranking', () => {
  it('says the default: the mean of the three rates', () => {
    const sc: Ranking['scorecard'] = { indicators: ['sent_electronic_rate', 'signed_rate', 'on_time_rate'].map((rate) => ({ rate, weight: 1, target: 1, bonus: 0 })) as Ranking['scorecard']['indicators'], penalties: [] };
    expect(scoreFormula(sc)).toBe('Điểm là trung bình các tỷ lệ có dữ liệu (gửi điện tử, ký số, xử lý đúng hạn).');
  });

  it('names the received and processed rates, the paper_to_office penalty, and how a missing processed field is scored', () => {
    const sc: Ranking['scorecard'] = {
      indicators: [
        { rate: 'received_electronic_rate', weight: 2, target: 1, bonus: 0.02 },
        { rate: 'processed_electronic_rate', weight: 1, target: 1, bonus: 0 },
      ],
      penalties: [{ kind: 'paper_to_office', points: 0.005 }],
    };
    expect(scoreFormula(sc)).toBe(
      'Điểm là trung bình có trọng số các tỷ lệ có dữ liệu (nhận điện tử × 2, xử lý trên môi trường mạng × 1), '
      + 'cộng 2 điểm phần trăm khi tỷ lệ nhận điện tử đạt 100 %, '
      + 'trừ 0,5 điểm phần trăm cho mỗi văn bản giấy gửi Văn phòng UBND tỉnh sau mốc. '
      + 'Khi tính điểm, văn bản đến đã xử lý xong mà sổ văn bản không ghi nhận hình thức xử lý được tính là không xử lý trên môi trường mạng '
      + '(đơn vị có tệp dữ liệu thiếu cột này được tính 0 % ở tỷ lệ này).',
    );
  });
});
