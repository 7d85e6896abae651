import { describe, expect, it } from 'vitest';
import { DEFAULT_POOL_RULES, type PoolRules } from './pool-rules.ts';
import { isReclaimDue, reclaimCutoff, reclaimDueAt, warningOpensAt, type ReclaimFacts } from './reclaim-due.ts';

const TZ = 'Asia/Shanghai';
const rules: PoolRules = { ...DEFAULT_POOL_RULES }; // 15 / 30 / off / warn 3, exempt key
/** Shanghai wall-clock time → instant. */
const sh = (local: string) => new Date(`${local}+08:00`);

const base: ReclaimFacts = { level: 'B', claimedAt: sh('2026-03-01T10:00:00'), lastFollowUpAt: null, lastDealAt: null };

describe('reclaimDueAt', () => {
  it.each<[string, Partial<ReclaimFacts>, Partial<PoolRules>, string | null, string | null]>([
    ['a fresh claim with no follow-up: 15 whole days, back at 00:00 on day 16', {}, {}, '2026-03-17T00:00:00', 'no_follow_up'],
    ['a claim late in the evening counts the claim day as day 0', { claimedAt: sh('2026-03-01T23:59:00') }, {}, '2026-03-17T00:00:00', 'no_follow_up'],
    ['a claim just after midnight too', { claimedAt: sh('2026-03-01T00:00:01') }, {}, '2026-03-17T00:00:00', 'no_follow_up'],
    ['a follow-up resets the follow-up clock', { lastFollowUpAt: sh('2026-03-10T15:00:00') }, {}, '2026-03-26T00:00:00', 'no_follow_up'],
    ['a follow-up before the claim does not shorten the window', { lastFollowUpAt: sh('2026-02-01T09:00:00') }, {}, '2026-03-17T00:00:00', 'no_follow_up'],
    ['regular follow-ups still hit the no-deal rule 30 days after the claim', { lastFollowUpAt: sh('2026-03-30T09:00:00') }, {}, '2026-04-01T00:00:00', 'no_deal'],
    ['a deal since the claim switches the no-deal rule off', { lastFollowUpAt: sh('2026-03-30T09:00:00'), lastDealAt: sh('2026-03-20T09:00:00') }, {}, '2026-04-15T00:00:00', 'no_follow_up'],
    ['a deal before the claim does not count', { lastFollowUpAt: sh('2026-03-30T09:00:00'), lastDealAt: sh('2026-02-20T09:00:00') }, {}, '2026-04-01T00:00:00', 'no_deal'],
    ['the repeat-deal rule applies once a deal happened since the claim', { lastFollowUpAt: sh('2026-05-30T09:00:00'), lastDealAt: sh('2026-03-05T09:00:00') }, { noRepeatDealDays: 60, noFollowUpDays: 90 }, '2026-05-05T00:00:00', 'no_repeat_deal'],
    ['exempt levels are never reclaimed', { level: 'key' }, {}, null, null],
    ['exempt levels are configurable', { level: 'A' }, { exemptLevels: ['A', 'key'] }, null, null],
    ['a 1-day rule returns the customer the day after tomorrow at 00:00', {}, { noFollowUpDays: 1 }, '2026-03-03T00:00:00', 'no_follow_up'],
  ])('should answer for %s', (_case, facts, ruleOverrides, expectedLocal, expectedRule) => {
    const due = reclaimDueAt({ ...base, ...facts }, { ...rules, ...ruleOverrides }, TZ);
    if (expectedLocal === null) expect(due).toBeNull();
    else expect(due).toEqual({ at: sh(expectedLocal), rule: expectedRule });
  });

  it('should count business days in the business time zone, not UTC', () => {
    // 2026-03-01 20:00 UTC is already 2 March in Shanghai.
    const due = reclaimDueAt({ ...base, claimedAt: new Date('2026-03-01T20:00:00Z') }, rules, TZ);
    expect(due?.at).toEqual(sh('2026-03-18T00:00:00'));
  });
});

describe('isReclaimDue and reclaimCutoff agree', () => {
  it('should flip exactly at the due instant', () => {
    const due = reclaimDueAt(base, rules, TZ)!.at;
    expect(isReclaimDue(base, rules, new Date(due.getTime() - 1), TZ)).toBe(false);
    expect(isReclaimDue(base, rules, due, TZ)).toBe(true);
  });

  it('should give the same answer as the SQL cutoff for every hour of two months', () => {
    // The sweep compares anchors with reclaimCutoff in SQL; the app shows reclaimDueAt.
    const anchors = [sh('2026-03-01T00:00:00'), sh('2026-03-01T12:34:56'), sh('2026-03-01T23:59:59.999'), sh('2026-03-02T00:00:00')];
    for (const anchor of anchors) {
      const facts: ReclaimFacts = { ...base, claimedAt: anchor, lastDealAt: anchor }; // deal since claim: only no_follow_up
      for (let h = 0; h < 24 * 60; h++) {
        const now = new Date(anchor.getTime() + h * 3600_000);
        const sqlSaysDue = anchor < reclaimCutoff(now, rules.noFollowUpDays, TZ);
        expect(isReclaimDue(facts, rules, now, TZ)).toBe(sqlSaysDue);
      }
    }
  });
});

describe('warningOpensAt', () => {
  it('should open the window warnDaysBefore days before the due day, at 00:00', () => {
    expect(warningOpensAt(sh('2026-03-17T00:00:00'), rules, TZ)).toEqual(sh('2026-03-14T00:00:00'));
    expect(warningOpensAt(sh('2026-03-17T00:00:00'), { ...rules, warnDaysBefore: 0 }, TZ)).toEqual(sh('2026-03-17T00:00:00'));
  });
});
