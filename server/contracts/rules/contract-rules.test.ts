import { describe, expect, it } from 'vitest';
import {
  canMoveTo, daysBetween, DEFAULT_APPROVAL_LIMIT, isExpiring, isOverdue, monthBounds, needsApproval, paymentFits, planFits, planReminderStages, planStatus,
} from './contract-rules.ts';
import { bpToPercent, percentToBp, progressPercent } from './money.ts';

describe('contract approval limit', () => {
  it.each([
    ['exactly 20% off and exactly 1,000,000 元', 100_000_000, 2000, false],
    ['20.01% off', 1_000, 2001, true],
    ['1,000,000.01 元', 100_000_001, 0, true],
    ['a small contract without discount', 5_000_000, 0, false],
    ['both over', 200_000_000, 5000, true],
  ])('should decide approval for %s', (_, amountFen, discountBp, expected) => {
    expect(needsApproval({ amountFen, discountBp }, DEFAULT_APPROVAL_LIMIT)).toBe(expected);
  });
});

describe('payment plans and payments (integer fen)', () => {
  it.each([
    ['a first plan within the amount', 100_00, [], 60_00, { ok: true }],
    ['plans adding up to the amount exactly', 100_00, [60_00], 40_00, { ok: true }],
    ['one fen beyond the amount', 100_00, [60_00], 40_01, { ok: false, remainingFen: 40_00 }],
    ['a plan when everything is planned', 100_00, [50_00, 50_00], 1, { ok: false, remainingFen: 0 }],
  ] as const)('should judge %s', (_, amount, existing, next, expected) => {
    expect(planFits(amount, existing, next)).toEqual(expected);
  });

  it.each([
    ['a partial payment', { amountFen: 30_000, paidFen: 0 }, 10_000, { ok: true }],
    ['the exact remainder', { amountFen: 30_000, paidFen: 10_000 }, 20_000, { ok: true }],
    ['one fen over the remainder', { amountFen: 30_000, paidFen: 10_000 }, 20_001, { ok: false, remainingFen: 20_000 }],
    ['a payment on a settled plan', { amountFen: 30_000, paidFen: 30_000 }, 1, { ok: false, remainingFen: 0 }],
  ] as const)('should judge %s', (_, plan, amount, expected) => {
    expect(paymentFits(plan, amount)).toEqual(expected);
  });

  it.each([
    [{ amountFen: 100, paidFen: 0 }, 'open'], [{ amountFen: 100, paidFen: 99 }, 'open'], [{ amountFen: 100, paidFen: 100 }, 'settled'],
  ] as const)('should give %o the status %s', (plan, status) => {
    expect(planStatus(plan)).toBe(status);
  });

  it.each([
    ['due today, unpaid', '2026-03-02', 0, false],
    ['due yesterday, unpaid', '2026-03-01', 0, true],
    ['due yesterday, partly paid', '2026-03-01', 50, true],
    ['due yesterday, fully paid', '2026-03-01', 100, false],
  ])('should call a plan %s overdue: %s', (_, dueOn, paidFen, expected) => {
    expect(isOverdue({ dueOn, amountFen: 100, paidFen }, '2026-03-02')).toBe(expected);
  });
});

describe('reminder stages', () => {
  const opts = { daysBefore: 3, managerAfterDays: 7 };
  it.each([
    ['due in 4 days', '2026-03-06', 0, []],
    ['due in 3 days', '2026-03-05', 0, ['due-soon']],
    ['due today', '2026-03-02', 0, ['due-soon']],
    ['overdue by a day', '2026-03-01', 0, ['overdue']],
    ['overdue by 6 days', '2026-02-24', 0, ['overdue']],
    ['overdue by 7 days', '2026-02-23', 0, ['overdue', 'overdue-manager']],
    ['overdue but paid', '2026-02-01', 100, []],
  ])('should remind %s with %j', (_, dueOn, paidFen, stages) => {
    expect(planReminderStages({ dueOn, amountFen: 100, paidFen }, '2026-03-02', opts)).toEqual(stages);
  });

  it.each([
    ['signed', '2026-04-01', true], ['signed', '2026-04-02', false], ['signed', '2026-03-01', false], ['completed', '2026-03-10', false],
  ] as const)('should call a %s contract ending %s expiring: %s', (status, endOn, expected) => {
    expect(isExpiring({ status, endOn }, '2026-03-02', 30)).toBe(expected);
  });
});

describe('status changes, days and money formats', () => {
  it.each([
    ['draft', 'void', true], ['pending_approval', 'void', true], ['signed', 'void', true], ['completed', 'void', false], ['void', 'void', false],
    ['signed', 'completed', true], ['draft', 'completed', false], ['signed', 'signed', false],
  ] as const)('should let %s become %s: %s', (from, to, expected) => {
    expect(canMoveTo(from, to)).toBe(expected);
  });

  it('should count calendar days across months and leap days', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-03-02', '2026-02-23')).toBe(-7);
    expect(monthBounds('2028-02')).toEqual({ first: '2028-02-01', last: '2028-02-29' });
    expect(monthBounds('2026-12')).toEqual({ first: '2026-12-01', last: '2026-12-31' });
  });

  it.each([[0, 0], [20, 2000], [12.5, 1250], [0.01, 1], [100, 10000], [33.33, 3333]])('should turn %s%% into %s bp and back', (pct, bp) => {
    expect(percentToBp(pct)).toBe(bp);
    expect(bpToPercent(bp)).toBe(pct);
  });

  it.each([[12.345], [-1], [100.5], [Number.NaN], [1e-7]])('should refuse %s as a percentage', (pct) => {
    expect(percentToBp(pct)).toBeNull();
  });

  it.each([[0, 100, 0], [50, 100, 50], [1, 3, 33], [150, 100, 150], [5, 0, null]])('should give %s of %s as %s%%', (a, t, pct) => {
    expect(progressPercent(a, t)).toBe(pct);
  });
});
