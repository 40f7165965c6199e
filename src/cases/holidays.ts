// China's official public holidays and adjusted working days (调休), as the State Council's
// yearly notices publish them: 国办发明电〔2024〕12号 for 2025, 国办发明电〔2025〕7号 for 2026.
// Add a year here when its notice is out. Until then a year is provisional (below): a case
// accepted in December must still get a time limit running into January.

export interface HolidayYear {
  /** Days off that would otherwise be working days (weekends inside a holiday are off anyway). */
  holidays: readonly string[];
  /** Weekend days that are working days (调休上班). */
  workingWeekends: readonly string[];
  /** Not from a notice: the statutory holidays alone, without 调休 or 补休. */
  provisional?: true;
}

const range = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
};

export const HOLIDAY_CALENDAR: Readonly<Record<number, HolidayYear>> = {
  2025: {
    holidays: [
      '2025-01-01', // 元旦
      ...range('2025-01-28', '2025-02-04'), // 春节
      ...range('2025-04-04', '2025-04-06'), // 清明节
      ...range('2025-05-01', '2025-05-05'), // 劳动节
      ...range('2025-05-31', '2025-06-02'), // 端午节
      ...range('2025-10-01', '2025-10-08'), // 国庆节、中秋节
    ],
    workingWeekends: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    holidays: [
      ...range('2026-01-01', '2026-01-03'), // 元旦
      ...range('2026-02-15', '2026-02-23'), // 春节
      ...range('2026-04-04', '2026-04-06'), // 清明节
      ...range('2026-05-01', '2026-05-05'), // 劳动节
      ...range('2026-06-19', '2026-06-21'), // 端午节
      ...range('2026-09-25', '2026-09-27'), // 中秋节
      ...range('2026-10-01', '2026-10-07'), // 国庆节
    ],
    workingWeekends: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

/**
 * Years whose notice is not yet out: only the days 《全国年节及纪念日放假办法》 fixes (元旦 1 day,
 * 春节 除夕 to 初三, 清明, 劳动节 1–2 May, 端午, 中秋, 国庆 1–3 Oct), on that year's lunar dates.
 * Replace with the notice's calendar when it is published.
 */
export const PROVISIONAL_CALENDAR: Readonly<Record<number, HolidayYear>> = {
  2027: {
    holidays: [
      '2027-01-01', // 元旦
      ...range('2027-02-05', '2027-02-08'), // 春节 (除夕 to 初三)
      '2027-04-05', // 清明节
      '2027-05-01', // 劳动节
      '2027-05-02',
      '2027-06-09', // 端午节
      '2027-09-15', // 中秋节
      ...range('2027-10-01', '2027-10-03'), // 国庆节
    ],
    workingWeekends: [],
    provisional: true,
  },
};
