/** A page notice (text_notice): a notice about no single customer that opens an app page. */
import type { NotificationPayload } from '../../server/notifications/notification.ts';
import { pageNotice } from '../../server/notifications/page-notice.notification.ts';
import { pageLink, taskIdField, type CardContext } from './card-context.ts';
import { CARD_LIMITS } from './card-limits.ts';
import { message, row, source, subTitle } from './card-parts.ts';
import type { TemplateCardMessage } from './template-card.types.ts';
import { cleanOr, fitText } from './text.ts';

export const pageNoticePayloadSchema = pageNotice.schema;
export type PageNoticePayload = NotificationPayload<typeof pageNotice>;

export function buildPageNoticeCard(p: PageNoticePayload, ctx: CardContext): TemplateCardMessage {
  return message({
    card_type: 'text_notice',
    ...taskIdField(ctx, false),
    source: source(fitText(cleanOr(p.topic, 'wecrm'), CARD_LIMITS.source.descChars)),
    main_title: {
      title: fitText(cleanOr(p.title, '通知'), CARD_LIMITS.mainTitle.titleChars),
      ...(p.desc ? { desc: fitText(p.desc, CARD_LIMITS.mainTitle.descChars) } : {}),
    },
    ...subTitle(p.detail ? fitText(p.detail, CARD_LIMITS.subTitleText.chars) : null),
    ...(p.rows.length ? { horizontal_content_list: p.rows.map((r) => row(fitText(cleanOr(r.key, '信息'), CARD_LIMITS.horizontalContent.keynameChars), fitText(r.value, CARD_LIMITS.horizontalContent.valueChars))) } : {}),
    card_action: { type: 1, url: pageLink(ctx, p.page) },
  });
}
