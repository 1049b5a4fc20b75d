/**
 * Vietnamese number and time formats for Vega (vega-embed's formatLocale/timeFormatLocale):
 * 96,7 % with a no-break space, 175.438, 12/2021.
 */
export const FORMAT_LOCALE = { decimal: ',', thousands: '.', grouping: [3], currency: ['', '\u00a0₫'], percent: '\u00a0%' };

export const TIME_LOCALE = {
  dateTime: '%A, %e %B %Y, %X', date: '%d/%m/%Y', time: '%H:%M:%S', periods: ['SA', 'CH'],
  days: ['Chủ nhật', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu', 'Thứ bảy'],
  shortDays: ['CN', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'],
  months: ['Tháng 1', 'Tháng 2', 'Tháng 3', 'Tháng 4', 'Tháng 5', 'Tháng 6', 'Tháng 7', 'Tháng 8', 'Tháng 9', 'Tháng 10', 'Tháng 11', 'Tháng 12'],
  shortMonths: ['Th1', 'Th2', 'Th3', 'Th4', 'Th5', 'Th6', 'Th7', 'Th8', 'Th9', 'Th10', 'Th11', 'Th12'],
};
