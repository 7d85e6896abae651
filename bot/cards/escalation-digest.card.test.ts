import { describe, expect, it } from 'vitest';
import { buildEscalationDigestCard } from './escalation-digest.card.ts';
import { makeCtx } from './cards.fixtures.ts';
import { validateTemplateCard } from './validate-template-card.ts';

const row = (i: number, ownerName = '张三') => ({ customerId: String(1000 + i), customerName: `客户${i}有限公司`, ownerName, level: i % 2 ? 'A' : 'key', dueAt: '2026-11-28T16:00:00.000Z' });

describe('buildEscalationDigestCard', () => {
  it('should say how many key customers are about to be reclaimed when a manager gets the digest', () => {
    const card = buildEscalationDigestCard({ total: 5, reps: 2, rows: [row(1), row(2, '李四')], at: '2026-11-26T01:15:00.000Z' }, makeCtx());
    expect(card.template_card.main_title?.title).toBe('你的团队有 5 个重点客户即将回收');
    expect(card.template_card.horizontal_content_list?.map((r) => r.keyname)).toEqual(['李四', '张三']);
    expect(card.template_card.jump_list?.[0]?.url).toContain('soon=true');
    expect(validateTemplateCard(card)).toEqual([]);
  });

  it('should stay within the card limits when many customers are listed', () => {
    const card = buildEscalationDigestCard({ total: 30, reps: 9, rows: Array.from({ length: 20 }, (_, i) => row(i, `成员名字很长很长${i}`)), at: '2026-11-26T01:15:00.000Z' }, makeCtx());
    expect(card.template_card.horizontal_content_list).toHaveLength(6);
    expect(card.template_card.sub_title_text).toContain('另有 24 个');
    expect(validateTemplateCard(card)).toEqual([]);
  });
});
