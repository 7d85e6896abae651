import { describe, expect, it } from 'vitest';
import { SessionTokens } from './session-token.ts';

const now = new Date('2026-03-01T00:00:00Z');

describe('SessionTokens', () => {
  const tokens = new SessionTokens('s'.repeat(40), 3600);

  it('should return the claims when the token is fresh and untouched', () => {
    const claims = tokens.verify(tokens.issue(42, now), now);
    expect(claims?.sub).toBe(42);
  });

  it('should reject when the token has expired', () => {
    const token = tokens.issue(42, now);
    expect(tokens.verify(token, new Date(now.getTime() + 3600_000))).toBeNull();
    expect(tokens.verify(token, new Date(now.getTime() + 3599_000))).not.toBeNull();
  });

  it('should reject when the payload was changed or signed with another secret', () => {
    const token = tokens.issue(42, now);
    const forged = Buffer.from(JSON.stringify({ sub: 1, iat: 0, exp: 9e9 })).toString('base64url') + token.slice(token.indexOf('.'));
    expect(tokens.verify(forged, now)).toBeNull();
    expect(new SessionTokens('t'.repeat(40), 3600).verify(token, now)).toBeNull();
  });

  it('should reject when the token is garbage', () => {
    for (const bad of ['', '.', 'abc', 'a.b', '.sig', 'x'.repeat(2000)]) expect(tokens.verify(bad, now)).toBeNull();
  });
});
