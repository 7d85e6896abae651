import { describe, expect, it } from 'vitest';
import { buildReclaimedDigestCard, type ReclaimedDigestPayload } from './reclaimed-digest.card.ts';
import { makeCtx } from './cards.fixtures.ts';
import { validateTemplateCard } from './validate-template-card.ts';

const customers = (n: number, name = (i: number) => `客户${i}有限公司`) =>
  Array.from({ length: n }, (_, i) => ({ customerId: String(1000 + i), customerName: name(i), reason: i % 2 ? '30天未成交，自动回收' : '15天未跟进，自动回收' }));

describe('reclaimed digest card', () => {
  it('should say how many went, list the first ones with their reason and open each customer', () => {
    const p: ReclaimedDigestPayload = { customers: customers(3), total: 3, at: '2026-11-26T00:05:00.000Z' };
    const card = buildReclaimedDigestCard(p, makeCtx()).template_card;
    expect(card.main_title).toMatchObject({ title: '3 个客户已回收到公海' });
    const rows = card.horizontal_content_list ?? [];
    expect(rows.slice(0, 3).map((r) => r.value)).toEqual(['客户0有限公司 15天未跟进，自动…', '客户1有限公司 30天未成交，自动…', '客户2有限公司 15天未跟进，自动…'].map((v) => expect.stringContaining(v.slice(0, 7))));
    expect(rows[0]!.url).toContain('1000');
    expect(card.sub_title_text).toBe('回收原因：15天未跟进，自动回收、30天未成交，自动回收');
  });

  it('should stay within WeCom limits and name what is left out when many customers with long names went', () => {
    const p: ReclaimedDigestPayload = { customers: customers(20, (i) => `${'很长的名字'.repeat(12)}${i}`), total: 57, at: '2026-11-26T00:05:00.000Z' };
    const card = buildReclaimedDigestCard(p, makeCtx());
    expect(validateTemplateCard(card.template_card)).toEqual([]);
    expect(card.template_card.horizontal_content_list).toHaveLength(6);
    expect(card.template_card.sub_title_text).toMatch(/^另有 52 个客户未列出/);
  });
});
