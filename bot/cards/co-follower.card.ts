import type { NotificationPayload } from '../../server/notifications/notification.ts';
import { coFollower } from '../../server/follow-ups/follow-ups.notifications.ts';
/** Co-follower (text_notice): a teammate logged a follow-up on a customer you also follow. */
import { type FollowUpType } from '../../entities/follow-up.entity.ts';
import { customerLink, taskIdField, tzOf, type CardContext } from './card-context.ts';
import { CARD_LIMITS } from './card-limits.ts';
import { customerNameOf, message, row, source, subTitle } from './card-parts.ts';
import type { TemplateCardMessage } from './template-card.types.ts';
import { cleanOr, fitAround, fitText } from './text.ts';
import { monthDayTime } from './time-words.ts';

/** The payload is the capability's notification (../../server/follow-ups/follow-ups.notifications.ts). */
export const coFollowerPayloadSchema = coFollower.schema;
export type CoFollowerPayload = NotificationPayload<typeof coFollower>;

/** Same wording as the mini-program's follow-up type labels. */
const typeLabel: Record<FollowUpType, string> = { call: '电话', visit: '拜访', wechat: '微信', email: '邮件', meeting: '会议', other: '其他' };

/** The author's name keeps at most this many characters so the customer's name still shows. */
const AUTHOR_IN_TITLE = 8;

export function buildCoFollowerCard(p: CoFollowerPayload, ctx: CardContext): TemplateCardMessage {
  const name = customerNameOf(p.customerName);
  const author = cleanOr(p.authorName, '同事');
  const shortAuthor = fitText(author, AUTHOR_IN_TITLE);
  const at = monthDayTime(new Date(p.at), ctx.now, tzOf(ctx));
  return message({
    card_type: 'text_notice',
    ...taskIdField(ctx, false),
    source: source('wecrm 协作动态'),
    main_title: {
      title: fitAround(name, (n) => `${shortAuthor} 对 ${n} 写了跟进`, CARD_LIMITS.mainTitle.titleChars),
      desc: `${typeLabel[p.followUpType]} · ${at}`,
    },
    ...subTitle(cleanOr(p.content, '（未填写跟进内容）')),
    horizontal_content_list: [
      row('客户', name),
      row('跟进人', author),
      row('跟进方式', typeLabel[p.followUpType]),
      row('跟进时间', at),
    ],
    card_action: { type: 1, url: customerLink(ctx, p.customerId) },
  });
}
