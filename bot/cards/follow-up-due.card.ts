import type { NotificationPayload } from '../../server/notifications/notification.ts';
import { FOLLOW_UP_DUE_TIERS, followUpDue } from '../../server/reminders/reminders.notifications.ts';
/**
 * Follow-up due (text_notice): "明天需跟进：华为技术" / "今天需跟进：华为技术", from a follow-up's
 * nextFollowUpAt. Key customers get the day-before and the on-the-day tier, others the latter.
 */
import { type CustomerLevel } from '../../entities/customer.entity.ts';
import { customerLink, followUpLink, taskIdField, tzOf, type CardContext } from './card-context.ts';
import { CARD_LIMITS } from './card-limits.ts';
import { customerNameOf, jump, message, row, source, subTitle } from './card-parts.ts';
import type { TemplateCardMessage } from './template-card.types.ts';
import { cleanText, fitAround } from './text.ts';
import { businessDaysBetween, monthDayMaybeTime } from './time-words.ts';

export { FOLLOW_UP_DUE_TIERS };

/** The payload is the capability's notification (../../server/reminders/reminders.notifications.ts). */
export const followUpDuePayloadSchema = followUpDue.schema;
export type FollowUpDuePayload = NotificationPayload<typeof followUpDue>;

const levelLabel: Record<CustomerLevel, string> = { key: '重点客户', A: 'A级', B: 'B级', C: 'C级' };

/**
 * The title's day word follows the dates, not the tier: a day-before card held by quiet hours
 * until the morning of the day must say "今天", not "明天".
 */
export function followUpDueWord(next: Date, now: Date, tz: string): string {
  const days = businessDaysBetween(now, next, tz);
  if (days < 0) return '跟进已逾期';
  if (days === 0) return '今天需跟进';
  if (days === 1) return '明天需跟进';
  return `${days}天后需跟进`;
}

export function buildFollowUpDueCard(p: FollowUpDuePayload, ctx: CardContext): TemplateCardMessage {
  const tz = tzOf(ctx);
  const next = new Date(p.nextFollowUpAt);
  const word = followUpDueWord(next, ctx.now, tz);
  const when = monthDayMaybeTime(next, ctx.now, tz);
  const summary = cleanText(p.lastFollowUpSummary);
  return message({
    card_type: 'text_notice',
    ...taskIdField(ctx, false),
    source: source('wecrm 跟进提醒'),
    main_title: {
      title: fitAround(customerNameOf(p.customerName), (n) => `${word}：${n}`, CARD_LIMITS.mainTitle.titleChars),
      desc: `计划跟进时间 ${when}`,
    },
    ...subTitle(summary ? `上次跟进：${summary}` : null),
    horizontal_content_list: [
      row('客户', customerNameOf(p.customerName)),
      row('客户等级', levelLabel[p.level]),
      row('计划时间', when),
    ],
    jump_list: [jump('写跟进', followUpLink(ctx, p.customerId))],
    card_action: { type: 1, url: customerLink(ctx, p.customerId) },
  });
}
