import { describe, expect, it } from 'vitest';
import { DEFAULT_POOL_RULES } from '../../ownership/rules/pool-rules.ts';
import { customerDays, type CustomerDayFacts } from './customer-days.ts';

const SH = 'Asia/Shanghai';
const LA = 'America/Los_Angeles';
const at = (iso: string) => new Date(iso);

const owned: CustomerDayFacts = { ownerId: 7, createdAt: at('2026-01-10T10:00:00+08:00'), lastFollowUpAt: null, poolEnteredAt: null };

describe('customerDays', () => {
  it('should count from the creation when nobody followed the customer up', () => {
    expect(customerDays(owned, null, at('2026-01-12T00:00:00+08:00'), SH).daysSinceFollowUp).toBe(2);
    expect(customerDays(owned, null, at('2026-01-11T23:59:59+08:00'), SH).daysSinceFollowUp).toBe(1);
  });

  it('should count from the last follow-up when there is one, at business midnights', () => {
    const c = { ...owned, lastFollowUpAt: at('2026-03-05T23:50:00+08:00') };
    expect(customerDays(c, null, at('2026-03-05T23:59:59+08:00'), SH).daysSinceFollowUp).toBe(0);
    expect(customerDays(c, null, at('2026-03-06T00:00:00+08:00'), SH).daysSinceFollowUp).toBe(1);
    // The same instants in Los Angeles: the follow-up was at 07:50 on the 5th, and it is still the 5th.
    expect(customerDays(c, null, at('2026-03-06T00:00:00+08:00'), LA).daysSinceFollowUp).toBe(0);
  });

  it('should give no reclaim countdown when no reclaim is due', () => {
    expect(customerDays(owned, null, at('2026-01-12T00:00:00+08:00'), SH)).toMatchObject({ reclaimDaysLeft: null, reclaimUrgent: false });
  });

  it('should follow the warning window of the customer\'s pool when warnDaysBefore is 5', () => {
    const reclaim = { at: at('2026-03-17T00:00:00+08:00'), rules: { ...DEFAULT_POOL_RULES, warnDaysBefore: 5 } };
    expect(customerDays(owned, reclaim, at('2026-03-12T08:00:00+08:00'), SH)).toMatchObject({ reclaimDaysLeft: 5, reclaimUrgent: true });
    expect(customerDays(owned, reclaim, at('2026-03-11T23:00:00+08:00'), SH)).toMatchObject({ reclaimDaysLeft: 6, reclaimUrgent: false });
  });

  it('should count days in the pool only while it sits there', () => {
    const inPool = { ...owned, ownerId: null, poolEnteredAt: at('2026-03-01T18:00:00+08:00') };
    expect(customerDays(inPool, null, at('2026-03-01T23:00:00+08:00'), SH).daysInPool).toBe(0);
    expect(customerDays(inPool, null, at('2026-03-13T00:00:00+08:00'), SH).daysInPool).toBe(12);
    expect(customerDays({ ...inPool, poolEnteredAt: null }, null, at('2026-03-13T00:00:00+08:00'), SH).daysInPool).toBeNull();
    expect(customerDays({ ...inPool, ownerId: 3 }, null, at('2026-03-13T00:00:00+08:00'), SH).daysInPool).toBeNull();
  });
});
