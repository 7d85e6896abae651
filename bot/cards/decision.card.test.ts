import { describe, expect, it } from 'vitest';
import { SELECTION_REQUIRED_STATE } from '../../server/notifications/decision.notification.ts';
import { HOSTILE_TEXTS, makeCtx } from './cards.fixtures.ts';
import { buildDecisionCard, decisionPayloadSchema, redrawDecision } from './decision.card.ts';
import { validateTemplateCard } from './validate-template-card.ts';

describe('decision card', () => {
  const base = decisionPayloadSchema.parse({
    topic: 'wecrm 审批', title: '张三 申请招待费', desc: '¥5,000.00', rows: [{ key: '客户', value: '华为技术' }, { key: '第几轮', value: '第 1 轮' }],
    buttons: [{ key: 'approval:approve:1:1:1', text: '同意', style: 1 }, { key: 'approval:reject:1:1:1', text: '驳回', style: 2 }],
    page: '/pages/approval-detail/index?id=1',
    selection: { questionKey: 'reject_reason', title: '驳回原因', placeholder: { id: 'none', text: '驳回时请选择原因' }, options: [{ id: 'too_much', text: '金额过高' }, { id: 'other', text: '其他原因' }] },
  });

  it('should carry its buttons, the reason selector with the placeholder chosen, and open the page', () => {
    const card = buildDecisionCard(base, makeCtx());
    expect(card.template_card.button_list?.map((b) => b.key)).toEqual(['approval:approve:1:1:1', 'approval:reject:1:1:1']);
    expect(card.template_card.button_selection).toMatchObject({ question_key: 'reject_reason', selected_id: 'none' });
    expect(card.template_card.card_action?.url).toContain('/pages/approval-detail/index?id=1');
    expect(validateTemplateCard(card)).toEqual([]);
  });

  it('should redraw the card, still live, when the choice was missing', () => {
    const redrawn = redrawDecision(base, SELECTION_REQUIRED_STATE, makeCtx())!;
    expect(redrawn.template_card.sub_title_text).toContain('请先在卡片上选择驳回原因');
    expect(redrawn.template_card).not.toHaveProperty('replace_text');
    expect(redrawDecision({ ...base, selection: undefined }, SELECTION_REQUIRED_STATE, makeCtx())).toBeNull();
  });

  it.each(Object.entries(HOSTILE_TEXTS))('should stay within WeCom\'s limits for %s', (_name, text) => {
    const p = decisionPayloadSchema.parse({
      ...base, topic: text, title: text, desc: text, rows: [{ key: text, value: text }],
      buttons: [{ key: 'k:1', text: text || '同意', style: 1 }],
      selection: { questionKey: 'q', title: text || '原因', placeholder: { id: 'none', text: text || '请选择' }, options: [{ id: 'a', text: text || '甲' }] },
    });
    expect(validateTemplateCard(buildDecisionCard(p, makeCtx()))).toEqual([]);
    expect(validateTemplateCard({ msgtype: 'template_card', template_card: { ...redrawDecision(p, SELECTION_REQUIRED_STATE, makeCtx())!.template_card, task_id: 't' } } as never)).toEqual([]);
  });
});
