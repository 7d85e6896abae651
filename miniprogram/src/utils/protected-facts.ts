import type { Level, Role, Stage } from '../services/types'
import { levelLabel, stageLabel } from './labels'

/**
 * The facts the pool's rules read that only managers set (the server enforces it and answers 403
 * CUSTOMER_LEVEL_NEEDS_MANAGER / CUSTOMER_STAGE_NEEDS_MANAGER): a level the pool exempts from
 * reclaim (重点 by default) and the deal stages. The form uses this only to offer valid choices
 * and to ask managers why; the server stays the judge.
 */
export const DEAL_STAGES: readonly Stage[] = ['deal', 'repeat']

export const maySetProtectedFacts = (role: Role | null | undefined) => role === 'manager' || role === 'admin'

export const isDealStage = (stage: Stage | '' | null | undefined) => Boolean(stage) && DEAL_STAGES.includes(stage as Stage)

/** "等级：C → 重点" / "阶段：商机 → 成交" for each protected change from `before` to `after`. */
export function describeProtectedChanges(
  before: { level: Level | ''; stage: Stage | '' },
  after: { level: Level | ''; stage: Stage | '' },
  exemptLevels: readonly Level[]
): string[] {
  const changes: string[] = []
  const exempt = (l: Level | '') => Boolean(l) && exemptLevels.includes(l as Level)
  // An emptied level is not sent, so it changes nothing.
  if (after.level && after.level !== before.level && (exempt(before.level) || exempt(after.level))) {
    changes.push(`等级：${levelLabel(before.level) || '未设置'} → ${levelLabel(after.level)}`)
  }
  if (after.stage && after.stage !== before.stage && (isDealStage(before.stage) || isDealStage(after.stage))) {
    changes.push(`阶段：${stageLabel(before.stage)} → ${stageLabel(after.stage)}`)
  }
  return changes
}
