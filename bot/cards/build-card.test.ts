import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildCard, CARD_KINDS } from './build-card.ts';
import { CardError, InvalidCardLinkError, InvalidCardPayloadError, InvalidTaskIdError, UnknownCardKindError } from './cards.errors.ts';
import { makeCtx } from './cards.fixtures.ts';
import { validateTemplateCard } from './validate-template-card.ts';

/** One realistic payload per kind, as JSON in an outbox row. */
const payloads: Record<string, unknown> = {
  'reclaim-warning': {
    customerId: '1001', customerName: '华为技术', ownerId: '7', dueAt: '2026-11-28T16:00:00.000Z', rule: 'no_follow_up',
    reason: '30天未跟进，自动回收', daysLeft: 3, lastFollowUpAt: null,
  },
  'forgotten-customer': { customerId: '1001', customerName: '华为技术', days: 153, lastFollowUpAt: null, lastFollowUpSummary: null, ownerName: '张三' },
  'follow-up-due': { customerId: 1001, customerName: '华为技术', nextFollowUpAt: '2026-11-27T06:30:00+08:00', level: 'A', lastFollowUpSummary: null, tier: 'on-the-day' },
  reclaimed: { customerId: '1001', customerName: '华为技术', reason: '放弃', at: '2026-11-26T00:05:00.000Z' },
  'page-notice': {
    topic: 'wecrm 交接', title: '王经理 将 张三 的 58 位客户交给了你', desc: '共 58 位客户、3 个协作席位', page: '/pages/handover/index?id=3',
    rows: [{ key: '客户', value: '58 位' }, { key: '原负责人', value: '张三' }],
  },
  'reclaimed-digest': {
    customers: [{ customerId: '1001', customerName: '华为技术', reason: '15天未跟进，自动回收' }, { customerId: 1002, customerName: '某某科技有限公司', reason: '30天未成交，自动回收' }],
    total: 9, at: '2026-11-26T00:05:00.000Z',
  },
  'escalation-digest': {
    total: 5, reps: 2, at: '2026-11-26T01:15:00.000Z',
    rows: [
      { customerId: '1001', customerName: '华为技术', ownerName: '张三', level: 'key', dueAt: '2026-11-28T16:00:00.000Z' },
      { customerId: 1002, customerName: '某某科技有限公司', ownerName: '李四', level: 'A', dueAt: '2026-11-27T16:00:00.000Z' },
    ],
  },
  'co-follower': { customerId: '1001', customerName: '华为技术', authorName: '李四', followUpType: 'call', content: '电话沟通', at: '2026-11-26T01:30:00.000Z' },
  digest: { items: [{ kind: 'follow-up-due', customerId: '1001', customerName: '华为技术', line: '今天需跟进' }], total: 4 },
  notice: {
    topic: 'wecrm 客户等级', customerId: '1001', customerName: '华为技术', title: '张三 申请将 {customer} 设为重点', desc: '请在客户详情中同意或驳回',
    detail: '申请理由：年采购额千万', rows: [{ key: '申请人', value: '张三' }, { key: '当前等级', value: 'A' }],
  },
  decision: {
    topic: 'wecrm 审批', title: '张三 申请招待费 ¥500.00', desc: '华为技术', rows: [{ key: '类型', value: '招待' }],
    buttons: [{ key: 'approve:1', text: '同意', style: 1 }, { key: 'reject:1', text: '驳回', style: 2 }], customerId: '1001',
  },
  'approval-notice': {
    topic: 'wecrm 审批', approvalId: '12', title: '你的招待申请已通过', desc: '王经理已同意',
    rows: [{ key: '类型', value: '招待' }, { key: '金额', value: '¥500.00' }],
  },
  'payment-due': {
    contractId: '31', contractNumber: 'HT-2026-001', customerId: '1001', customerName: '华为技术', planId: '7', dueOn: '2026-11-29',
    amountFen: 5_000_000, remainingFen: 2_000_000, stage: 'overdue-manager', ownerName: '张三',
  },
  'contract-expiring': { contractId: '31', contractNumber: 'HT-2026-001', customerId: 1001, customerName: '华为技术', endOn: '2026-12-20', amountFen: 12_000_000 },
};

describe('buildCard', () => {
  it('should have a payload for every kind in this test', () => {
    expect(Object.keys(payloads).sort()).toEqual([...CARD_KINDS].sort());
  });

  it.each(CARD_KINDS)('should build a valid %s card when the payload comes from an outbox row', (kind) => {
    const card = buildCard(kind, JSON.parse(JSON.stringify(payloads[kind])), makeCtx());
    expect(card.msgtype).toBe('template_card');
    expect(card.template_card.task_id).toBe('wecrm_rw_1001_1764122400000');
    expect(card).not.toHaveProperty('touser');
    expect(card).not.toHaveProperty('agentid');
    expect(validateTemplateCard(card)).toEqual([]);
  });

  it('should throw UnknownCardKindError when the kind is not a card', () => {
    const err = (() => { try { buildCard('toString', {}, makeCtx()); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(UnknownCardKindError);
    expect(err).toMatchObject({ code: 'UNKNOWN_CARD_KIND' });
  });

  it('should throw InvalidCardPayloadError with the failing paths when the payload is wrong', () => {
    const bad = { ...(payloads['reclaim-warning'] as object), rule: 'whatever', dueAt: 'tomorrow' };
    try {
      buildCard('reclaim-warning', bad, makeCtx());
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidCardPayloadError);
      expect(e).toBeInstanceOf(CardError);
      const paths = ((e as CardError).details?.issues as Array<{ path: string }>).map((i) => i.path).sort();
      expect(paths).toEqual(['dueAt', 'rule']);
    }
  });

  it.each([
    ['a missing payload', undefined],
    ['an empty digest', { items: [], total: 0 }],
  ])('should throw InvalidCardPayloadError when given %s', (_, payload) => {
    expect(() => buildCard('digest', payload, makeCtx())).toThrow(InvalidCardPayloadError);
  });

  it('should reject a customer id that is not a database id', () => {
    const bad = { ...(payloads.reclaimed as object), customerId: '1 OR 1=1' };
    expect(() => buildCard('reclaimed', bad, makeCtx())).toThrow(InvalidCardPayloadError);
  });

  it('should throw InvalidTaskIdError when a reclaim warning has no task_id', () => {
    expect(() => buildCard('reclaim-warning', payloads['reclaim-warning'], makeCtx({ taskId: undefined }))).toThrow(InvalidTaskIdError);
  });

  it('should throw InvalidCardLinkError when the app URL is not absolute', () => {
    const ctx = makeCtx({ links: { customerUrl: (id) => `https://a.example/#/c?id=${id}`, appUrl: '/#/home' } });
    expect(() => buildCard('digest', payloads.digest, ctx)).toThrow(InvalidCardLinkError);
  });

  it('should not depend on the wall clock when now is given', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const a = buildCard('reclaim-warning', payloads['reclaim-warning'], makeCtx());
    vi.setSystemTime(new Date('2020-06-01T12:00:00Z'));
    const b = buildCard('reclaim-warning', payloads['reclaim-warning'], makeCtx());
    expect(a).toEqual(b);
    expect(a.template_card.main_title?.desc).toBe('华为技术 3 天后回到公海');
  });
});

afterEach(() => {
  vi.useRealTimers();
});
