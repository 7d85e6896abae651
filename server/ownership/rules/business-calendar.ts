import { tzOffsetMs, zonedTimeToUtc } from '../../infra/time.ts';

/** Adds calendar days to a YYYY-MM-DD date (no time zone involved: it is already a calendar date). */
export function addCalendarDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;

/** The business calendar day of an instant, as days since 1970-01-01 (its wall-clock date in `tz`). */
function businessDayNumber(at: Date, tz: string): number {
  return Math.floor((at.getTime() + tzOffsetMs(at, tz)) / DAY_MS);
}

/** A day number as its calendar date, YYYY-MM-DD. */
function dayNumberDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Per time zone: business day number → the instant it starts (00:00 business time). */
const dayStarts = new Map<string, Map<number, number>>();

/**
 * Start (00:00 business time) of the calendar day `days` after the business day of `at`.
 * Day numbers instead of date strings, and each day's start computed once: the sweep and
 * the warnings call this several times per customer.
 */
export function startOfDayAfter(at: Date, days: number, tz: string): Date {
  const day = businessDayNumber(at, tz) + days;
  let starts = dayStarts.get(tz);
  if (!starts) dayStarts.set(tz, (starts = new Map()));
  let start = starts.get(day);
  if (start === undefined) {
    start = zonedTimeToUtc(dayNumberDate(day), '00:00', tz).getTime();
    if (starts.size >= 100_000) starts.clear();
    starts.set(day, start);
  }
  return new Date(start);
}

/** Whole calendar days from the business day of `from` to that of `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: Date, to: Date, tz: string): number {
  return businessDayNumber(to, tz) - businessDayNumber(from, tz);
}

/**
 * Whole business days since `at`: 0 on its own business day, 1 the day after. A moment a little
 * ahead of `now` (clock skew between instances) reads 0, never a negative count.
 */
export function businessDaysSince(at: Date, now: Date, tz: string): number {
  return Math.max(0, calendarDaysBetween(at, now, tz));
}

/** `time` (HH:mm business time) on the calendar day `days` after the business day of `at`. */
export function businessTimeOnDayAfter(at: Date, days: number, time: string, tz: string): Date {
  return zonedTimeToUtc(dayNumberDate(businessDayNumber(at, tz) + days), time, tz);
}

/** Whether two instants fall in the same business calendar year. */
export function sameBusinessYear(a: Date, b: Date, tz: string): boolean {
  return dayNumberDate(businessDayNumber(a, tz)).slice(0, 4) === dayNumberDate(businessDayNumber(b, tz)).slice(0, 4);
}
