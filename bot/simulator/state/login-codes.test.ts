import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../server/infra/clock.ts';
import { LOGIN_CODE_TTL_MS, LoginCodeRegistry } from './login-codes.ts';

const start = new Date('2025-03-03T01:00:00Z');

describe('LoginCodeRegistry', () => {
  it('should return the grant when a fresh code is redeemed at its endpoint', () => {
    const codes = new LoginCodeRegistry(new FixedClock(start));
    const code = codes.issue({ kind: 'miniprogram', userid: 'zhangsan' });
    expect(codes.redeem(code, 'miniprogram')).toEqual({ kind: 'miniprogram', userid: 'zhangsan' });
  });

  it('should refuse a code when it is redeemed a second time', () => {
    const codes = new LoginCodeRegistry(new FixedClock(start));
    const code = codes.issue({ kind: 'oauth', member: true, userid: 'zhangsan' });
    expect(codes.redeem(code, 'oauth')).not.toBeNull();
    expect(codes.redeem(code, 'oauth')).toBeNull();
  });

  it('should refuse a code when 5 minutes have passed by the clock', () => {
    const clock = new FixedClock(start);
    const codes = new LoginCodeRegistry(clock);
    const fresh = codes.issue({ kind: 'miniprogram', userid: 'a' });
    const stale = codes.issue({ kind: 'miniprogram', userid: 'b' });
    clock.advance(LOGIN_CODE_TTL_MS - 1);
    expect(codes.redeem(fresh, 'miniprogram')).not.toBeNull();
    clock.advance(1);
    expect(codes.redeem(stale, 'miniprogram')).toBeNull();
  });

  it('should refuse without consuming when a code is shown to the other endpoint', () => {
    const codes = new LoginCodeRegistry(new FixedClock(start));
    const code = codes.issue({ kind: 'miniprogram', userid: 'zhangsan' });
    expect(codes.redeem(code, 'oauth')).toBeNull();
    expect(codes.redeem(code, 'miniprogram')).not.toBeNull();
  });

  it('should refuse when the code was never issued', () => {
    const codes = new LoginCodeRegistry(new FixedClock(start));
    expect(codes.redeem('made-up', 'oauth')).toBeNull();
  });

  it('should issue distinct URL-safe codes when asked repeatedly', () => {
    const codes = new LoginCodeRegistry(new FixedClock(start));
    const issued = new Set(Array.from({ length: 50 }, () => codes.issue({ kind: 'miniprogram', userid: 'a' })));
    expect(issued.size).toBe(50);
    for (const code of issued) expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
