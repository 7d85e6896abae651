import { View, Text } from '@tarojs/components'
import type { Approval } from '../../services/types'
import { approvalTimeline, type StepState, type TimelineStep } from '../../utils/approval-timeline'
import { formatMonthDayTime } from '../../utils/time'

const STATE_LABEL: Record<StepState, string> = {
  approved: '已同意',
  rejected: '已驳回',
  passed: '已通过',
  current: '审批中',
  upcoming: '待审批',
  'not-reached': '未审批'
}

const GLYPH: Record<StepState, string> = {
  approved: '✓',
  rejected: '✕',
  passed: '✓',
  current: '…',
  upcoming: '',
  'not-reached': ''
}

function names(step: TimelineStep): string {
  const list = step.approvers.map((u) => u.name).join('、')
  return step.approvers.length > 1 ? `${list}（任一人审批）` : list || '审批人待定'
}

function StepNode({ step, roundKey }: { step: TimelineStep; roundKey: string }) {
  const decided = step.state === 'approved' || step.state === 'rejected'
  return (
    <View className={`ad-step ad-step--${step.state}`} data-testid={`approval-step-${roundKey}-${step.level}`}>
      <View className='ad-step__rail'>
        <View className='ad-step__dot'>{GLYPH[step.state]}</View>
        <View className='ad-step__line' />
      </View>
      <View className='ad-step__body'>
        <View className='ad-step__head'>
          <Text className='ad-step__level'>第{step.level}级审批</Text>
          <Text className='ad-step__state' data-testid={`approval-step-state-${roundKey}-${step.level}`}>
            {STATE_LABEL[step.state]}
            {decided && step.decidedBy ? ` · ${step.decidedBy.name}` : ''}
          </Text>
          {step.decidedAt && <Text className='ad-step__time'>{formatMonthDayTime(step.decidedAt)}</Text>}
        </View>
        {/* the sole approver who decided is already named in the head */}
        {!(decided && step.approvers.length === 1 && step.decidedBy?.id === step.approvers[0].id) && <Text className='ad-step__who'>{names(step)}</Text>}
        {step.note && <Text className='ad-step__note'>{step.note}</Text>}
        {step.comment && <Text className={`ad-step__comment ${step.state === 'rejected' ? 'ad-step__comment--rejected' : ''}`}>{step.comment}</Text>}
      </View>
    </View>
  )
}

/** 审批流程: every round, oldest first, and in each its levels — decided, current, or still to come. */
export default function ApprovalTimeline({ approval: a }: { approval: Approval }) {
  const rounds = approvalTimeline(a)
  const several = rounds.length > 1
  return (
    <View className='card' data-testid='approval-timeline'>
      <View className='card-title'>
        <Text>审批流程</Text>
        {several && <Text className='detail-count'>共 {rounds.length} 轮</Text>}
      </View>
      {rounds.map((r) => (
        <View key={r.round} className={`ad-round ${r.latest ? '' : 'ad-round--past'}`} data-testid={`approval-round-${r.round}`}>
          {several && (
            <Text className='ad-round__title'>
              第{r.round}轮{r.round > 1 ? '（修改后重新提交）' : ''}
            </Text>
          )}
          <View className='ad-step ad-step--submitted'>
            <View className='ad-step__rail'>
              <View className='ad-step__dot'>✓</View>
              <View className='ad-step__line' />
            </View>
            <View className='ad-step__body'>
              <View className='ad-step__head'>
                <Text className='ad-step__level'>{r.round > 1 ? '重新提交' : '提交申请'}</Text>
                <Text className='ad-step__state'>{a.requester.name}</Text>
                {r.round === 1 && <Text className='ad-step__time'>{formatMonthDayTime(a.createdAt)}</Text>}
              </View>
            </View>
          </View>
          {r.steps.map((s) => (
            <StepNode key={s.level} step={s} roundKey={String(r.round)} />
          ))}
          {r.latest && a.status === 'withdrawn' && (
            <View className='ad-step ad-step--withdrawn'>
              <View className='ad-step__rail'>
                <View className='ad-step__dot'>↩</View>
              </View>
              <View className='ad-step__body'>
                <View className='ad-step__head'>
                  <Text className='ad-step__level'>已撤回</Text>
                  <Text className='ad-step__state'>{a.requester.name}</Text>
                </View>
              </View>
            </View>
          )}
          {r.latest && r.steps.length === 0 && a.status === 'approved' && <Text className='ad-step__who'>无需审批，已自动通过</Text>}
        </View>
      ))}
    </View>
  )
}
