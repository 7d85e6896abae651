import { describe, expect, it } from 'vitest';
import { businessDate } from '../../server/infra/time.ts';
import { addCalendarDays } from '../../server/ownership/rules/business-calendar.ts';
import { makeCtx } from './cards.fixtures.ts';
import { buildContractExpiringCard, buildPaymentDueCard, contractExpiringWord, paymentDueWord } from './contract-cards.ts';
import { buildDigestCard, digestPayloadFromReminders } from './digest.card.ts';
import { validateTemplateCard } from './validate-template-card.ts';

const ctx = makeCtx({ taskId: undefined });
const today = businessDate(ctx.now, 'Asia/Shanghai');
const day = (n: number) => addCalendarDays(today, n);

const paymentDue = (dueOn: string, stage: 'due-soon' | 'overdue' | 'overdue-manager' = 'due-soon') => ({
  contractId: '31', contractNumber: 'HT-2026-001', customerId: '1001', customerName: '华为技术', planId: '7', dueOn,
  amountFen: 5_000_000, remainingFen: 2_000_000, stage, ownerName: '张三',
});

describe('money reminder cards', () => {
  it.each([
    [3, '3天后回款'], [1, '明天回款'], [0, '今天回款'], [-5, '回款逾期5天'],
  ])('should word an instalment due in %i days as %s at build time', (n, word) => {
    expect(paymentDueWord(day(n), ctx)).toBe(word);
  });

  it.each([[20, '合同20天后到期'], [0, '合同今天到期'], [-1, '合同已到期']])('should word a contract ending in %i days as %s', (n, word) => {
    expect(contractExpiringWord(day(n), ctx)).toBe(word);
  });

  it('should tell the manager whose instalment is overdue and link the contract page', () => {
    const card = buildPaymentDueCard(paymentDue(day(-8), 'overdue-manager'), ctx).template_card;
    expect(card.main_title?.title).toBe('回款逾期8天：华为技术');
    expect(card.main_title?.desc).toContain('张三');
    expect(card.horizontal_content_list?.map((r) => r.keyname)).toEqual(['合同编号', '客户', '计划回款', '待收金额', '负责人']);
    expect(card.horizontal_content_list?.[3]?.value).toBe('¥20,000.00');
    expect(card.card_action?.url).toContain('contract-detail');
    expect(validateTemplateCard({ msgtype: 'template_card', template_card: card })).toEqual([]);
  });

  it('should build the expiring card within WeCom\'s limits when the names are long', () => {
    const card = buildContractExpiringCard({ contractId: '31', contractNumber: 'X'.repeat(64), customerId: '1001', customerName: '华'.repeat(200), endOn: day(20), amountFen: 1 }, ctx);
    expect(validateTemplateCard(card)).toEqual([]);
  });

  it('should fold payment and contract reminders into a digest with the follow-ups, soonest first', () => {
    const rows = [
      { kind: 'contract-expiring', payload: { contractId: '2', contractNumber: 'HT-2', customerId: '2', customerName: '乙公司', endOn: day(20), amountFen: 100 } },
      { kind: 'payment-due', payload: paymentDue(day(3)) },
      { kind: 'payment-due', payload: { ...paymentDue(day(-2), 'overdue'), customerId: '3', customerName: '丙公司' } },
      { kind: 'forgotten-customer', payload: { customerId: '4', customerName: '丁公司', days: 99, lastFollowUpAt: null, lastFollowUpSummary: null, ownerName: '张三' } },
    ];
    const payload = digestPayloadFromReminders(rows, ctx);
    expect(payload.items.map((i) => [i.kind, i.line])).toEqual([
      ['payment-due', '回款逾期2天'], ['payment-due', '3天后回款'], ['contract-expiring', '合同20天后到期'], ['forgotten-customer', '99天未联系'],
    ]);
    const card = buildDigestCard(payload, ctx);
    expect(card.template_card.main_title?.title).toBe('你有 4 条提醒');
    expect(card.template_card.horizontal_content_list?.map((r) => r.keyname)).toEqual(['回款', '回款', '合同到期', '久未联系']);
    expect(validateTemplateCard(card)).toEqual([]);
  });
});
