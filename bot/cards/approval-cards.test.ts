import { describe, expect, it } from 'vitest';
import { approvalCardPayload, approvalKey, parseApprovalKey } from '../../server/approvals/approval-cards.ts';
import { buildCard } from './build-card.ts';
import { HOSTILE_TEXTS, makeCtx } from './cards.fixtures.ts';
import { validateTemplateCard } from './validate-template-card.ts';

const facts = {
  id: 12, type: 'entertainment', amountFen: 500_000, customerName: '华为技术', requesterName: '张三', reason: '客户招待晚餐', round: 1, level: 1, levels: 2,
};

describe('approval cards', () => {
  it('should build the approver\'s button_interaction card with the rows, buttons, reason selector and link', () => {
    const card = buildCard('decision', JSON.parse(JSON.stringify(approvalCardPayload(facts))), makeCtx()).template_card;
    expect(card.card_type).toBe('button_interaction');
    expect(card.horizontal_content_list!.map((r) => `${r.keyname}:${r.value}`)).toEqual([
      '类型:招待', '金额:¥5,000.00', '客户:华为技术', '申请人:张三', '事由:客户招待晚餐', '轮次:第 1 轮',
    ]);
    expect(card.button_list!.map((b) => [b.text, b.key])).toEqual([['同意', 'approval:approve:12:1:1'], ['驳回', 'approval:reject:12:1:1']]);
    expect(card.button_selection!.selected_id).toBe('none');
    expect(card.card_action!.url).toBe('https://crm.example.com/#/pages/approval-detail/index?id=12');
  });

  it.each(Object.entries(HOSTILE_TEXTS))('should stay within WeCom\'s limits when names and reasons are %s', (_case, text) => {
    const payload = approvalCardPayload({ ...facts, customerName: text, requesterName: text, reason: text, amountFen: 10_000_000_000, round: 999 });
    const card = buildCard('decision', JSON.parse(JSON.stringify(payload)), makeCtx());
    expect(validateTemplateCard(card)).toEqual([]);
    const notice = buildCard('approval-notice', { topic: 'wecrm 审批', approvalId: '12', title: text, desc: text, detail: text, rows: [{ key: text, value: text }] }, makeCtx());
    expect(validateTemplateCard(notice)).toEqual([]);
  });

  it.each([
    ['approval:approve:12:1:1', { decision: 'approve', approvalId: 12, round: 1, level: 1 }],
    ['approval:reject:2147483647:3:4', { decision: 'reject', approvalId: 2147483647, round: 3, level: 4 }],
    ['approval:approve:2147483648:1:1', null],
    ['approval:approve:12:1', null],
    ['approval:maybe:12:1:1', null],
    ['release:12', null],
  ])('should parse the key %s', (key, expected) => {
    expect(parseApprovalKey(key)).toEqual(expected);
  });

  it('should round-trip the keys it makes', () => {
    expect(parseApprovalKey(approvalKey('reject', 7, 2, 3))).toEqual({ decision: 'reject', approvalId: 7, round: 2, level: 3 });
  });
});
