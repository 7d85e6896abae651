import type { NotificationInput } from '../notifications/notification.ts';
import type { decision } from '../notifications/decision.notification.ts';
import { formatFen } from './rules/money.ts';
import { TYPE_LABELS } from './approvals.schemas.ts';

/** The EventKey prefix the approvals card action owns. */
export const APPROVAL_KEY_PREFIX = 'approval:';

/** Every approver of one level of one round shares this event: their cards are updated together. */
export const levelEventKey = (approvalId: number, round: number, level: number): string => `approval:${approvalId}:${round}:${level}`;

export const approvalKey = (decisionWord: 'approve' | 'reject', approvalId: number, round: number, level: number): string =>
  `${APPROVAL_KEY_PREFIX}${decisionWord}:${approvalId}:${round}:${level}`;

export interface ParsedApprovalKey {
  decision: 'approve' | 'reject';
  approvalId: number;
  round: number;
  level: number;
}

/** `approval:<approve|reject>:<id>:<round>:<level>` → its parts; null for anything else. */
export function parseApprovalKey(key: string): ParsedApprovalKey | null {
  const m = /^approval:(approve|reject):([1-9][0-9]{0,9}):([1-9][0-9]{0,5}):([1-9])$/.exec(key);
  if (!m) return null;
  const approvalId = Number(m[2]);
  if (approvalId > 2_147_483_647) return null;
  return { decision: m[1] as 'approve' | 'reject', approvalId, round: Number(m[3]), level: Number(m[4]) };
}

/** The reason selector on a card: rejecting from chat needs a reason, the placeholder is none. */
export const REJECT_REASON_QUESTION = 'reject_reason';
export const REJECT_REASON_PLACEHOLDER = { id: 'none', text: '驳回请先选原因' } as const;
export const REJECT_REASONS = [
  { id: 'too_much', text: '金额过高' },
  { id: 'weak_reason', text: '理由不充分' },
  { id: 'no_receipt', text: '缺少凭证' },
  { id: 'other', text: '其他' },
] as const;

export function rejectReasonOf(optionId: string | null | undefined): string | null {
  return REJECT_REASONS.find((r) => r.id === optionId)?.text ?? null;
}

/** A greyed button is one line: long words are cut with an ellipsis. */
function short(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** What a card shows once its level is settled. */
export const cardOutcomeText = {
  approved: (by: string) => `已同意 · ${by}`,
  rejected: (comment: string | null) => (comment ? `已驳回 · ${short(comment, 16)}` : '已驳回'),
  withdrawn: () => '已撤回',
  passed: () => '已自动通过',
  expired: () => '卡片已过期，请在应用中处理',
  notAllowed: () => '无权审批',
};

export interface CardFacts {
  id: number;
  type: string;
  amountFen: number;
  customerName: string | null;
  requesterName: string;
  reason: string;
  round: number;
  level: number;
  levels: number;
}

/** The decision card each approver of the current level receives (urgent, 同意 / 驳回). */
export function approvalCardPayload(f: CardFacts): NotificationInput<typeof decision> {
  const label = TYPE_LABELS[f.type] ?? '费用';
  return {
    topic: 'wecrm 审批',
    title: `${f.requesterName}的${label}申请`,
    desc: f.levels > 1 ? `第 ${f.level}/${f.levels} 级审批，待你处理` : '待你审批',
    rows: [
      { key: '类型', value: label },
      { key: '金额', value: formatFen(f.amountFen) },
      { key: '客户', value: f.customerName ?? '—' },
      { key: '申请人', value: f.requesterName },
      { key: '事由', value: f.reason },
      { key: '轮次', value: `第 ${f.round} 轮` },
    ],
    buttons: [
      { key: approvalKey('approve', f.id, f.round, f.level), text: '同意', style: 1 },
      { key: approvalKey('reject', f.id, f.round, f.level), text: '驳回', style: 2 },
    ],
    page: `/pages/approval-detail/index?id=${f.id}`,
    selection: {
      questionKey: REJECT_REASON_QUESTION, title: '驳回原因',
      placeholder: { ...REJECT_REASON_PLACEHOLDER }, options: REJECT_REASONS.map((r) => ({ ...r })),
    },
  };
}
