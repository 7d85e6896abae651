/**
 * Reclaim warning (button_interaction): a customer is about to go back to the pool. The rep can
 * write a follow-up (opens the follow-up sheet in H5) or give the customer up from chat, with a
 * reason chosen on the card.
 * Payload as server/pool/reclaim-warnings.ts queues it.
 */
import type { NotificationPayload } from '../../server/notifications/notification.ts';
import { RECLAIM_RULES, reclaimWarning } from '../../server/pool/pool.notifications.ts';
import {
  parseReleaseKey, RECLAIM_OUTCOMES, reclaimOutcomeText, RELEASE_REASON_PLACEHOLDER, RELEASE_REASON_QUESTION, RELEASE_REASONS, releaseKey,
  releaseReasonOf, REASON_REQUIRED_STATE, type ReclaimOutcome,
} from '../../server/pool/pool.card-actions.ts';
import { customerLink, followUpLink, taskIdField, tzOf, type CardContext } from './card-context.ts';
import { CARD_LIMITS } from './card-limits.ts';
import { customerNameOf, message, row, source } from './card-parts.ts';
import type { ButtonUpdate, CardReplacement, TemplateCard, TemplateCardMessage } from './template-card.types.ts';
import { cleanOr, fitAround } from './text.ts';
import { businessDaysBetween, daysAgoText, monthDay } from './time-words.ts';

export { RECLAIM_RULES };
/** The payload is the pool capability's notification (server/pool/pool.notifications.ts). */
export const reclaimWarningPayloadSchema = reclaimWarning.schema;
export type ReclaimWarningPayload = NotificationPayload<typeof reclaimWarning>;

/** Shown when the payload's reason is empty. */
const ruleFallback: Record<ReclaimWarningPayload['rule'], string> = {
  no_follow_up: '长期未跟进，自动回收',
  no_deal: '领取后未成交，自动回收',
  no_repeat_deal: '长期无复购，自动回收',
};

// The button's key and the reason options are the card action's vocabulary (server/pool/pool.card-actions.ts).
export { parseReleaseKey, RELEASE_REASON_PLACEHOLDER, RELEASE_REASON_QUESTION, RELEASE_REASONS, releaseKey, releaseReasonOf };

function reasonSelection(): NonNullable<TemplateCard['button_selection']> {
  return {
    question_key: RELEASE_REASON_QUESTION,
    title: '放弃原因',
    option_list: [{ ...RELEASE_REASON_PLACEHOLDER }, ...RELEASE_REASONS.map((r) => ({ ...r }))],
    selected_id: RELEASE_REASON_PLACEHOLDER.id,
  };
}

function body(p: ReclaimWarningPayload, ctx: CardContext): Omit<TemplateCard, 'task_id'> {
  const tz = tzOf(ctx);
  const name = customerNameOf(p.customerName);
  const dueAt = new Date(p.dueAt);
  // Counted from `now`, not taken from the payload: a card held back by quiet hours must not
  // promise a day the rep no longer has.
  const daysLeft = Math.max(0, businessDaysBetween(ctx.now, dueAt, tz));
  const when = daysLeft === 0 ? '今天' : `${daysLeft} 天后`;
  return {
    card_type: 'button_interaction',
    source: source('wecrm 公海提醒', 2),
    main_title: { title: '客户即将回收', desc: fitAround(name, (n) => `${n} ${when}回到公海`, CARD_LIMITS.mainTitle.descChars) },
    // Not listed among button_interaction's fields in every copy of the docs; the days are in
    // main_title.desc too, so nothing is lost where a client does not render it.
    emphasis_content: daysLeft === 0 ? { title: '今天', desc: '自动回收' } : { title: `${daysLeft}天`, desc: '后自动回收' },
    horizontal_content_list: [
      row('客户', name),
      row('回收原因', cleanOr(p.reason, ruleFallback[p.rule])),
      row('上次跟进', p.lastFollowUpAt ? daysAgoText(new Date(p.lastFollowUpAt), ctx.now, tz) : '从未跟进'),
      row('回收时间', monthDay(dueAt, ctx.now, tz)),
    ],
    card_action: { type: 1, url: customerLink(ctx, p.customerId) },
    button_selection: reasonSelection(),
    button_list: [
      { type: 1, text: '写跟进', style: 1, url: followUpLink(ctx, p.customerId) },
      { type: 0, text: '放弃客户', style: 2, key: releaseKey(p.customerId) },
    ],
  };
}

/** Throws InvalidTaskIdError without a valid `ctx.taskId`: WeCom rejects interactive cards without one (42014). */
export function buildReclaimWarningCard(p: ReclaimWarningPayload, ctx: CardContext): TemplateCardMessage {
  const { card_type, ...rest } = body(p, ctx);
  return message({ card_type, ...taskIdField(ctx, true), ...rest });
}

// ---- after a click: update_template_card ----------------------------------------------------

export { RECLAIM_OUTCOMES, reclaimOutcomeText, type ReclaimOutcome };

const outcomeTitle: Record<ReclaimOutcome, { title: string; desc: (name: string) => string }> = {
  released: { title: '已放弃客户', desc: (n) => `${n} 已回到公海` },
  reclaimed: { title: '客户已被回收', desc: (n) => `${n} 已在公海中` },
  transferred: { title: '客户已转给他人', desc: (n) => `${n} 已由其他同事负责` },
  'not-allowed': { title: '无权操作该客户', desc: (n) => `${n} 不在你的权限范围内` },
  'followed-up': { title: '已写跟进', desc: (n) => `${n} 的回收时间已顺延` },
};

/**
 * Mode A: grey out the card's buttons with `text`. WeCom states no limit for replace_name; the
 * outcome texts run to 12 characters, which clients show in full.
 */
export function outcomeButton(text: string): ButtonUpdate {
  return { button: { replace_name: cleanOr(text, '已处理') } };
}

/** Mode B: the warning card redrawn with the outcome, buttons greyed by `replace_text` (no task_id). */
export function outcomeCard(p: ReclaimWarningPayload, outcome: ReclaimOutcome, ctx: CardContext, reason?: string | null): CardReplacement {
  const name = customerNameOf(p.customerName);
  const { title, desc } = outcomeTitle[outcome];
  const { emphasis_content: _shownOnlyWhileOpen, ...card } = body(p, ctx);
  return {
    template_card: {
      ...card,
      source: source('wecrm 公海提醒', 0),
      main_title: { title, desc: fitAround(name, desc, CARD_LIMITS.mainTitle.descChars) },
      replace_text: reclaimOutcomeText(outcome, reason),
    },
  };
}

/** The update_template_card fragment after a click: mode A without `ctx`, mode B (new card) with it. */
export function reclaimWarningOutcome(p: ReclaimWarningPayload, outcome: ReclaimOutcome, reason?: string | null): ButtonUpdate;
export function reclaimWarningOutcome(p: ReclaimWarningPayload, outcome: ReclaimOutcome, reason: string | null | undefined, ctx: CardContext): CardReplacement;
export function reclaimWarningOutcome(p: ReclaimWarningPayload, outcome: ReclaimOutcome, reason?: string | null, ctx?: CardContext): ButtonUpdate | CardReplacement {
  return ctx ? outcomeCard(p, outcome, ctx, reason) : outcomeButton(reclaimOutcomeText(outcome, reason));
}

export const REASON_REQUIRED_TEXT = '请先选择放弃原因，再点「放弃客户」；客户仍在你名下';

/**
 * Mode B without `replace_text`: "放弃客户" was pressed with the placeholder selected. The card
 * says why nothing happened and keeps its selector and buttons live, so the member picks a
 * reason and presses again (each click brings its own response code).
 */
export function reasonRequiredCard(p: ReclaimWarningPayload, ctx: CardContext): CardReplacement {
  return {
    template_card: {
      ...body(p, ctx),
      source: source('未选择放弃原因', 2),
      sub_title_text: REASON_REQUIRED_TEXT,
    },
  };
}

/** The card in a state a card action named; null for states it does not know. */
export function redrawReclaimWarning(p: ReclaimWarningPayload, state: string, ctx: CardContext): CardReplacement | null {
  return state === REASON_REQUIRED_STATE ? reasonRequiredCard(p, ctx) : null;
}
