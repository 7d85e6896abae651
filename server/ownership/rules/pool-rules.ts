import type { CustomerLevel } from '../../../entities/customer.entity.ts';

/** The rules of one pool, as API.md names them. Days are business-time-zone calendar days. */
export interface PoolRules {
  /** Reclaim when no follow-up for this many days, counted from the later of the last follow-up and the claim. */
  noFollowUpDays: number;
  /** Reclaim when no deal this many days after the claim (a follow-up does not reset it). */
  noDealDays: number;
  /** Reclaim a deal customer with no repeat deal for this many days; null = off. */
  noRepeatDealDays: number | null;
  /** Warn the owner this many days before a reclaim, once per cycle. */
  warnDaysBefore: number;
  /** A rep never owns more than this many non-exempt customers. */
  holdingCap: number;
  /** A rep cannot re-claim a customer they released or lost to reclaim within this many days. */
  claimCooldownDays: number;
  /** Claims per rep per business day. */
  dailyClaimLimit: number;
  /** Levels never reclaimed automatically (and not counted against the holding cap). */
  exemptLevels: CustomerLevel[];
}

export const DEFAULT_POOL_RULES: PoolRules = {
  noFollowUpDays: 15,
  noDealDays: 30,
  noRepeatDealDays: null,
  warnDaysBefore: 3,
  holdingCap: 20,
  claimCooldownDays: 7,
  dailyClaimLimit: 10,
  exemptLevels: ['key'],
};

export type ReclaimRule = 'no_follow_up' | 'no_deal' | 'no_repeat_deal';

/**
 * zh-CN wording of why a customer came back, shown in the pool and on cards. When nobody
 * followed up since the claim, saying so avoids "15天未跟进" next to "上次跟进 62天前".
 */
export function reclaimReason(rule: ReclaimRule, rules: PoolRules, sinceClaim = false): string {
  switch (rule) {
    case 'no_follow_up': return sinceClaim ? `领取后${rules.noFollowUpDays}天未跟进，自动回收` : `${rules.noFollowUpDays}天未跟进，自动回收`;
    case 'no_deal': return `领取后${rules.noDealDays}天未成交，自动回收`;
    case 'no_repeat_deal': return `${rules.noRepeatDealDays}天无复购，自动回收`;
  }
}
