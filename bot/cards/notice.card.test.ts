import { describe, expect, it } from 'vitest';
import { buildNoticeCard, noticePayloadSchema } from './notice.card.ts';
import { HOSTILE_TEXTS, makeCtx } from './cards.fixtures.ts';
import { validateTemplateCard } from './validate-template-card.ts';

describe('buildNoticeCard', () => {
  const base = { topic: 'wecrm 客户等级', customerId: '1001', customerName: '华为技术', title: '{customer} 已设为重点', rows: [] };

  it('should put the customer name into the title and open the customer', () => {
    const card = buildNoticeCard(noticePayloadSchema.parse(base), makeCtx());
    expect(card.template_card.main_title?.title).toBe('华为技术 已设为重点');
    expect(card.template_card.card_action).toMatchObject({ type: 1, url: expect.stringContaining('1001') });
    expect(validateTemplateCard(card)).toEqual([]);
  });

  it.each(Object.entries(HOSTILE_TEXTS))('should stay within WeCom\'s limits for %s', (_name, text) => {
    const payload = noticePayloadSchema.parse({ ...base, customerName: text, title: `${text} 申请将 {customer} 设为重点`, desc: text, detail: text, rows: [{ key: text, value: text }] });
    expect(validateTemplateCard(buildNoticeCard(payload, makeCtx()))).toEqual([]);
  });
});
