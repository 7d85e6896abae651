/**
 * Reclaimed digest (text_notice): the customers one sweep took back from one owner, in one card —
 * which ones (the first few, each opening the customer) and why.
 */
import type { NotificationPayload } from '../../server/notifications/notification.ts';
import { reclaimedDigest } from '../../server/pool/pool.notifications.ts';
import { appLink, customerLink, taskIdField, tzOf, type CardContext } from './card-context.ts';
import { CARD_LIMITS } from './card-limits.ts';
import { customerNameOf, message, row, source, subTitle } from './card-parts.ts';
import type { TemplateCardMessage } from './template-card.types.ts';
import { cleanOr, fitAround, fitText } from './text.ts';
import { monthDayTime } from './time-words.ts';

export const reclaimedDigestPayloadSchema = reclaimedDigest.schema;
export type ReclaimedDigestPayload = NotificationPayload<typeof reclaimedDigest>;

/** Rows keep a line for the time, the rest list customers. */
const CUSTOMER_ROWS = CARD_LIMITS.horizontalContent.maxItems - 1;
const REASON_IN_ROW = 10;

export function buildReclaimedDigestCard(p: ReclaimedDigestPayload, ctx: CardContext): TemplateCardMessage {
  const total = Math.max(p.total, p.customers.length);
  const shown = p.customers.slice(0, CUSTOMER_ROWS);
  const first = customerNameOf(p.customers[0]!.customerName);
  const more = total - shown.length;
  const reasons = [...new Set(p.customers.map((c) => cleanOr(c.reason, '按公海规则自动回收')))];
  return message({
    card_type: 'text_notice',
    ...taskIdField(ctx, false),
    source: source('wecrm 公海提醒'),
    main_title: {
      title: `${total} 个客户已回收到公海`,
      desc: fitAround(first, (n) => `${n} 等 ${total} 个客户已不在你名下`, CARD_LIMITS.mainTitle.descChars),
    },
    ...subTitle(more > 0 ? `另有 ${more} 个客户未列出；原因：${reasons.join('、')}` : `回收原因：${reasons.join('、')}`),
    horizontal_content_list: [
      ...shown.map((c) => {
        const reason = fitText(cleanOr(c.reason, '自动回收'), REASON_IN_ROW);
        return row('客户', fitAround(customerNameOf(c.customerName), (n) => `${n} ${reason}`, CARD_LIMITS.horizontalContent.valueChars), customerLink(ctx, c.customerId));
      }),
      row('回收时间', monthDayTime(new Date(p.at), ctx.now, tzOf(ctx))),
    ],
    card_action: { type: 1, url: appLink(ctx) },
  });
}
