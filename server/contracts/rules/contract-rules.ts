import type { ContractStatus, PaymentPlanStatus } from '../../../entities/contract.entity.ts';
import { sumFen } from './money.ts';

/** Above either bound a contract needs its `contract` approval (admin-configurable). */
export interface ApprovalLimit {
  /** Discounts above this (basis points) need approval; default 2000 (20%). */
  maxDiscountBp: number;
  /** Amounts above this (fen) need approval; default 1,000,000 元. */
  maxAmountFen: number;
}

export const DEFAULT_APPROVAL_LIMIT: ApprovalLimit = { maxDiscountBp: 2000, maxAmountFen: 100_000_000 };

/** Within the limit (discount ≤ max and amount ≤ max) a contract is signed at once. */
export function needsApproval(c: { amountFen: number; discountBp: number }, limit: ApprovalLimit): boolean {
  return c.discountBp > limit.maxDiscountBp || c.amountFen > limit.maxAmountFen;
}

export type FitResult = { ok: true } | { ok: false; remainingFen: number };

/** A new instalment fits when all plans together stay within the contract amount. */
export function planFits(contractAmountFen: number, existingPlansFen: readonly number[], newPlanFen: number): FitResult {
  const remainingFen = contractAmountFen - sumFen(existingPlansFen);
  return newPlanFen <= remainingFen ? { ok: true } : { ok: false, remainingFen: Math.max(0, remainingFen) };
}

/** A payment fits when it does not go beyond what is left of its plan. */
export function paymentFits(plan: { amountFen: number; paidFen: number }, paymentFen: number): FitResult {
  const remainingFen = plan.amountFen - plan.paidFen;
  return paymentFen <= remainingFen ? { ok: true } : { ok: false, remainingFen: Math.max(0, remainingFen) };
}

/** A plan is settled exactly when it is fully paid. */
export function planStatus(plan: { amountFen: number; paidFen: number }): PaymentPlanStatus {
  return plan.paidFen >= plan.amountFen ? 'settled' : 'open';
}

/** Days from `from` to `to` (YYYY-MM-DD calendar days; negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const d = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((d(to) - d(from)) / 86_400_000);
}

/** Overdue: past its due day and not fully paid. */
export function isOverdue(plan: { dueOn: string; amountFen: number; paidFen: number }, today: string): boolean {
  return plan.paidFen < plan.amountFen && plan.dueOn < today;
}

export type PlanReminderStage = 'due-soon' | 'overdue' | 'overdue-manager';

/**
 * The reminder stages an unpaid instalment has reached today: due within `daysBefore` days (the
 * owner), overdue (the owner), overdue by `managerAfterDays` or more (the owner's manager too).
 * Each stage is sent at most once per instalment (the job's dedupe keys).
 */
export function planReminderStages(
  plan: { dueOn: string; amountFen: number; paidFen: number }, today: string, opts: { daysBefore: number; managerAfterDays: number },
): PlanReminderStage[] {
  if (plan.paidFen >= plan.amountFen) return [];
  const until = daysBetween(today, plan.dueOn);
  if (until >= 0) return until <= opts.daysBefore ? ['due-soon'] : [];
  return -until >= opts.managerAfterDays ? ['overdue', 'overdue-manager'] : ['overdue'];
}

/** A signed contract ending within `withinDays` days (today included) is "expiring". */
export function isExpiring(c: { status: ContractStatus; endOn: string }, today: string, withinDays: number): boolean {
  if (c.status !== 'signed') return false;
  const left = daysBetween(today, c.endOn);
  return left >= 0 && left <= withinDays;
}

/** Status changes a PATCH may ask for. */
export function canMoveTo(from: ContractStatus, to: ContractStatus): boolean {
  if (to === 'void') return from === 'draft' || from === 'pending_approval' || from === 'signed';
  if (to === 'completed') return from === 'signed';
  return false;
}

/** Plans and payments may be added while the contract is alive. */
export const acceptsPlans = (s: ContractStatus): boolean => s === 'draft' || s === 'pending_approval' || s === 'signed';
export const acceptsPayments = (s: ContractStatus): boolean => s === 'signed';

/** The month (YYYY-MM) of a day. */
export const monthOf = (day: string): string => day.slice(0, 7);

/** First and last day of a month YYYY-MM. */
export function monthBounds(period: string): { first: string; last: string } {
  const y = Number(period.slice(0, 4));
  const m = Number(period.slice(5, 7));
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${period}-01`, last: `${period}-${String(days).padStart(2, '0')}` };
}
