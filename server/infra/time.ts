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

/** Offset of `tz` from UTC at instant `at`, in milliseconds (Asia/Shanghai → +8h). */
export function tzOffsetMs(at: Date, tz: string): number {
  const parts = Object.fromEntries(formatter(tz).formatToParts(at).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
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
  const parts = Object.fromEntries(formatter(tz).formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Start of the business day containing `at`. */
export function startOfBusinessDay(at: Date, tz: string): Date {
  return zonedTimeToUtc(businessDate(at, tz), '00:00', tz);
}
