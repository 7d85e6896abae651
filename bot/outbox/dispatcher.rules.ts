import { businessDate, zonedTimeToUtc } from '../../server/infra/time.ts';

/** Retry policy: exponential backoff with full jitter, capped; WeCom asks callers to back off on -1/45009. */
export const MAX_ATTEMPTS = 16;
const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 30 * 60_000;

export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export type SendFailure = 'retry' | 'permanent' | 'already-delivered';

export function classifyFailure(errcode: number, retryable: boolean): SendFailure {
  // Our task_ids are valid and unique per row: 42014 on a resend means WeCom already has this card.
  if (errcode === 42014) return 'already-delivered';
  // Everything else WeCom refuses (81013 all recipients invalid, 40003/60111 unknown user,
  // 40058 bad parameter, 48002 no permission …) fails the same way on every resend.
  return retryable ? 'retry' : 'permanent';
}

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

/**
 * Per member per app WeCom silently drops beyond 30/min and 1000/hour. We stay a little under
 * both: our hit time and WeCom's receipt time differ by the request's latency.
 */
export const MEMBER_LIMITS = { perMinute: 28, perHour: 990 } as const;

/** Reminders that merge into one digest card when more than DIGEST_THRESHOLD are due together for one member. */
export const DIGESTIBLE_KINDS = new Set(['forgotten-customer', 'follow-up-due']);
export const DIGEST_THRESHOLD = 3;
