import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../server/infra/clock.ts';
import { WecomErrcode } from '../../wecom/wecom-errcodes.ts';

/** WeCom's `expires_in` for app access tokens. */
export const ACCESS_TOKEN_TTL_SECONDS = 7200;

/**
 * Expired tokens are remembered this long so they answer 42001 (expired) rather than
 * 40014 (unknown); after that they are forgotten, which bounds memory.
 */
const EXPIRED_MEMORY_MS = 24 * 3600_000;

export interface IssuedToken {
  access_token: string;
  expires_in: number;
}

/**
 * The access tokens the fake corp has handed out. Expiry is measured with the simulator's
 * clock, so `POST /sim/api/clock` expires them as real time would.
 */
export class AccessTokenRegistry {
  /** token → absolute expiry (epoch ms by the clock). */
  private readonly tokens = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  issue(): IssuedToken {
    const now = this.clock.now().getTime();
    this.forgetLongExpired(now);
    // 128 characters: realistic length, well within WeCom's "up to 512 bytes".
    const token = randomBytes(96).toString('base64url');
    this.tokens.set(token, now + ACCESS_TOKEN_TTL_SECONDS * 1000);
    return { access_token: token, expires_in: ACCESS_TOKEN_TTL_SECONDS };
  }

  /** 0 when the token may be used, else the errcode WeCom answers. */
  check(token: string | undefined): number {
    if (token === undefined || token === '') return WecomErrcode.MISSING_ACCESS_TOKEN;
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return WecomErrcode.INVALID_ACCESS_TOKEN;
    if (this.clock.now().getTime() >= expiresAt) return WecomErrcode.ACCESS_TOKEN_EXPIRED;
    return WecomErrcode.OK;
  }

  /** WeCom may invalidate tokens early "for operational reasons": every token answers 40014. */
  revokeAll(): void {
    this.tokens.clear();
  }

  /** Every token answers 42001 from now on, whatever the clock says. */
  expireAll(): void {
    const now = this.clock.now().getTime();
    for (const token of this.tokens.keys()) this.tokens.set(token, now);
  }

  private forgetLongExpired(now: number): void {
    for (const [token, expiresAt] of this.tokens) {
      if (expiresAt + EXPIRED_MEMORY_MS < now) this.tokens.delete(token);
    }
  }
}
