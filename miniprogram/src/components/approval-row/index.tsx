import { View, Text } from '@tarojs/components'
import type { Approval } from '../../services/types'
import { approvalTypeMeta } from '../../utils/approval-labels'
import { formatFen } from '../../utils/money'
import { formatDate } from '../../utils/time'
import ApprovalStatusPill from '../approval-status'
import './index.scss'

interface Props {
  approval: Approval
  /** in 我发起的 the requester is me: the row names who it waits on instead */
  showRequester: boolean
  onClick: (approval: Approval) => void
}

/** Who the current level waits on ("等待 王经理、李经理"), from the server's steps. */
export function waitingOn(a: Approval): string | null {
  if (a.status !== 'pending' || a.currentLevel == null) return null
  const step = a.steps.find((s) => s.round === a.round && s.level === a.currentLevel)
  if (!step || step.approvers.length === 0) return null
  return `等待 ${step.approvers.map((u) => u.name).join('、')}`
}

export default function ApprovalRow({ approval: a, showRequester, onClick }: Props) {
  const meta = approvalTypeMeta(a.type)
  const waiting = waitingOn(a)
  // 我发起的: the requester is me; a pending request names who it waits on instead
  const who = showRequester ? a.requester.name : waiting
  return (
    <View className='approval-row' data-testid={`approval-row-${a.id}`} onClick={() => onClick(a)}>
      <View className='approval-row__glyph' style={{ background: meta.color }}>
        {meta.glyph}
      </View>
      <View className='approval-row__main'>
        <View className='approval-row__top'>
          <Text className='approval-row__type'>{meta.label}</Text>
          <Text className='approval-row__amount' data-testid={`approval-amount-${a.id}`}>
            {formatFen(a.amountFen)}
          </Text>
          <ApprovalStatusPill status={a.status} testId={`approval-status-${a.id}`} />
        </View>
        <View className='approval-row__meta'>
          <Text className='approval-row__customer'>{a.customer ? a.customer.name : '未关联客户'}</Text>
          {who && (
            <>
              <Text className='approval-row__dot'>·</Text>
              <Text className='approval-row__who'>{who}</Text>
            </>
          )}
          {a.round > 1 && <Text className='approval-row__round'>第{a.round}轮</Text>}
          <Text className='approval-row__date'>{formatDate(a.createdAt)}</Text>
        </View>
        <Text className='approval-row__reason'>{a.reason}</Text>
      </View>
    </View>
  )
}
