import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SessionClaims {
  /** user id */
  sub: number;
  /** issued at, epoch seconds */
  iat: number;
  /** expiry, epoch seconds */
  exp: number;
}

/** HMAC-SHA256 is 32 bytes: 43 base64url characters without padding. */
const MAC_RE = /^[A-Za-z0-9_-]{43}$/;

/** base64url as Buffer#toString('base64url') writes it: the only spelling accepted. */
function isCanonicalBase64url(text: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(text) && Buffer.from(text, 'base64url').toString('base64url') === text;
}

function isClaims(v: unknown): v is SessionClaims {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const c = v as Record<string, unknown>;
  return Number.isSafeInteger(c.sub) && (c.sub as number) > 0
    && typeof c.iat === 'number' && Number.isFinite(c.iat)
    && typeof c.exp === 'number' && Number.isFinite(c.exp);
}

/**
 * Compact signed tokens: base64url(JSON claims) + "." + base64url(HMAC-SHA256).
 * Stateless, so any number of server instances accept each other's tokens.
 */
export class SessionTokens {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
  ) {}

  issue(userId: number, now: Date): string {
    const iat = Math.floor(now.getTime() / 1000);
    const payload = Buffer.from(JSON.stringify({ sub: userId, iat, exp: iat + this.ttlSeconds })).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /**
   * The claims, or null when the token is malformed, forged or expired. Exactly one spelling of a
   * token is valid: both parts must be canonical base64url (no padding, no `+/`, no stray
   * trailing bits), and the MAC is compared as that string — decoding first would let other
   * encodings of the same bytes through.
   */
  verify(token: string, now: Date): SessionClaims | null {
    if (token.length > 1024) return null;
    const parts = token.split('.');
    if (parts.length !== 2) return null;
    const [payload, mac] = parts as [string, string];
    if (!MAC_RE.test(mac) || !isCanonicalBase64url(payload)) return null;
    const expected = this.sign(payload);
    if (!timingSafeEqual(Buffer.from(mac, 'latin1'), Buffer.from(expected, 'latin1'))) return null;
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (!isClaims(claims)) return null;
    if (claims.exp * 1000 <= now.getTime()) return null;
    return { sub: claims.sub, iat: claims.iat, exp: claims.exp };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
