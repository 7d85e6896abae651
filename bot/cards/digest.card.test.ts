import { describe, expect, it } from 'vitest';
import { BASE, HOSTILE_TEXTS, makeCtx, malformedStrings } from './cards.fixtures.ts';
import { InvalidCardPayloadError } from './cards.errors.ts';
import { buildDigestCard, digestPayloadFromReminders, type DigestPayload } from './digest.card.ts';
import { validateTemplateCard } from './validate-template-card.ts';

const ctx = makeCtx({ taskId: undefined });

function items(n: number, name = (i: number) => `客户${i}`): DigestPayload['items'] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    return i % 2
      ? { kind: 'forgotten-customer' as const, customerId: String(1000 + i), customerName: name(i), line: `${90 + i}天未联系` }
      : { kind: 'follow-up-due' as const, customerId: String(1000 + i), customerName: name(i), line: '今天需跟进' };
  });
}

describe('buildDigestCard', () => {
  it('should list every reminder and link each row when there are 4', () => {
    const card = buildDigestCard({ items: items(4), total: 4 }, ctx).template_card;
    expect(card.main_title).toEqual({ title: '你有 4 个客户需要跟进', desc: '客户1 等 4 个客户' });
    expect(card.horizontal_content_list).toEqual([
      { type: 1, keyname: '久未联系', value: '客户1 91天未联系', url: `${BASE}/#/pages/customer-detail/index?id=1001` },
      { type: 1, keyname: '待跟进', value: '客户2 今天需跟进', url: `${BASE}/#/pages/customer-detail/index?id=1002` },
      { type: 1, keyname: '久未联系', value: '客户3 93天未联系', url: `${BASE}/#/pages/customer-detail/index?id=1003` },
      { type: 1, keyname: '待跟进', value: '客户4 今天需跟进', url: `${BASE}/#/pages/customer-detail/index?id=1004` },
    ]);
    expect(card).not.toHaveProperty('sub_title_text');
    expect(card.card_action).toEqual({ type: 1, url: `${BASE}/#/pages/home/index` });
  });

  it('should cap the rows at 6 and say how many more when there are 20', () => {
    const card = buildDigestCard({ items: items(20), total: 20 }, ctx).template_card;
    expect(card.horizontal_content_list).toHaveLength(6);
    expect(card.main_title?.desc).toBe('客户1 等 20 个客户');
    expect(card.sub_title_text).toBe('另有 14 个客户未列出，点击卡片查看全部');
    expect(validateTemplateCard(card)).toEqual([]);
  });

  it('should count the total when it exceeds the items carried', () => {
    const card = buildDigestCard({ items: items(6), total: 31 }, ctx).template_card;
    expect(card.main_title?.title).toBe('你有 31 个客户需要跟进');
    expect(card.sub_title_text).toBe('另有 25 个客户未列出，点击卡片查看全部');
  });

  it('should trust the items when total is smaller than them', () => {
    expect(buildDigestCard({ items: items(5), total: 0 }, ctx).template_card.main_title?.title).toBe('你有 5 个客户需要跟进');
  });

  it('should show just the name when there is a single item', () => {
    expect(buildDigestCard({ items: items(1), total: 1 }, ctx).template_card.main_title?.desc).toBe('客户1');
  });

  it.each(Object.entries(HOSTILE_TEXTS))('should stay within every WeCom limit when names and lines are %s', (_, text) => {
    const payload = { items: items(9, () => text).map((i) => ({ ...i, line: text })), total: 9 };
    const card = buildDigestCard(payload, ctx);
    expect(validateTemplateCard(card)).toEqual([]);
    expect(malformedStrings(card)).toEqual([]);
  });

  it('should keep the status readable when a name is 200 characters', () => {
    const card = buildDigestCard({ items: items(4, () => '华'.repeat(200)), total: 4 }, ctx).template_card;
    expect(card.horizontal_content_list?.[0]?.value).toMatch(/^华+… 91天未联系$/);
  });
});

describe('digestPayloadFromReminders', () => {
  const forgotten = (id: string, days: number) => ({
    kind: 'forgotten-customer',
    payload: { customerId: id, customerName: `客户${id}`, days, lastFollowUpAt: null, lastFollowUpSummary: null, ownerName: '张三' },
  });
  const due = (id: string, nextFollowUpAt: string) => ({
    kind: 'follow-up-due',
    payload: { customerId: id, customerName: `客户${id}`, nextFollowUpAt, level: 'key', lastFollowUpSummary: null, tier: 'day-before' },
  });

  it('should put due follow-ups first and the longest-silent customers next when folding outbox rows', () => {
    const rows = [forgotten('1', 95), due('2', '2026-11-27T06:00:00.000Z'), forgotten('3', 200), due('4', '2026-11-26T07:00:00.000Z')];
    expect(digestPayloadFromReminders(rows, ctx)).toEqual({
      items: [
        { kind: 'follow-up-due', customerId: '4', customerName: '客户4', line: '今天需跟进' },
        { kind: 'follow-up-due', customerId: '2', customerName: '客户2', line: '明天需跟进' },
        { kind: 'forgotten-customer', customerId: '3', customerName: '客户3', line: '200天未联系' },
        { kind: 'forgotten-customer', customerId: '1', customerName: '客户1', line: '95天未联系' },
      ],
      total: 4,
    });
  });

  it('should build a valid card from the folded rows', () => {
    const rows = Array.from({ length: 9 }, (_, i) => forgotten(String(i + 1), 90 + i));
    const card = buildDigestCard(digestPayloadFromReminders(rows, ctx), ctx);
    expect(card.template_card.horizontal_content_list).toHaveLength(6);
    expect(validateTemplateCard(card)).toEqual([]);
  });

  it('should refuse a reclaim warning when asked to fold one into a digest', () => {
    expect(() => digestPayloadFromReminders([{ kind: 'reclaim-warning', payload: {} }], ctx)).toThrow(InvalidCardPayloadError);
  });

  it('should refuse a row whose payload is broken', () => {
    expect(() => digestPayloadFromReminders([{ kind: 'forgotten-customer', payload: { customerId: 'x' } }], ctx)).toThrow(InvalidCardPayloadError);
  });
});
