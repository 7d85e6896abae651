import type { NotificationPayload } from '../../server/notifications/notification.ts';
import { forgottenCustomer } from '../../server/reminders/reminders.notifications.ts';
/**
 * Forgotten customer (text_notice): "华为技术 已 153 天未联系", with the last follow-up and a
 * jump straight to writing one. Sent by the forgotten-customers job.
 */
import { customerLink, followUpLink, taskIdField, tzOf, type CardContext } from './card-context.ts';
import { CARD_LIMITS } from './card-limits.ts';
import { customerNameOf, jump, message, row, source, subTitle } from './card-parts.ts';
import type { TemplateCardMessage } from './template-card.types.ts';
import { cleanText, fitAround } from './text.ts';
import { daysAgoText, monthDay } from './time-words.ts';

/** The payload is the capability's notification (../../server/reminders/reminders.notifications.ts). */
export const forgottenCustomerPayloadSchema = forgottenCustomer.schema;
export type ForgottenCustomerPayload = NotificationPayload<typeof forgottenCustomer>;

export function buildForgottenCustomerCard(p: ForgottenCustomerPayload, ctx: CardContext): TemplateCardMessage {
  const tz = tzOf(ctx);
  const days = Math.max(0, p.days);
  const last = p.lastFollowUpAt ? new Date(p.lastFollowUpAt) : null;
  const summary = cleanText(p.lastFollowUpSummary);
  return message({
    card_type: 'text_notice',
    ...taskIdField(ctx, false),
    source: source('wecrm 客户提醒'),
    main_title: {
      title: fitAround(customerNameOf(p.customerName), (n) => `${n} 已 ${days} 天未联系`, CARD_LIMITS.mainTitle.titleChars),
      desc: '久未联系的客户容易流失，跟进一下吧',
    },
    ...subTitle(summary ? `上次跟进：${summary}` : last ? '上次跟进没有留下内容' : '还没有任何跟进记录'),
    horizontal_content_list: [
      row('客户', customerNameOf(p.customerName)),
      row('负责人', p.ownerName),
      row('上次跟进', last ? `${monthDay(last, ctx.now, tz)}（${daysAgoText(last, ctx.now, tz)}）` : '从未跟进'),
    ],
    jump_list: [jump('写跟进', followUpLink(ctx, p.customerId))],
    card_action: { type: 1, url: customerLink(ctx, p.customerId) },
  });
}
