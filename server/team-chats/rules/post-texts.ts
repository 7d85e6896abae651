import type { FollowUpType } from '../../../entities/follow-up.entity.ts';
import { LEVEL_LABELS, STAGE_LABELS } from '../../customers/rules/protected-facts.ts';

const TYPE_LABELS: Record<FollowUpType, string> = { call: '电话', visit: '拜访', wechat: '微信', email: '邮件', meeting: '会议', other: '其他' };

/** appchat/send text limit (WECOM.md §5): 2048 bytes; longer texts are cut on a character boundary with "…". */
export function fitText(text: string, maxBytes = 2048): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch + '…', 'utf8') > maxBytes) break;
    out += ch;
  }
  return `${out}…`;
}

export function followUpPost(customerName: string, p: { author: string; type: FollowUpType; content: string }): string {
  return fitText(`【新跟进】${customerName}\n${p.author}（${TYPE_LABELS[p.type] ?? p.type}）：${p.content}`);
}

export interface HistoryFacts {
  type: string;
  by: string | null;
  from: string | null;
  to: string | null;
  fromValue: string | null;
  toValue: string | null;
  reason: string | null;
}

/** The post for a history event, or null for the events the team group does not hear about. */
export function historyPost(customerName: string, e: HistoryFacts): string | null {
  const by = e.by ?? '系统';
  const why = e.reason ? `（${e.reason}）` : '';
  const stage = (v: string | null) => (v ? STAGE_LABELS[v as keyof typeof STAGE_LABELS] ?? v : '未设置');
  const level = (v: string | null) => (v ? LEVEL_LABELS[v as keyof typeof LEVEL_LABELS] ?? v : '未设置');
  let line: string | null = null;
  switch (e.type) {
    case 'stage_changed': line = `阶段：${stage(e.fromValue)} → ${stage(e.toValue)} · ${by}${why}`; break;
    case 'level_changed': line = `等级：${level(e.fromValue)} → ${level(e.toValue)} · ${by}${why}`; break;
    case 'assigned': line = `${by} 分配给 ${e.to ?? '—'}${why}`; break;
    case 'transferred': line = `${by} 将客户从 ${e.from ?? '—'} 转给 ${e.to ?? '—'}${why}`; break;
    case 'claimed': line = `${e.to ?? by} 从公海领取`; break;
    case 'released': line = `${e.from ?? by} 释放到公海${why}`; break;
    case 'reclaimed': line = `客户被收回公海${why}`; break;
    // The pipeline (reason names the opportunity, the values are stage names).
    case 'opp_created': line = `${by} 新建商机「${e.reason ?? '商机'}」：${e.toValue ?? ''}`; break;
    case 'opp_moved': line = `商机「${e.reason ?? '商机'}」：${e.fromValue ?? ''} → ${e.toValue ?? ''} · ${by}`; break;
    case 'opp_won': line = `商机「${e.reason ?? '商机'}」赢单 · ${by}`; break;
    case 'opp_lost': line = `商机「${e.reason ?? '商机'}」输单（${e.toValue ?? ''}）· ${by}`; break;
    case 'opp_reopened': line = `商机「${e.reason ?? '商机'}」重新打开（${e.fromValue ?? ''} → ${e.toValue ?? ''}）· ${by}`; break;
    case 'group_bound': case 'group_unbound': case 'group_joined': case 'group_left': case 'group_dismissed': line = e.reason; break;
    default: line = null;
  }
  return line ? fitText(`【客户动态】${customerName}\n${line}`) : null;
}

export function summaryPost(c: { name: string; owner: string | null; stage: string; level: string | null; followers: string[]; lastFollowUp: string | null }): string {
  return fitText([
    `【客户作战群】${c.name}`,
    `负责人：${c.owner ?? '公海'}`,
    `阶段：${STAGE_LABELS[c.stage as keyof typeof STAGE_LABELS] ?? c.stage}${c.level ? ` · 等级：${LEVEL_LABELS[c.level as keyof typeof LEVEL_LABELS] ?? c.level}` : ''}`,
    c.followers.length ? `协作人：${c.followers.join('、')}` : null,
    c.lastFollowUp ? `最近跟进：${c.lastFollowUp}` : '还没有跟进记录',
    '此后客户的新跟进、阶段与负责人变更会发到本群。',
  ].filter((l): l is string => l !== null).join('\n'));
}

/** An approval of the customer decided: the kind, the amount and the decision. */
export function approvalPost(customerName: string, a: { requester: string; typeLabel: string; amountFen: number; status: 'approved' | 'rejected'; reason: string }): string {
  const amount = `¥${(a.amountFen / 100).toFixed(2)}`;
  return fitText(`【审批结果】${customerName}\n${a.requester} 的${a.typeLabel}申请 ${amount} ${a.status === 'approved' ? '已通过' : '已驳回'}（事由：${a.reason}）`);
}

/** The pool's warning: the customer goes back to the pool soon unless someone acts. */
export function reclaimWarningPost(customerName: string, w: { reason: string; daysLeft: number }): string {
  const when = w.daysLeft <= 0 ? '今天' : `${w.daysLeft} 天后`;
  return fitText(`【回收预警】${customerName}\n${w.reason}，${when}将收回公海`);
}

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** A contract of the customer signed (at once, or when its approval passed). */
export function contractPost(customerName: string, c: { number: string; amountFen: number }): string {
  return fitText(`【合同签订】${customerName}\n合同 ${c.number} ${yuan(c.amountFen)} 已签订`);
}

/** A payment received on one of the customer's contracts. */
export function paymentPost(customerName: string, p: { number: string; amountFen: number; receivedOn: string; by: string | null }): string {
  return fitText(`【回款】${customerName}\n合同 ${p.number} 回款 ${yuan(p.amountFen)}（到账 ${p.receivedOn}）${p.by ? ` · ${p.by}` : ''}`);
}
