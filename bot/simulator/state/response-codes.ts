import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../server/infra/clock.ts';

/** response_code validity per the current official text (older SDK comments say 24 h). */
export const RESPONSE_CODE_TTL_MS = 72 * 3600_000;

/** Spent and expired codes are remembered this long after expiry, so they answer "used"/"expired". */
const FORGET_AFTER_MS = 24 * 3600_000;

export type ResponseCodeOrigin = 'send' | 'click';

export type ResponseCodeCheck =
  | { ok: true; msgid: string; origin: ResponseCodeOrigin }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' };

interface IssuedResponseCode {
  msgid: string;
  origin: ResponseCodeOrigin;
  expiresAt: number;
  used: boolean;
}

/**
 * The response_codes the fake app has been given: one per interactive card sent and one per
 * click callback. Each updates the cards of its message once, within 72 h by the clock.
 * `check` and `spend` are separate so a refused update does not burn the code.
 */
export class ResponseCodeRegistry {
  private readonly codes = new Map<string, IssuedResponseCode>();
  private issuedSinceSweep = 0;

  constructor(private readonly clock: Clock) {}

  issue(msgid: string, origin: ResponseCodeOrigin): string {
    const now = this.clock.now().getTime();
    if (++this.issuedSinceSweep >= 1000) this.sweep(now);
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, { msgid, origin, expiresAt: now + RESPONSE_CODE_TTL_MS, used: false });
    return code;
  }

  check(code: string): ResponseCodeCheck {
    const issued = this.codes.get(code);
    if (!issued) return { ok: false, reason: 'unknown' };
    if (issued.used) return { ok: false, reason: 'used' };
    if (this.clock.now().getTime() >= issued.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, msgid: issued.msgid, origin: issued.origin };
  }

  /** Marks a code that passed `check` as used. */
  spend(code: string): void {
    const issued = this.codes.get(code);
    if (issued) issued.used = true;
  }

  clear(): void {
    this.codes.clear();
  }

  private sweep(now: number): void {
    this.issuedSinceSweep = 0;
    for (const [code, issued] of this.codes) {
      if (issued.expiresAt + FORGET_AFTER_MS < now) this.codes.delete(code);
    }
  }
}
