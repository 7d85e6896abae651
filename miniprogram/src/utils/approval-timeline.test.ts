import { describe, expect, it } from 'vitest'
import type { Approval, ApprovalStep } from '../services/types'
import { approvalRights, approvalTimeline } from './approval-timeline'

const rep = { id: '1', name: '张三' }
const manager = { id: '2', name: '王经理' }
const boss = { id: '3', name: '陈总' }
const boss2 = { id: '4', name: '李总' }

const step = (round: number, level: number, approvers = [manager], decided?: Partial<ApprovalStep>): ApprovalStep => ({
  round, level, approvers, decision: null, decidedBy: null, comment: null, decidedAt: null, ...decided
})

const approval = (over: Partial<Approval>): Approval => ({
  id: '9', type: 'entertainment', amountFen: 500_000, customer: { id: '7', name: '华东制造' }, reason: '晚餐',
  status: 'pending', requester: rep, round: 1, currentLevel: 1, steps: [step(1, 1), step(1, 2, [boss, boss2])], createdAt: '2026-12-01T02:00:00Z',
  ...over
})

describe('approvalTimeline', () => {
  it('should show the current level and the levels still to come when a request is pending', () => {
    const [round] = approvalTimeline(approval({}))
    expect(round.steps.map((s) => s.state)).toEqual(['current', 'upcoming'])
    expect(round.steps[1].approvers.map((u) => u.name)).toEqual(['陈总', '李总'])
  })

  it('should show who approved the first level when the request moved on to the boss', () => {
    const a = approval({ currentLevel: 2, steps: [step(1, 2, [boss]), step(1, 1, [manager], { decision: 'approved', decidedBy: manager, decidedAt: '2026-12-01T03:00:00Z' })] })
    const [round] = approvalTimeline(a)
    expect(round.steps.map((s) => [s.level, s.state, s.decidedBy?.name ?? null])).toEqual([[1, 'approved', '王经理'], [2, 'current', null]])
  })

  it('should keep a rejected round in the history and mark what it never reached when the request was resubmitted', () => {
    const a = approval({
      round: 2,
      currentLevel: 1,
      steps: [
        step(1, 1, [manager], { decision: 'rejected', decidedBy: manager, comment: '金额偏高' }),
        step(1, 2, [boss]),
        step(2, 1),
        step(2, 2, [boss])
      ]
    })
    const rounds = approvalTimeline(a)
    expect(rounds.map((r) => [r.round, r.latest, r.steps.map((s) => s.state)])).toEqual([
      [1, false, ['rejected', 'not-reached']],
      [2, true, ['current', 'upcoming']]
    ])
    expect(rounds[0].steps[0].comment).toBe('金额偏高')
  })

  it('should call a level passed when the server approved it without a decider', () => {
    const a = approval({ status: 'approved', currentLevel: null, steps: [step(1, 1, [manager], { decision: 'approved', decidedBy: manager }), step(1, 2, [manager], { decision: 'approved', comment: '审批人已审批过，自动通过' })] })
    expect(approvalTimeline(a)[0].steps.map((s) => s.state)).toEqual(['approved', 'passed'])
  })

  it('should mark every undecided level not reached when the request was withdrawn', () => {
    const a = approval({ status: 'withdrawn', currentLevel: null })
    expect(approvalTimeline(a)[0].steps.map((s) => s.state)).toEqual(['not-reached', 'not-reached'])
  })
})

describe('approvalRights', () => {
  it('should let an approver of the current level decide, and nobody else, when it is pending', () => {
    const a = approval({ currentLevel: 2, steps: [step(1, 1, [manager], { decision: 'approved', decidedBy: manager }), step(1, 2, [boss, boss2])] })
    expect(approvalRights(a, boss2.id).canDecide).toBe(true)
    expect(approvalRights(a, manager.id).canDecide).toBe(false)
    expect(approvalRights(a, rep.id)).toEqual({ canDecide: false, canWithdraw: true, canResubmit: false })
  })

  it('should let the requester resubmit only when the request was rejected', () => {
    const rejected = approval({ status: 'rejected', currentLevel: null, steps: [step(1, 1, [manager], { decision: 'rejected', decidedBy: manager })] })
    expect(approvalRights(rejected, rep.id)).toEqual({ canDecide: false, canWithdraw: false, canResubmit: true })
    expect(approvalRights(rejected, manager.id)).toEqual({ canDecide: false, canWithdraw: false, canResubmit: false })
    expect(approvalRights(approval({ status: 'approved', currentLevel: null }), rep.id)).toEqual({ canDecide: false, canWithdraw: false, canResubmit: false })
  })

  it('should give no rights when nobody is logged in', () => {
    expect(approvalRights(approval({}), undefined)).toEqual({ canDecide: false, canWithdraw: false, canResubmit: false })
  })
})

describe('approvalRights from the server', () => {
  it('should follow the server\'s flags when it sends them', () => {
    const a = approval({ canDecide: false, canWithdraw: false, canResubmit: false })
    expect(approvalRights(a, manager.id)).toEqual({ canDecide: false, canWithdraw: false, canResubmit: false })
    expect(approvalRights(approval({ canDecide: true, canWithdraw: false, canResubmit: false }), boss.id).canDecide).toBe(true)
  })
})
