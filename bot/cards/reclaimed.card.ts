import type { NotificationPayload } from '../../server/notifications/notification.ts';
import { reclaimed } from '../../server/pool/pool.notifications.ts';
/** Reclaimed (text_notice): tells the previous owner a customer went back to the pool, and why. */
import { customerLink, taskIdField, tzOf, type CardContext } from './card-context.ts';
import { CARD_LIMITS } from './card-limits.ts';
import { customerNameOf, message, row, source, subTitle } from './card-parts.ts';
import type { TemplateCardMessage } from './template-card.types.ts';
import { cleanOr, fitAround } from './text.ts';
import { monthDayTime } from './time-words.ts';

/** The payload is the capability's notification (../../server/pool/pool.notifications.ts). */
export const reclaimedPayloadSchema = reclaimed.schema;
export type ReclaimedPayload = NotificationPayload<typeof reclaimed>;

export function buildReclaimedCard(p: ReclaimedPayload, ctx: CardContext): TemplateCardMessage {
  const name = customerNameOf(p.customerName);
  const reason = cleanOr(p.reason, '按公海规则自动回收');
  return message({
    card_type: 'text_notice',
    ...taskIdField(ctx, false),
    source: source('wecrm 公海提醒'),
    main_title: { title: '客户已回收到公海', desc: fitAround(name, (n) => `${n} 已不在你名下`, CARD_LIMITS.mainTitle.descChars) },
    ...subTitle(`回收原因：${reason}`),
    horizontal_content_list: [
      row('客户', name),
      row('回收原因', reason),
      row('回收时间', monthDayTime(new Date(p.at), ctx.now, tzOf(ctx))),
    ],
    card_action: { type: 1, url: customerLink(ctx, p.customerId) },
  });
}
