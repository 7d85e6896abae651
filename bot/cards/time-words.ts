/**
 * Dates as a rep reads them on a card. "Days" are calendar days of the business time zone,
 * so a follow-up logged at 23:50 Shanghai time is "昨天" at 00:10, not "今天".
 */
import { businessDate } from '../../server/infra/time.ts';
import { calendarDaysBetween } from '../../server/ownership/rules/business-calendar.ts';

export const DEFAULT_BUSINESS_TZ = 'Asia/Shanghai';

/** Whole business-calendar days from the day of `from` to the day of `to`: the server's one calendar. */
export function businessDaysBetween(from: Date, to: Date, tz: string): number {
  return calendarDaysBetween(from, to, tz);
}

/** "今天" / "昨天" / "3天前" for a past instant; a future one (clock skew) reads "今天". */
export function daysAgoText(at: Date, now: Date, tz: string): string {
  const days = businessDaysBetween(at, now, tz);
  if (days <= 0) return '今天';
  if (days === 1) return '昨天';
  return `${days}天前`;
}

/** "今天" / "明天" / "后天" / "3天后" for an instant from now; a past one reads "今天". */
export function daysAheadText(at: Date, now: Date, tz: string): string {
  const days = businessDaysBetween(now, at, tz);
  if (days <= 0) return '今天';
  if (days === 1) return '明天';
  if (days === 2) return '后天';
  return `${days}天后`;
}

const timeFormatters = new Map<string, Intl.DateTimeFormat>();

function hhmm(at: Date, tz: string): string {
  let f = timeFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });
    timeFormatters.set(tz, f);
  }
  return f.format(at);
}

/** "11-27" in the business time zone; "2025-11-27" when the year differs from `now`'s. */
export function monthDay(at: Date, now: Date, tz: string): string {
  const date = businessDate(at, tz);
  return date.slice(0, 4) === businessDate(now, tz).slice(0, 4) ? date.slice(5) : date;
}

/** "11-27 14:30" in the business time zone (year added as in `monthDay`). */
export function monthDayTime(at: Date, now: Date, tz: string): string {
  return `${monthDay(at, now, tz)} ${hhmm(at, tz)}`;
}

/** `monthDayTime`, or just `monthDay` for midnight — how a date-only pick is stored. */
export function monthDayMaybeTime(at: Date, now: Date, tz: string): string {
  const time = hhmm(at, tz);
  return time === '00:00' ? monthDay(at, now, tz) : `${monthDay(at, now, tz)} ${time}`;
}
