import type { ApprovalStatus, ApprovalType } from '../services/types'

// `glyph` is a one-character badge, drawn the same in WeCom, WeChat and browsers without an icon font.
export const APPROVAL_TYPES: { value: Exclude<ApprovalType, 'contract'>; label: string; glyph: string; color: string }[] = [
  { value: 'entertainment', label: '招待', glyph: '招', color: '#FF8800' },
  { value: 'travel', label: '差旅', glyph: '旅', color: '#0082EF' },
  { value: 'gift', label: '礼品', glyph: '礼', color: '#F54A45' },
  { value: 'discount', label: '折扣', glyph: '折', color: '#7B61FF' },
  { value: 'other', label: '其他', glyph: '他', color: '#8F959E' }
]

const CONTRACT = { value: 'contract' as const, label: '合同', glyph: '合', color: '#00B578' }

export function approvalTypeMeta(type: ApprovalType | string) {
  if (type === 'contract') return CONTRACT
  return APPROVAL_TYPES.find((t) => t.value === type) ?? APPROVAL_TYPES[APPROVAL_TYPES.length - 1]
}

/** The server refuses these without a customer (an expense for someone). */
export const CUSTOMER_REQUIRED_TYPES: ApprovalType[] = ['entertainment', 'gift', 'discount']

export const APPROVAL_STATUS: Record<ApprovalStatus, { label: string; tone: 'pending' | 'approved' | 'rejected' | 'withdrawn' }> = {
  pending: { label: '审批中', tone: 'pending' },
  approved: { label: '已通过', tone: 'approved' },
  rejected: { label: '已驳回', tone: 'rejected' },
  withdrawn: { label: '已撤回', tone: 'withdrawn' }
}

export function approvalStatusLabel(status: ApprovalStatus | string): string {
  return APPROVAL_STATUS[status as ApprovalStatus]?.label ?? status
}

/** Quick reasons for a rejection (a reason is required). */
export const APPROVAL_REJECT_REASONS = ['金额偏高', '理由不充分', '缺少票据', '不符合费用政策', '其他']

/** The server keeps at most this many characters of reason, and this many receipt photos. */
export const APPROVAL_REASON_MAX = 500
export const APPROVAL_PHOTOS_MAX = 9
