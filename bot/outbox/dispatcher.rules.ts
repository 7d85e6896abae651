
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

/**
 * Per member per app WeCom silently drops beyond 30/min and 1000/hour. We stay a little under
 * both: our hit time and WeCom's receipt time differ by the request's latency.
 */
export const MEMBER_LIMITS = { perMinute: 28, perHour: 990 } as const;

/** Digestible reminders (a notification definition's `digestible`) merge into one card beyond this many for one member. */
export const DIGEST_THRESHOLD = 3;
