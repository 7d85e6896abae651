/** Calendar helpers for the business time zone (TZ_BUSINESS): "days" are its calendar days. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

function exactOffsetMs(at: Date, tz: string): number {
  const parts = Object.fromEntries(formatter(tz).formatToParts(at).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

const HOUR_MS = 3_600_000;
/** Per time zone: UTC hour number → the offset throughout that hour (NaN when it changes within it). */
const offsetsByHour = new Map<string, Map<number, number>>();

/**
 * Offset of `tz` from UTC at instant `at`, in milliseconds (Asia/Shanghai → +8h).
 * Intl's formatToParts is slow (~20 µs), and the sweep and the warnings evaluate the rules
 * for 10^5 customers; offsets only change at transitions, so each UTC hour is asked once
 * (its first and last second) and an hour containing a transition is computed exactly.
 */
export function tzOffsetMs(at: Date, tz: string): number {
  const hour = Math.floor(at.getTime() / HOUR_MS);
  let cache = offsetsByHour.get(tz);
  if (!cache) offsetsByHour.set(tz, (cache = new Map()));
  let offset = cache.get(hour);
  if (offset === undefined) {
    const first = exactOffsetMs(new Date(hour * HOUR_MS), tz);
    const last = exactOffsetMs(new Date(hour * HOUR_MS + HOUR_MS - 1000), tz);
    offset = first === last ? first : NaN;
    if (cache.size >= 200_000) cache.clear();
    cache.set(hour, offset);
  }
  return Number.isNaN(offset) ? exactOffsetMs(at, tz) : offset;
}

/** The instant at which the wall-clock time `date`+`time` happens in `tz`. */
export function zonedTimeToUtc(date: string, time: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  let result = guess - tzOffsetMs(new Date(guess), tz);
  // Second pass settles instants next to a DST change.
  result = guess - tzOffsetMs(new Date(result), tz);
  return new Date(result);
}

/** The business-calendar date (YYYY-MM-DD) of an instant. */
export function businessDate(at: Date, tz: string): string {
  return new Date(at.getTime() + tzOffsetMs(at, tz)).toISOString().slice(0, 10);
}

/** Start of the business day containing `at`. */
export function startOfBusinessDay(at: Date, tz: string): Date {
  return zonedTimeToUtc(businessDate(at, tz), '00:00', tz);
}
