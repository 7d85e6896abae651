import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../server/infra/clock.ts';
import { WecomErrcode } from '../../wecom/wecom-errcodes.ts';
import { ACCESS_TOKEN_TTL_SECONDS, AccessTokenRegistry } from './access-tokens.ts';

const start = new Date('2025-03-03T01:00:00Z');

describe('AccessTokenRegistry', () => {
  it('should issue a token of at most 512 bytes valid for 7200 s when asked', () => {
    const tokens = new AccessTokenRegistry(new FixedClock(start));
    const issued = tokens.issue();
    expect(issued.expires_in).toBe(7200);
    expect(Buffer.byteLength(issued.access_token)).toBeLessThanOrEqual(512);
    expect(tokens.check(issued.access_token)).toBe(WecomErrcode.OK);
  });

  it('should answer 42001 when the clock passes the expiry', () => {
    const clock = new FixedClock(start);
    const tokens = new AccessTokenRegistry(clock);
    const { access_token } = tokens.issue();
    clock.advance(ACCESS_TOKEN_TTL_SECONDS * 1000 - 1);
    expect(tokens.check(access_token)).toBe(WecomErrcode.OK);
    clock.advance(1);
    expect(tokens.check(access_token)).toBe(WecomErrcode.ACCESS_TOKEN_EXPIRED);
  });

  it.each([
    ['missing', undefined, WecomErrcode.MISSING_ACCESS_TOKEN],
    ['empty', '', WecomErrcode.MISSING_ACCESS_TOKEN],
    ['unknown', 'not-a-token', WecomErrcode.INVALID_ACCESS_TOKEN],
  ])('should answer the WeCom errcode when the token is %s', (_label, token, errcode) => {
    const tokens = new AccessTokenRegistry(new FixedClock(start));
    tokens.issue();
    expect(tokens.check(token)).toBe(errcode);
  });

  it('should keep earlier tokens valid when a new one is issued', () => {
    const tokens = new AccessTokenRegistry(new FixedClock(start));
    const first = tokens.issue().access_token;
    const second = tokens.issue().access_token;
    expect(second).not.toBe(first);
    expect(tokens.check(first)).toBe(WecomErrcode.OK);
  });

  it('should answer 40014 for every token when WeCom revokes them early', () => {
    const tokens = new AccessTokenRegistry(new FixedClock(start));
    const { access_token } = tokens.issue();
    tokens.revokeAll();
    expect(tokens.check(access_token)).toBe(WecomErrcode.INVALID_ACCESS_TOKEN);
  });

  it('should answer 42001 for every token when they are expired by hand', () => {
    const tokens = new AccessTokenRegistry(new FixedClock(start));
    const { access_token } = tokens.issue();
    tokens.expireAll();
    expect(tokens.check(access_token)).toBe(WecomErrcode.ACCESS_TOKEN_EXPIRED);
  });

  it('should forget tokens expired for over a day when a new one is issued', () => {
    const clock = new FixedClock(start);
    const tokens = new AccessTokenRegistry(clock);
    const { access_token } = tokens.issue();
    clock.advance(3 * 24 * 3600_000);
    tokens.issue();
    expect(tokens.check(access_token)).toBe(WecomErrcode.INVALID_ACCESS_TOKEN);
  });
});
