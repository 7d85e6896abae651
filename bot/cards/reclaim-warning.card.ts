/**
 * Reclaim warning (button_interaction): a customer is about to go back to the pool. The rep can
 * write a follow-up (opens the follow-up sheet in H5) or give the customer up from chat.
 * Payload as server/pool/reclaim-warnings.ts queues it.
 */
import { z } from 'zod';
import { customerIdSchema, customerLink, followUpLink, instantSchema, taskIdField, tzOf, type CardContext } from './card-context.ts';
import { CARD_LIMITS } from './card-limits.ts';
import { customerNameOf, message, row, source } from './card-parts.ts';
import type { ButtonUpdate, CardReplacement, TemplateCard, TemplateCardMessage } from './template-card.types.ts';
import { cleanOr, fitAround } from './text.ts';
import { businessDaysBetween, daysAgoText, monthDay } from './time-words.ts';

export const RECLAIM_RULES = ['no_follow_up', 'no_deal', 'no_repeat_deal'] as const;

export const reclaimWarningPayloadSchema = z.object({
  customerId: customerIdSchema,
  customerName: z.string(),
  ownerId: z.union([z.string().min(1), z.number().int()]).transform(String),
  dueAt: instantSchema,
  rule: z.enum(RECLAIM_RULES),
  reason: z.string(),
  daysLeft: z.number().int(),
  lastFollowUpAt: instantSchema.nullable(),
});
export type ReclaimWarningPayload = z.output<typeof reclaimWarningPayloadSchema>;

/** Shown when the payload's reason is empty. */
const ruleFallback: Record<ReclaimWarningPayload['rule'], string> = {
  no_follow_up: '长期未跟进，自动回收',
  no_deal: '领取后未成交，自动回收',
  no_repeat_deal: '长期无复购，自动回收',
};

const RELEASE_KEY_PREFIX = 'release:';

/** Callback key of the "放弃客户" button; the callback handler reads it back with `parseReleaseKey`. */
export const releaseKey = (customerId: string): string => `${RELEASE_KEY_PREFIX}${customerId}`;

/** The customer id in a "放弃客户" key, or null when `key` is not one. */
export function parseReleaseKey(key: string): string | null {
  if (!key.startsWith(RELEASE_KEY_PREFIX)) return null;
  const id = key.slice(RELEASE_KEY_PREFIX.length);
  return /^[1-9][0-9]{0,19}$/.test(id) ? id : null;
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

export const RECLAIM_OUTCOMES = ['released', 'already-gone', 'followed-up'] as const;
export type ReclaimOutcome = (typeof RECLAIM_OUTCOMES)[number];

export const reclaimOutcomeText: Record<ReclaimOutcome, string> = {
  released: '已放弃，客户已回到公海',
  'already-gone': '客户已不在你名下',
  'followed-up': '已写跟进，回收时间已顺延',
};

const outcomeTitle: Record<ReclaimOutcome, { title: string; desc: (name: string) => string }> = {
  released: { title: '已放弃客户', desc: (n) => `${n} 已回到公海` },
  'already-gone': { title: '客户已不在你名下', desc: (n) => `${n} 已被回收或转给他人` },
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
export function outcomeCard(p: ReclaimWarningPayload, outcome: ReclaimOutcome, ctx: CardContext): CardReplacement {
  const name = customerNameOf(p.customerName);
  const { title, desc } = outcomeTitle[outcome];
  const { emphasis_content: _shownOnlyWhileOpen, ...card } = body(p, ctx);
  return {
    template_card: {
      ...card,
      source: source('wecrm 公海提醒', 0),
      main_title: { title, desc: fitAround(name, desc, CARD_LIMITS.mainTitle.descChars) },
      replace_text: reclaimOutcomeText[outcome],
    },
  };
}

/** The update_template_card fragment after a click: mode A without `ctx`, mode B (new card) with it. */
export function reclaimWarningOutcome(p: ReclaimWarningPayload, outcome: ReclaimOutcome): ButtonUpdate;
export function reclaimWarningOutcome(p: ReclaimWarningPayload, outcome: ReclaimOutcome, ctx: CardContext): CardReplacement;
export function reclaimWarningOutcome(p: ReclaimWarningPayload, outcome: ReclaimOutcome, ctx?: CardContext): ButtonUpdate | CardReplacement {
  return ctx ? outcomeCard(p, outcome, ctx) : outcomeButton(reclaimOutcomeText[outcome]);
}
