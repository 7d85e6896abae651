import { calendarDaysBetween, startOfDayAfter } from './business-calendar.ts';
import type { PoolRules } from './pool-rules.ts';

export type ClaimRefusal =
  | {
    code: 'POOL_HOLDING_CAP'; cap: number; holding: number;
    /** What the cap does not count (exempt levels, co-followed), so the refusal agrees with the rep's list. */
    excluded?: { exempt: number; coFollowed: number };
    /** Set when a manager assigns to someone else: whose cap it is. */
    assignee?: string;
  }
  | { code: 'POOL_DAILY_LIMIT'; limit: number; claimedToday: number }
  | { code: 'POOL_CLAIM_COOLDOWN'; availableAt: string; days: number };

export interface ClaimFacts {
  /** Non-exempt customers the rep owns now. */
  holding: number;
  /** Claims the rep made today (business day). */
  claimedToday: number;
  /** When the rep last released this customer or lost it to reclaim, if ever. */
  lastLostAt: Date | null;
  /** Whether the customer to claim is itself exempt (does not count against the cap). */
  customerExempt: boolean;
}

/**
 * May a rep claim one more customer from the pool? Checks in the order a rep can act on:
 * cooldown of this customer, then today's limit, then the holding cap.
 */
export function mayClaim(facts: ClaimFacts, rules: PoolRules, now: Date, tz: string): ClaimRefusal | null {
  if (facts.lastLostAt && rules.claimCooldownDays > 0 && calendarDaysBetween(facts.lastLostAt, now, tz) < rules.claimCooldownDays) {
    return { code: 'POOL_CLAIM_COOLDOWN', availableAt: startOfDayAfter(facts.lastLostAt, rules.claimCooldownDays, tz).toISOString(), days: rules.claimCooldownDays };
  }
  if (facts.claimedToday >= rules.dailyClaimLimit) {
    return { code: 'POOL_DAILY_LIMIT', limit: rules.dailyClaimLimit, claimedToday: facts.claimedToday };
  }
  if (!facts.customerExempt && facts.holding >= rules.holdingCap) {
    return { code: 'POOL_HOLDING_CAP', cap: rules.holdingCap, holding: facts.holding };
  }
  return null;
}

/** May a rep take one more non-exempt customer by creating or being assigned it? */
export function exceedsHoldingCap(holding: number, rules: PoolRules, customerExempt: boolean): boolean {
  return !customerExempt && holding >= rules.holdingCap;
}

export const claimRefusalMessage = (r: ClaimRefusal): string => {
  switch (r.code) {
    case 'POOL_HOLDING_CAP': {
      const who = r.assignee ? `${r.assignee} ` : '';
      const excluded = r.excluded ? `（不含重点等免回收客户 ${r.excluded.exempt} 个、协作客户 ${r.excluded.coFollowed} 个）` : '';
      const action = r.assignee ? '请先让 TA 释放客户，或由管理员超额指派' : '请先释放客户';
      return `${who}已达持有上限：计入上限的客户 ${r.holding} 个，上限 ${r.cap} 个${excluded}，${action}`;
    }
    case 'POOL_DAILY_LIMIT': return `今日领取已达上限 ${r.limit} 个，请明天再来`;
    case 'POOL_CLAIM_COOLDOWN': return `${r.days} 天内释放或被回收的客户不能重新领取`;
  }
};
