import { describe, expect, it } from 'vitest';
import { DEFAULT_POOL_RULES, type PoolRules } from './pool-rules.ts';
import { reclaimCountdown } from './reclaim-countdown.ts';
import { reclaimDueAt } from './reclaim-due.ts';

const SH = 'Asia/Shanghai';
const LA = 'America/Los_Angeles';
const rules: PoolRules = { ...DEFAULT_POOL_RULES }; // warn 3 days before
const at = (iso: string) => new Date(iso);

describe('reclaimCountdown', () => {
  // Due at 00:00 on 17 March (business time): the day counts change at business midnights.
  it.each<[string, string, string, Partial<PoolRules>, number, boolean]>([
    ['four days ahead, outside a 3-day window', SH, '2026-03-13T23:59:59.999+08:00', {}, 4, false],
    ['three days ahead, the window opens at midnight', SH, '2026-03-14T00:00:00+08:00', {}, 3, true],
    ['the last evening before the reclaim', SH, '2026-03-16T23:59:59+08:00', {}, 1, true],
    ['the due day itself', SH, '2026-03-17T00:00:00+08:00', {}, 0, true],
    ['a due day already past (the sweep has not run yet)', SH, '2026-03-18T10:00:00+08:00', {}, 0, true],
    ['five days ahead with warnDaysBefore 5', SH, '2026-03-12T00:00:00+08:00', { warnDaysBefore: 5 }, 5, true],
    ['six days ahead with warnDaysBefore 5', SH, '2026-03-11T23:59:59+08:00', { warnDaysBefore: 5 }, 6, false],
    ['the due day with warnDaysBefore 0', SH, '2026-03-17T00:00:00+08:00', { warnDaysBefore: 0 }, 0, true],
    ['the day before with warnDaysBefore 0', SH, '2026-03-16T12:00:00+08:00', { warnDaysBefore: 0 }, 1, false],
  ])('should answer for %s', (_case, tz, now, overrides, daysLeft, urgent) => {
    expect(reclaimCountdown(at('2026-03-17T00:00:00+08:00'), { ...rules, ...overrides }, at(now), tz)).toEqual({ daysLeft, urgent });
  });

  it('should count the days of the business time zone, not UTC, when the zone is Los Angeles', () => {
    const due = at('2026-03-17T00:00:00-07:00');
    // 16:00 UTC on 13 March is still the 13th in Los Angeles (4 days left) but the 14th in Shanghai.
    expect(reclaimCountdown(due, { ...rules, warnDaysBefore: 3 }, at('2026-03-13T16:00:00Z'), LA)).toEqual({ daysLeft: 4, urgent: false });
    expect(reclaimCountdown(due, { ...rules, warnDaysBefore: 3 }, at('2026-03-14T00:00:00-07:00'), LA)).toEqual({ daysLeft: 3, urgent: true });
  });

  it('should be urgent exactly when the days left are within warnDaysBefore, for every hour around the window', () => {
    const claimedAt = at('2026-03-01T10:00:00+08:00');
    for (const warnDaysBefore of [0, 1, 3, 5]) {
      const r = { ...rules, warnDaysBefore };
      const due = reclaimDueAt({ level: 'B', claimedAt, lastFollowUpAt: null, lastDealAt: null }, r, SH)!.at;
      for (let h = -24 * 8; h < 24; h++) {
        const now = new Date(due.getTime() + h * 3_600_000);
        const { daysLeft, urgent } = reclaimCountdown(due, r, now, SH);
        expect(urgent).toBe(daysLeft <= warnDaysBefore);
      }
    }
  });
});
