import type { Approval, ApprovalStep, UserRef } from '../services/types'

// What the request page draws from the server's steps. The server decides who approves which
// level; this only reads its answer (which step is current, which are decided, which still come).

export type StepState =
  /** decided: 同意 */
  | 'approved'
  /** decided: 驳回 */
  | 'rejected'
  /** passed without a decision (only people who had already decided, or the requester, were left): the server's note says why */
  | 'passed'
  /** waiting on its approvers now */
  | 'current'
  /** still to come in this round */
  | 'upcoming'
  /** never reached: the round ended (rejected, withdrawn) before it */
  | 'not-reached'

export interface TimelineStep {
  level: number
  approvers: UserRef[]
  state: StepState
  decidedBy: UserRef | null
  comment: string | null
  decidedAt: string | null
  note: string | null
}

export interface TimelineRound {
  round: number
  /** the round being decided now, or the last one */
  latest: boolean
  steps: TimelineStep[]
}

function stateOf(a: Approval, s: ApprovalStep): StepState {
  if (s.decision === 'approved') return s.decidedBy ? 'approved' : 'passed'
  if (s.decision === 'rejected') return 'rejected'
  const live = a.status === 'pending' && s.round === a.round
  if (live && a.currentLevel != null) {
    if (s.level === a.currentLevel) return 'current'
    if (s.level > a.currentLevel) return 'upcoming'
  }
  // an approved request's undecided level was passed over by the server
  if (a.status === 'approved' && s.round === a.round) return 'passed'
  return 'not-reached'
}

/** Rounds oldest first, levels in order; a rejected round stays in the history of a resubmitted request. */
export function approvalTimeline(a: Approval): TimelineRound[] {
  const byRound = new Map<number, ApprovalStep[]>()
  for (const s of a.steps) {
    const list = byRound.get(s.round) ?? []
    list.push(s)
    byRound.set(s.round, list)
  }
  if (!byRound.has(a.round)) byRound.set(a.round, [])
  return [...byRound.keys()]
    .sort((x, y) => x - y)
    .map((round) => ({
      round,
      latest: round === a.round,
      steps: byRound
        .get(round)!
        .slice()
        .sort((x, y) => x.level - y.level)
        .map((s) => ({ level: s.level, approvers: s.approvers, state: stateOf(a, s), decidedBy: s.decidedBy, comment: s.comment, decidedAt: s.decidedAt, note: s.note ?? null }))
    }))
}

export interface ApprovalRights {
  /** I am one of the approvers of the level it waits on now */
  canDecide: boolean
  /** the requester, while it is pending */
  canWithdraw: boolean
  /** the requester, after a rejection */
  canResubmit: boolean
}

/** The server's own answer when it gives one (canDecide…), else read from the steps. */
export function approvalRights(a: Approval, meId: string | undefined): ApprovalRights {
  if (typeof a.canDecide === 'boolean') {
    return { canDecide: a.canDecide, canWithdraw: Boolean(a.canWithdraw), canResubmit: Boolean(a.canResubmit) }
  }
  const mine = Boolean(meId) && a.requester.id === meId
  const current = a.status === 'pending' ? a.steps.find((s) => s.round === a.round && s.level === a.currentLevel) : undefined
  return {
    canDecide: Boolean(meId && current && current.decision === null && current.approvers.some((u) => u.id === meId)),
    canWithdraw: mine && a.status === 'pending',
    canResubmit: mine && a.status === 'rejected'
  }
}
