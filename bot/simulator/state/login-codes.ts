import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../server/infra/clock.ts';

/** `wx.qy.login` codes and OAuth codes both die 5 minutes after issue (WECOM.md §7.1, §8). */
export const LOGIN_CODE_TTL_MS = 5 * 60_000;

/** Which exchange endpoint accepts the code. */
export type LoginCodeKind = 'miniprogram' | 'oauth';

/** What a code proves once exchanged. */
export type LoginGrant =
  | { kind: 'miniprogram'; userid: string }
  | { kind: 'oauth'; member: true; userid: string; userTicket?: string }
  | { kind: 'oauth'; member: false; openid: string; externalUserid?: string };

interface IssuedCode {
  grant: LoginGrant;
  expiresAt: number;
}

/**
 * One-shot login codes. A code works once, only at the endpoint it was issued for, and only
 * within 5 minutes by the simulator clock; anything else is WeCom's 40029 "invalid code".
 */
export class LoginCodeRegistry {
  private readonly codes = new Map<string, IssuedCode>();

  constructor(private readonly clock: Clock) {}

  issue(grant: LoginGrant): string {
    const now = this.clock.now().getTime();
    this.forgetExpired(now);
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { grant, expiresAt: now + LOGIN_CODE_TTL_MS });
    return code;
  }

  /**
   * The grant behind `code`, consuming it; null when unknown, used, expired or meant for the
   * other endpoint. A code shown to the wrong endpoint is not consumed (it was never valid there).
   */
  redeem(code: string, kind: LoginCodeKind): LoginGrant | null {
    const issued = this.codes.get(code);
    if (!issued || issued.grant.kind !== kind) return null;
    if (this.clock.now().getTime() >= issued.expiresAt) {
      this.codes.delete(code);
      return null;
    }
    this.codes.delete(code);
    return issued.grant;
  }

  clear(): void {
    this.codes.clear();
  }

  private forgetExpired(now: number): void {
    for (const [code, issued] of this.codes) {
      if (issued.expiresAt <= now) this.codes.delete(code);
    }
  }
}
