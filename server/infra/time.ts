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
const DAY_MS = 86_400_000;
/** Per time zone: UTC day (or hour) number → the offset throughout it (NaN when it changes within it). */
const offsetsByDay = new Map<string, Map<number, number>>();
const offsetsByHour = new Map<string, Map<number, number>>();

/** The offset throughout [start, start + span), or NaN when it changes within it (one Intl call each end). */
function cachedOffset(caches: Map<string, Map<number, number>>, tz: string, n: number, span: number): number {
  let cache = caches.get(tz);
  if (!cache) caches.set(tz, (cache = new Map()));
  let offset = cache.get(n);
  if (offset === undefined) {
    const first = exactOffsetMs(new Date(n * span), tz);
    const last = exactOffsetMs(new Date(n * span + span - 1000), tz);
    offset = first === last ? first : NaN;
    if (cache.size >= 200_000) cache.clear();
    cache.set(n, offset);
  }
  return offset;
}

/**
 * Offset of `tz` from UTC at instant `at`, in milliseconds (Asia/Shanghai → +8h).
 * Intl's formatToParts is slow (~20 µs), and the sweep, the warnings and every customer answer
 * evaluate dates spread over years; offsets only change at transitions (at most one a day), so
 * each UTC day is asked once (its first and last second), a day with a transition hour by hour,
 * and the hour of the transition exactly.
 */
export function tzOffsetMs(at: Date, tz: string): number {
  const t = at.getTime();
  const byDay = cachedOffset(offsetsByDay, tz, Math.floor(t / DAY_MS), DAY_MS);
  if (!Number.isNaN(byDay)) return byDay;
  const byHour = cachedOffset(offsetsByHour, tz, Math.floor(t / HOUR_MS), HOUR_MS);
  return Number.isNaN(byHour) ? exactOffsetMs(at, tz) : byHour;
}

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
