import type { FollowUpType, Level, Role, Stage } from '../services/types'

export const STAGES: { value: Stage; label: string }[] = [
  { value: 'lead', label: '线索' },
  { value: 'contacted', label: '已联系' },
  { value: 'opportunity', label: '商机' },
  { value: 'deal', label: '成交' },
  { value: 'repeat', label: '复购' },
  { value: 'dormant', label: '沉睡' },
  { value: 'lost', label: '流失' }
]

export function stageLabel(stage: Stage | string | null | undefined): string {
  return STAGES.find((s) => s.value === stage)?.label ?? (stage || '未知阶段')
}

export const LEVELS: { value: Level; label: string }[] = [
  { value: 'key', label: '重点' },
  { value: 'A', label: 'A' },
  { value: 'B', label: 'B' },
  { value: 'C', label: 'C' }
]

export function levelLabel(level: Level | string | null | undefined): string {
  if (!level) return ''
  return LEVELS.find((l) => l.value === level)?.label ?? level
}

// `glyph` is a one-character badge: it renders the same in WeChat, WeCom and browsers without an icon font.
export const FOLLOW_UP_TYPES: { value: FollowUpType; label: string; glyph: string; color: string }[] = [
  { value: 'call', label: '电话', glyph: '电', color: '#0082EF' },
  { value: 'visit', label: '拜访', glyph: '访', color: '#00B578' },
  { value: 'wechat', label: '微信', glyph: '微', color: '#07C160' },
  { value: 'email', label: '邮件', glyph: '邮', color: '#7B61FF' },
  { value: 'meeting', label: '会议', glyph: '会', color: '#FF8800' },
  { value: 'other', label: '其他', glyph: '他', color: '#8F959E' }
]

export function followUpTypeMeta(type: FollowUpType | string) {
  return FOLLOW_UP_TYPES.find((t) => t.value === type) ?? FOLLOW_UP_TYPES[FOLLOW_UP_TYPES.length - 1]
}

export const ROLE_LABELS: Record<Role, string> = {
  rep: '销售',
  manager: '经理',
  admin: '管理员'
}

export function roleLabel(role: Role | string): string {
  return ROLE_LABELS[role as Role] ?? role
}

// Filter choices for the pool (the server filters on exact values); values seen in the listing are added to these.
export const COMMON_INDUSTRIES = ['制造业', '互联网', '零售', '医疗', '教育', '金融', '物流', '房地产', '能源', '餐饮']
export const COMMON_REGIONS = ['上海', '杭州', '苏州', '南京', '宁波', '无锡', '深圳', '广州', '东莞', '佛山', '珠海', '厦门']

/** Quick reasons offered when a rep gives a customer back to the pool (释放). */
export const RELEASE_REASONS = ['客户无意向', '联系不上', '预算不足', '已选竞品', '其他']
/** Quick reasons for a manager taking a customer back (收回). */
export const RECLAIM_REASONS = ['长期未跟进', '跟进不到位', '调整分工', '其他']
/** Quick reasons for an assignment (分配), optional. */
export const ASSIGN_REASONS = ['区域对口', '行业经验', '均衡工作量', '客户指定']

/** Quick reasons for a rep's 申请设为重点. */
export const LEVEL_REQUEST_REASONS = ['年采购额大', '战略合作伙伴', '长期稳定合作', '其他']
/** Quick comments for a manager approving one (optional). */
export const LEVEL_APPROVE_REASONS = ['情况属实', '同意']
/** Quick reasons for rejecting one (required). */
export const LEVEL_REJECT_REASONS = ['理由不充分', '暂不符合重点标准', '其他']

/** A list total; past the server's counting cap (10,000) it reads "1万+". */
export function totalLabel(total: number, capped?: boolean): string {
  if (!capped) return String(total)
  return total >= 10000 ? `${Math.floor(total / 10000)}万+` : `${total}+`
}
