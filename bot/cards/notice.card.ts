/**
 * A plain notice (text_notice) about one customer: a title, a line of context and up to four
 * key–value rows, opening the customer in the app. For events that need no buttons (a level
 * request for the manager, its decision for the rep).
 */
import type { NotificationPayload } from '../../server/notifications/notification.ts';
import { notice } from '../../server/notifications/notice.notification.ts';
import { customerLink, taskIdField, type CardContext } from './card-context.ts';
import { CARD_LIMITS } from './card-limits.ts';
import { customerNameOf, message, row, source, subTitle } from './card-parts.ts';
import type { TemplateCardMessage } from './template-card.types.ts';
import { cleanOr, fitAround, fitText } from './text.ts';

/** The payload is the generic notice notification (server/notifications/notice.notification.ts). */
export const noticePayloadSchema = notice.schema;
export type NoticePayload = NotificationPayload<typeof notice>;

export function buildNoticeCard(p: NoticePayload, ctx: CardContext): TemplateCardMessage {
  const name = customerNameOf(p.customerName);
  const title = p.title.includes('{customer}')
    ? fitAround(name, (n) => p.title.replace('{customer}', n), CARD_LIMITS.mainTitle.titleChars)
    : fitText(cleanOr(p.title, '客户通知'), CARD_LIMITS.mainTitle.titleChars);
  return message({
    card_type: 'text_notice',
    ...taskIdField(ctx, false),
    source: source(cleanOr(p.topic, 'wecrm')),
    main_title: { title, ...(p.desc ? { desc: fitText(p.desc, CARD_LIMITS.mainTitle.descChars) } : {}) },
    ...subTitle(p.detail),
    horizontal_content_list: [row('客户', name), ...p.rows.slice(0, 4).map((r) => row(cleanOr(r.key, '信息'), r.value))],
    card_action: { type: 1, url: customerLink(ctx, p.customerId) },
  });
}
