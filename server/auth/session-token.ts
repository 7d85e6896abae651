import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SessionClaims {
  /** user id */
  sub: number;
  /** issued at, epoch seconds */
  iat: number;
  /** expiry, epoch seconds */
  exp: number;
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

  /** The claims, or null when the token is malformed, forged or expired. */
  verify(token: string, now: Date): SessionClaims | null {
    const dot = token.indexOf('.');
    if (dot <= 0 || token.length > 1024) return null;
    const payload = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.sign(payload), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let claims: SessionClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (!Number.isInteger(claims.sub) || typeof claims.exp !== 'number') return null;
    if (claims.exp * 1000 <= now.getTime()) return null;
    return claims;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
