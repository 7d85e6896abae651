/**
 * Decision (button_interaction): a question with up to three callback buttons, for any
 * capability whose card action owns the keys; optionally a choice on the card (a rejection's
 * reason) whose answer comes with the click. Urgent by definition (someone waits on it).
 */
import type { NotificationPayload } from '../../server/notifications/notification.ts';
import { decision, SELECTION_REQUIRED_STATE } from '../../server/notifications/decision.notification.ts';
import { appLink, customerLink, pageLink, taskIdField, type CardContext } from './card-context.ts';
import { CARD_LIMITS } from './card-limits.ts';
import { message, row, source } from './card-parts.ts';
import type { CardReplacement, TemplateCard, TemplateCardMessage } from './template-card.types.ts';
import { cleanOr, fitText } from './text.ts';

export const decisionPayloadSchema = decision.schema;
export type DecisionPayload = NotificationPayload<typeof decision>;

function body(p: DecisionPayload, ctx: CardContext): Omit<TemplateCard, 'task_id'> {
  const link = p.page ? pageLink(ctx, p.page) : p.customerId ? customerLink(ctx, p.customerId) : appLink(ctx);
  const selection = p.selection;
  return {
    card_type: 'button_interaction',
    source: source(cleanOr(p.topic, 'wecrm'), 1),
    main_title: {
      title: fitText(cleanOr(p.title, '待你处理'), CARD_LIMITS.mainTitle.titleChars),
      ...(p.desc ? { desc: fitText(p.desc, CARD_LIMITS.mainTitle.descChars) } : {}),
    },
    ...(p.rows.length ? { horizontal_content_list: p.rows.slice(0, 6).map((r) => row(cleanOr(r.key, '信息'), r.value)) } : {}),
    card_action: { type: 1, url: link },
    ...(selection ? {
      button_selection: {
        question_key: selection.questionKey,
        title: fitText(cleanOr(selection.title, '请选择'), 12),
        option_list: [selection.placeholder, ...selection.options].slice(0, CARD_LIMITS.buttonSelection.maxOptions).map((o) => ({
          id: o.id, text: fitText(cleanOr(o.text, o.id), CARD_LIMITS.buttonSelection.optionTextChars),
        })),
        selected_id: selection.placeholder.id,
      },
    } : {}),
    button_list: p.buttons.map((b) => ({ type: 0 as const, text: fitText(cleanOr(b.text, '确认'), CARD_LIMITS.buttonList.textChars), style: b.style, key: b.key })),
  };
}

/** Throws InvalidTaskIdError without a valid `ctx.taskId`: interactive cards need one. */
export function buildDecisionCard(p: DecisionPayload, ctx: CardContext): TemplateCardMessage {
  const { card_type, ...rest } = body(p, ctx);
  return message({ card_type, ...taskIdField(ctx, true), ...rest });
}

/**
 * A button pressed without the choice it needs: the card says so and stays live (no
 * replace_text), so the member chooses and presses again (each click has its own code).
 */
export function redrawDecision(p: DecisionPayload, state: string, ctx: CardContext): CardReplacement | null {
  if (state !== SELECTION_REQUIRED_STATE || !p.selection) return null;
  return {
    template_card: {
      ...body(p, ctx),
      source: source(fitText(`请先选择${p.selection.title}`, CARD_LIMITS.source.descChars), 2),
      sub_title_text: fitText(`请先在卡片上选择${p.selection.title}，再点按钮；尚未处理`, CARD_LIMITS.subTitleText.chars),
    },
  };
}
