/**
 * An approval notice (text_notice): the requester told of a level passed or the outcome, an
 * approver reminded, a manager told that a request waits too long; opens the request in the app.
 */
import type { NotificationPayload } from '../../server/notifications/notification.ts';
import { approvalNotice } from '../../server/approvals/approvals.notifications.ts';
import { pageLink, taskIdField, type CardContext } from './card-context.ts';
import { CARD_LIMITS } from './card-limits.ts';
import { message, row, source, subTitle } from './card-parts.ts';
import type { TemplateCardMessage } from './template-card.types.ts';
import { cleanOr, fitText } from './text.ts';

export const approvalNoticePayloadSchema = approvalNotice.schema;
export type ApprovalNoticePayload = NotificationPayload<typeof approvalNotice>;

export function buildApprovalNoticeCard(p: ApprovalNoticePayload, ctx: CardContext): TemplateCardMessage {
  return message({
    card_type: 'text_notice',
    ...taskIdField(ctx, false),
    source: source(cleanOr(p.topic, 'wecrm 审批')),
    main_title: {
      title: fitText(cleanOr(p.title, '审批通知'), CARD_LIMITS.mainTitle.titleChars),
      ...(p.desc ? { desc: fitText(p.desc, CARD_LIMITS.mainTitle.descChars) } : {}),
    },
    ...subTitle(p.detail),
    ...(p.rows.length ? { horizontal_content_list: p.rows.slice(0, 5).map((r) => row(cleanOr(r.key, '信息'), r.value)) } : {}),
    card_action: { type: 1, url: pageLink(ctx, `/pages/approval-detail/index?id=${p.approvalId}`) },
  });
}
