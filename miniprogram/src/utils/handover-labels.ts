import type { Handover, HandoverPreview, HandoverStatus, WecomTransferStatus } from '../services/handover'

// Words for the handover pages: statuses, who got what, what the preview counts.

export const HANDOVER_STATUS: Record<HandoverStatus, { label: string; tone: 'pending' | 'approved' | 'rejected' | 'withdrawn' }> = {
  draft: { label: '待交接', tone: 'pending' },
  running: { label: '交接中', tone: 'pending' },
  done: { label: '已完成', tone: 'approved' },
  failed: { label: '失败', tone: 'rejected' }
}

export const handoverStatusMeta = (status: HandoverStatus | string) =>
  HANDOVER_STATUS[status as HandoverStatus] ?? { label: status, tone: 'withdrawn' as const }

/** What a member holds, in the order the preview shows it. */
export const PREVIEW_COUNTS: Array<{ key: keyof HandoverPreview['counts']; label: string; unit: string }> = [
  { key: 'customers', label: '客户', unit: '位' },
  { key: 'coFollowed', label: '协作客户', unit: '位' },
  { key: 'plannedFollowUps', label: '计划跟进', unit: '条' },
  { key: 'approvalsToDecide', label: '待审批', unit: '条' },
  { key: 'approvalsFiled', label: '已提交审批', unit: '条' },
  { key: 'wecomContacts', label: '企业微信客户', unit: '位' },
  { key: 'wecomGroups', label: '客户群', unit: '个' }
]

/** "李四" / "李四、王芳" / "公海" / "待选择": where the customers went (or go). */
export function handoverTargetText(h: Pick<Handover, 'to'>): string {
  if (!h.to) return '待选择'
  if ('pool' in h.to) return '公海'
  const names = h.to.users.map((u) => u.name).filter(Boolean)
  return names.length ? names.join('、') : `${h.to.userIds.length} 位同事`
}

export const triggerLabel = (trigger: Handover['trigger']) => (trigger === 'departure' ? '离职' : '转派')

/** A WeCom transfer's state: waiting for the customer's 24 h, taken over, or refused (and why). */
export const WECOM_TRANSFER_STATUS: Record<WecomTransferStatus, { label: string; tone: 'ok' | 'warn' | 'bad' }> = {
  pending: { label: '待发起', tone: 'warn' },
  waiting: { label: '等待接替', tone: 'warn' },
  taken_over: { label: '已接替', tone: 'ok' },
  refused: { label: '客户拒绝', tone: 'bad' },
  limit: { label: '接替成员客户已满', tone: 'bad' },
  failed: { label: '失败', tone: 'bad' }
}

export const wecomTransferMeta = (status: string) =>
  WECOM_TRANSFER_STATUS[status as WecomTransferStatus] ?? { label: status, tone: 'bad' as const }
