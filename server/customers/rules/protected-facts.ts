import type { CustomerLevel, CustomerStage } from '../../../entities/customer.entity.ts';
import type { UserRole } from '../../../entities/user.entity.ts';

/**
 * Facts the pool's rules read that a rep must not be able to grant themselves: an exempt level
 * (重点 …) takes a customer out of reclaim and out of the holding cap, and a deal stage stops
 * the no-deal clock. Only managers and admins set them (and, with the pipeline, a won deal);
 * a rep asks their manager instead (a level request).
 */
export const DEAL_STAGES: readonly CustomerStage[] = ['deal', 'repeat'];

export type ProtectedChange =
  | { field: 'level'; from: CustomerLevel; to: CustomerLevel }
  | { field: 'stage'; from: CustomerStage; to: CustomerStage };

/**
 * The protected changes in `next` over `current`: a level change into or out of an exempt level,
 * a stage change into or out of a deal stage. For a new customer, `current` is the defaults.
 */
export function protectedChanges(
  current: { level: CustomerLevel; stage: CustomerStage },
  next: { level?: CustomerLevel; stage?: CustomerStage },
  exemptLevels: readonly CustomerLevel[],
): ProtectedChange[] {
  const changes: ProtectedChange[] = [];
  if (next.level !== undefined && next.level !== current.level && (exemptLevels.includes(current.level) || exemptLevels.includes(next.level))) {
    changes.push({ field: 'level', from: current.level, to: next.level });
  }
  if (next.stage !== undefined && next.stage !== current.stage && (DEAL_STAGES.includes(current.stage) || DEAL_STAGES.includes(next.stage))) {
    changes.push({ field: 'stage', from: current.stage, to: next.stage });
  }
  return changes;
}

export function maySetProtectedFacts(role: UserRole): boolean {
  return role === 'manager' || role === 'admin';
}

/** zh-CN words for the history ("等级：A → 重点"). */
export const LEVEL_LABELS: Record<CustomerLevel, string> = { key: '重点', A: 'A', B: 'B', C: 'C' };
export const STAGE_LABELS: Record<CustomerStage, string> = {
  lead: '线索', contacted: '已联系', opportunity: '商机', deal: '成交', repeat: '复购', dormant: '沉睡', lost: '流失',
};
