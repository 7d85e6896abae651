import { businessDate, zonedTimeToUtc } from '../../infra/time.ts';

/** Adds calendar days to a YYYY-MM-DD date (no time zone involved: it is already a calendar date). */
export function addCalendarDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Start (00:00 business time) of the calendar day `days` after the business day of `at`. */
export function startOfDayAfter(at: Date, days: number, tz: string): Date {
  return zonedTimeToUtc(addCalendarDays(businessDate(at, tz), days), '00:00', tz);
}

/** Whole calendar days from the business day of `from` to that of `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: Date, to: Date, tz: string): number {
  const a = Date.parse(businessDate(from, tz) + 'T00:00:00Z');
  const b = Date.parse(businessDate(to, tz) + 'T00:00:00Z');
  return Math.round((b - a) / 86_400_000);
}
