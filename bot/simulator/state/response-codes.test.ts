import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../server/infra/clock.ts';
import { RESPONSE_CODE_TTL_MS, ResponseCodeRegistry } from './response-codes.ts';

const start = new Date('2025-03-03T01:00:00Z');

describe('ResponseCodeRegistry', () => {
  it('should know the message of a fresh code and refuse it once spent', () => {
    const codes = new ResponseCodeRegistry(new FixedClock(start));
    const code = codes.issue('msg1', 'click');
    expect(codes.check(code)).toEqual({ ok: true, msgid: 'msg1', origin: 'click' });
    codes.spend(code);
    expect(codes.check(code)).toEqual({ ok: false, reason: 'used' });
  });

  it('should stay usable after a check that was not followed by spend', () => {
    const codes = new ResponseCodeRegistry(new FixedClock(start));
    const code = codes.issue('msg1', 'send');
    codes.check(code);
    expect(codes.check(code).ok).toBe(true);
  });

  it('should expire a code 72 hours after issue by the clock', () => {
    const clock = new FixedClock(start);
    const codes = new ResponseCodeRegistry(clock);
    const code = codes.issue('msg1', 'send');
    clock.advance(RESPONSE_CODE_TTL_MS - 1);
    expect(codes.check(code).ok).toBe(true);
    clock.advance(1);
    expect(codes.check(code)).toEqual({ ok: false, reason: 'expired' });
  });

  it('should refuse a code that was never issued', () => {
    expect(new ResponseCodeRegistry(new FixedClock(start)).check('made-up')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('should issue a distinct code each time even for the same message', () => {
    const codes = new ResponseCodeRegistry(new FixedClock(start));
    expect(new Set(Array.from({ length: 20 }, () => codes.issue('m', 'click'))).size).toBe(20);
  });
});
