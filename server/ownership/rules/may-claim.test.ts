import { describe, expect, it } from 'vitest';
import { mayClaim, type ClaimFacts } from './may-claim.ts';
import { DEFAULT_POOL_RULES } from './pool-rules.ts';

const TZ = 'Asia/Shanghai';
const sh = (local: string) => new Date(`${local}+08:00`);
const now = sh('2026-03-10T10:00:00');
const ok: ClaimFacts = { holding: 0, claimedToday: 0, lastLostAt: null, customerExempt: false };
const rules = DEFAULT_POOL_RULES; // cap 20, cooldown 7, daily 10

describe('mayClaim', () => {
  it.each<[string, Partial<ClaimFacts>, string | null]>([
    ['nothing in the way', {}, null],
    ['one below the cap', { holding: 19 }, null],
    ['at the cap', { holding: 20 }, 'POOL_HOLDING_CAP'],
    ['at the cap but the customer is exempt', { holding: 20, customerExempt: true }, null],
    ['the ninth and tenth claim of the day', { claimedToday: 9 }, null],
    ['after ten claims today', { claimedToday: 10 }, 'POOL_DAILY_LIMIT'],
    ['released it 6 calendar days ago', { lastLostAt: sh('2026-03-04T23:00:00') }, 'POOL_CLAIM_COOLDOWN'],
    ['released it 7 calendar days ago', { lastLostAt: sh('2026-03-03T00:30:00') }, null],
    ['cooldown is checked before the cap', { lastLostAt: sh('2026-03-09T10:00:00'), holding: 20 }, 'POOL_CLAIM_COOLDOWN'],
    ['the daily limit before the cap', { claimedToday: 10, holding: 20 }, 'POOL_DAILY_LIMIT'],
  ])('should answer for %s', (_case, facts, code) => {
    expect(mayClaim({ ...ok, ...facts }, rules, now, TZ)?.code ?? null).toBe(code);
  });

  it('should say when the cooldown ends', () => {
    const refusal = mayClaim({ ...ok, lastLostAt: sh('2026-03-09T18:00:00') }, rules, now, TZ);
    expect(refusal).toEqual({ code: 'POOL_CLAIM_COOLDOWN', availableAt: sh('2026-03-16T00:00:00').toISOString(), days: 7 });
  });

  it('should turn the cooldown off when it is 0 days', () => {
    expect(mayClaim({ ...ok, lastLostAt: now }, { ...rules, claimCooldownDays: 0 }, now, TZ)).toBeNull();
  });
});
