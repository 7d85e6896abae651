/**
 * Money reminders (text_notice): an instalment due soon / overdue (回款提醒) and a contract about
 * to end (合同到期). Payloads are the contracts capability's notifications.
 */
import type { NotificationPayload } from '../../server/notifications/notification.ts';
import { contractExpiring, paymentDue } from '../../server/contracts/contracts.notifications.ts';
import { formatFen } from '../../server/approvals/rules/money.ts';
import { daysBetween } from '../../server/contracts/rules/contract-rules.ts';
import { businessDate } from '../../server/infra/time.ts';
import { customerLink, pageLink, taskIdField, tzOf, type CardContext } from './card-context.ts';
import { CARD_LIMITS } from './card-limits.ts';
import { customerNameOf, jump, message, row, source } from './card-parts.ts';
import type { TemplateCardMessage } from './template-card.types.ts';
import { fitAround, fitText } from './text.ts';

export const paymentDuePayloadSchema = paymentDue.schema;
export type PaymentDuePayload = NotificationPayload<typeof paymentDue>;
export const contractExpiringPayloadSchema = contractExpiring.schema;
export type ContractExpiringPayload = NotificationPayload<typeof contractExpiring>;

const contractPage = (id: string) => `/pages/contract-detail/index?id=${id}`;

/** "3天后回款" / "今天回款" / "回款逾期5天": from the dates at build time (a held card stays right). */
export function paymentDueWord(dueOn: string, ctx: Pick<CardContext, 'now' | 'tz'>): string {
  const days = daysBetween(businessDate(ctx.now, tzOf(ctx)), dueOn);
  if (days > 1) return `${days}天后回款`;
  if (days === 1) return '明天回款';
  if (days === 0) return '今天回款';
  return `回款逾期${-days}天`;
}

export function contractExpiringWord(endOn: string, ctx: Pick<CardContext, 'now' | 'tz'>): string {
  const days = daysBetween(businessDate(ctx.now, tzOf(ctx)), endOn);
  if (days > 0) return `合同${days}天后到期`;
  if (days === 0) return '合同今天到期';
  return '合同已到期';
}

export function buildPaymentDueCard(p: PaymentDuePayload, ctx: CardContext): TemplateCardMessage {
  const word = paymentDueWord(p.dueOn, ctx);
  const forManager = p.stage === 'overdue-manager';
  return message({
    card_type: 'text_notice',
    ...taskIdField(ctx, false),
    source: source('wecrm 回款提醒', p.stage === 'due-soon' ? 0 : 2),
    main_title: {
      title: fitAround(customerNameOf(p.customerName), (n) => `${word}：${n}`, CARD_LIMITS.mainTitle.titleChars),
      desc: fitText(forManager ? `${p.ownerName} 负责的回款已逾期，请关注` : `合同 ${p.contractNumber}，待收 ${formatFen(p.remainingFen)}`, CARD_LIMITS.mainTitle.descChars),
    },
    horizontal_content_list: [
      row('合同编号', fitText(p.contractNumber, CARD_LIMITS.horizontalContent.valueChars)),
      row('客户', customerNameOf(p.customerName), customerLink(ctx, p.customerId)),
      row('计划回款', `${p.dueOn} ${formatFen(p.amountFen)}`),
      row('待收金额', formatFen(p.remainingFen)),
      ...(forManager ? [row('负责人', fitText(p.ownerName, CARD_LIMITS.horizontalContent.valueChars))] : []),
    ],
    jump_list: [jump('登记回款', pageLink(ctx, contractPage(p.contractId)))],
    card_action: { type: 1, url: pageLink(ctx, contractPage(p.contractId)) },
  });
}

export function buildContractExpiringCard(p: ContractExpiringPayload, ctx: CardContext): TemplateCardMessage {
  const word = contractExpiringWord(p.endOn, ctx);
  return message({
    card_type: 'text_notice',
    ...taskIdField(ctx, false),
    source: source('wecrm 合同提醒'),
    main_title: {
      title: fitAround(customerNameOf(p.customerName), (n) => `${word}：${n}`, CARD_LIMITS.mainTitle.titleChars),
      desc: fitText(`合同 ${p.contractNumber} 将于 ${p.endOn} 到期，考虑续签吧`, CARD_LIMITS.mainTitle.descChars),
    },
    horizontal_content_list: [
      row('合同编号', fitText(p.contractNumber, CARD_LIMITS.horizontalContent.valueChars)),
      row('客户', customerNameOf(p.customerName), customerLink(ctx, p.customerId)),
      row('合同金额', formatFen(p.amountFen)),
      row('到期日', p.endOn),
    ],
    card_action: { type: 1, url: pageLink(ctx, contractPage(p.contractId)) },
  });
}
