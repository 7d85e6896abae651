import { businessDate, zonedTimeToUtc } from '../infra/time.ts';

/** The business-time window in which non-urgent cards wait (QUIET_HOURS, default 21:00-08:00). */
export interface QuietHours {
  start: string; // "21:00"
  end: string; // "08:00"
}

export function parseQuietHours(spec: string): QuietHours | null {
  if (spec === 'off' || spec === '') return null;
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(spec);
  if (!m) throw new Error(`quiet hours must look like 21:00-08:00 or "off", got "${spec}"`);
  return { start: `${m[1]}:${m[2]}`, end: `${m[3]}:${m[4]}` };
}

/** Is `now` inside the quiet window (business time)? Windows may wrap midnight. */
export function inQuietHours(now: Date, quiet: QuietHours | null, tz: string): boolean {
  if (!quiet) return false;
  const day = businessDate(now, tz);
  const start = zonedTimeToUtc(day, quiet.start, tz).getTime();
  const end = zonedTimeToUtc(day, quiet.end, tz).getTime();
  const t = now.getTime();
  return start <= end ? t >= start && t < end : t >= start || t < end;
}

/** When the quiet window ends, for holding a card until then. */
export function quietHoursEnd(now: Date, quiet: QuietHours, tz: string): Date {
  const today = zonedTimeToUtc(businessDate(now, tz), quiet.end, tz);
  return today > now ? today : new Date(zonedTimeToUtc(businessDate(new Date(now.getTime() + 86_400_000), tz), quiet.end, tz));
}

