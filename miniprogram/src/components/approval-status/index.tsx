import { Text } from '@tarojs/components'
import type { ApprovalStatus } from '../../services/types'
import { APPROVAL_STATUS } from '../../utils/approval-labels'
import './index.scss'

/** 审批中 / 已通过 / 已驳回 / 已撤回 as a coloured pill. */
export default function ApprovalStatusPill({ status, testId }: { status: ApprovalStatus; testId?: string }) {
  const meta = APPROVAL_STATUS[status] ?? { label: status, tone: 'withdrawn' }
  return (
    <Text className={`approval-status approval-status--${meta.tone}`} data-testid={testId}>
      {meta.label}
    </Text>
  )
}
