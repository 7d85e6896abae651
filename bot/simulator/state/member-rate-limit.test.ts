import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../server/infra/clock.ts';
import { MemberRateLimiter } from './member-rate-limit.ts';

const start = new Date('2025-03-03T01:00:00Z');

function deliverMany(limiter: MemberRateLimiter, userid: string, n: number): number {
  let delivered = 0;
  for (let i = 0; i < n; i++) if (limiter.tryDeliver(userid)) delivered++;
  return delivered;
}

describe('MemberRateLimiter', () => {
  it('should deliver 30 and drop the 31st when they come within one minute', () => {
    const limiter = new MemberRateLimiter(new FixedClock(start));
    expect(deliverMany(limiter, 'zhangsan', 30)).toBe(30);
    expect(limiter.tryDeliver('zhangsan')).toBe(false);
  });

  it('should count each member apart and ignore case when limiting', () => {
    const limiter = new MemberRateLimiter(new FixedClock(start));
    expect(deliverMany(limiter, 'ZhangSan', 30)).toBe(30);
    expect(limiter.tryDeliver('zhangsan')).toBe(false);
    expect(limiter.tryDeliver('lisi')).toBe(true);
  });

  it('should deliver again when the trailing minute has passed by the clock', () => {
    const clock = new FixedClock(start);
    const limiter = new MemberRateLimiter(clock);
    deliverMany(limiter, 'a', 30);
    clock.advance(59_999);
    expect(limiter.tryDeliver('a')).toBe(false);
    clock.advance(1);
    expect(limiter.tryDeliver('a')).toBe(true);
  });

  it('should use a sliding minute when bursts straddle a minute boundary', () => {
    const clock = new FixedClock(new Date('2025-03-03T01:00:59Z'));
    const limiter = new MemberRateLimiter(clock);
    expect(deliverMany(limiter, 'a', 30)).toBe(30);
    clock.advance(2_000); // 01:01:01, a new calendar minute
    expect(limiter.tryDeliver('a')).toBe(false);
  });

  it('should drop beyond 1000 in an hour when each minute stays under 30', () => {
    const clock = new FixedClock(start);
    const limiter = new MemberRateLimiter(clock);
    let delivered = 0;
    for (let minute = 0; minute < 40; minute++) {
      delivered += deliverMany(limiter, 'a', 30);
      clock.advance(60_000);
    }
    // 34 minutes × 30 = 1020 > 1000: the hour caps it.
    expect(delivered).toBe(1000);
  });

  it('should not count dropped messages against the window', () => {
    const clock = new FixedClock(start);
    const limiter = new MemberRateLimiter(clock);
    deliverMany(limiter, 'a', 100);
    clock.advance(60_000);
    expect(deliverMany(limiter, 'a', 31)).toBe(30);
  });
});
