/**
 * Escalation digest (text_notice): a manager's morning card listing the team's key / A customers
 * whose reclaim warning passed without a follow-up — by rep, each opening the customer — with a
 * link to the team list filtered to those about to be reclaimed.
 */
import type { NotificationPayload } from '../../server/notifications/notification.ts';
import { escalationDigest } from '../../server/escalation/escalation.notifications.ts';
import { customerLink, pageLink, tzOf, type CardContext, taskIdField } from './card-context.ts';
import { CARD_LIMITS } from './card-limits.ts';
import { customerNameOf, jump, message, row, source, subTitle } from './card-parts.ts';
import type { TemplateCardMessage } from './template-card.types.ts';
import { cleanOr, fitAround } from './text.ts';
import { daysAheadText } from './time-words.ts';

export const escalationDigestPayloadSchema = escalationDigest.schema;
export type EscalationDigestPayload = NotificationPayload<typeof escalationDigest>;

/** The team list filtered to customers about to be reclaimed. */
export const TEAM_SOON_PAGE = '/pages/customers/index?scope=team&soon=true';
const LEVEL_WORDS: Record<string, string> = { key: '重点', A: 'A级', B: 'B级', C: 'C级' };

export function buildEscalationDigestCard(p: EscalationDigestPayload, ctx: CardContext): TemplateCardMessage {
  const total = Math.max(p.total, p.rows.length);
  const rows = [...p.rows].sort((a, b) => a.ownerName.localeCompare(b.ownerName, 'zh-CN')).slice(0, CARD_LIMITS.horizontalContent.maxItems);
  const more = total - rows.length;
  const tz = tzOf(ctx);
  const teamLink = pageLink(ctx, TEAM_SOON_PAGE);
  return message({
    card_type: 'text_notice',
    ...taskIdField(ctx, false),
    source: source('wecrm 团队提醒', 3),
    main_title: {
      title: `你的团队有 ${total} 个重点客户即将回收`,
      desc: `${p.reps} 位成员收到回收预警后未跟进`,
    },
    ...subTitle(more > 0 ? `另有 ${more} 个客户未列出，点开团队客户查看全部` : '提醒成员尽快跟进，或安排交接'),
    horizontal_content_list: rows.map((r) => {
      const owner = cleanOr(r.ownerName, '成员');
      const tail = `${LEVEL_WORDS[r.level] ?? r.level} ${daysAheadText(new Date(r.dueAt), ctx.now, tz)}回收`;
      return row(fitAround(owner, (n) => n, CARD_LIMITS.horizontalContent.keynameChars),
        fitAround(customerNameOf(r.customerName), (n) => `${n} ${tail}`, CARD_LIMITS.horizontalContent.valueChars), customerLink(ctx, r.customerId));
    }),
    jump_list: [jump('查看团队即将回收的客户', teamLink)],
    card_action: { type: 1, url: teamLink },
  });
}
