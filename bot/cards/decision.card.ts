/**
 * Decision (button_interaction): a question with up to three callback buttons, for any
 * capability whose card action owns the keys. Urgent by definition (someone waits on it).
 */
import type { NotificationPayload } from '../../server/notifications/notification.ts';
import { decision } from '../../server/notifications/decision.notification.ts';
import { appLink, customerLink, taskIdField, type CardContext } from './card-context.ts';
import { CARD_LIMITS } from './card-limits.ts';
import { message, row, source } from './card-parts.ts';
import type { TemplateCardMessage } from './template-card.types.ts';
import { cleanOr, fitText } from './text.ts';

export const decisionPayloadSchema = decision.schema;
export type DecisionPayload = NotificationPayload<typeof decision>;

/** Throws InvalidTaskIdError without a valid `ctx.taskId`: interactive cards need one. */
export function buildDecisionCard(p: DecisionPayload, ctx: CardContext): TemplateCardMessage {
  return message({
    card_type: 'button_interaction',
    ...taskIdField(ctx, true),
    source: source(cleanOr(p.topic, 'wecrm'), 1),
    main_title: {
      title: fitText(cleanOr(p.title, '待你处理'), CARD_LIMITS.mainTitle.titleChars),
      ...(p.desc ? { desc: fitText(p.desc, CARD_LIMITS.mainTitle.descChars) } : {}),
    },
    ...(p.rows.length ? { horizontal_content_list: p.rows.slice(0, 6).map((r) => row(cleanOr(r.key, '信息'), r.value)) } : {}),
    card_action: { type: 1, url: p.customerId ? customerLink(ctx, p.customerId) : appLink(ctx) },
    button_list: p.buttons.map((b) => ({ type: 0 as const, text: fitText(cleanOr(b.text, '确认'), CARD_LIMITS.buttonList.textChars), style: b.style, key: b.key })),
  });
}
