/**
 * Reclaim warning (button_interaction): a customer is about to go back to the pool. The rep can
 * write a follow-up (opens the follow-up sheet in H5) or give the customer up from chat, with a
 * reason chosen on the card.
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

/**
 * The reason selector on the card: a release needs a reason in chat as in the app (the words
 * the next owner reads in the pool). The default option is a placeholder, so one careless tap
 * on "放弃客户" releases nothing. Texts follow the app's quick reasons (miniprogram labels).
 */
export const RELEASE_REASON_QUESTION = 'release_reason';
export const RELEASE_REASON_PLACEHOLDER = { id: 'none', text: '请选择放弃原因' } as const;
export const RELEASE_REASONS = [
  { id: 'no_interest', text: '客户无意向' },
  { id: 'unreachable', text: '联系不上' },
  { id: 'no_budget', text: '预算不足' },
  { id: 'chose_competitor', text: '已选竞品' },
  { id: 'other', text: '其他原因' },
] as const;

/** The reason of a selected option id; null for the placeholder, a missing or an unknown id. */
export function releaseReasonOf(optionId: string | null | undefined): string | null {
  return RELEASE_REASONS.find((r) => r.id === optionId)?.text ?? null;
}

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

/**
 * What a click on "放弃客户" ended in, decided from the customer's state, not from an error code:
 * released by this member, back in the pool meanwhile (reclaimed or released elsewhere), owned
 * by someone else now, or not the member's to act on. `followed-up` is for the H5 flow.
 */
export const RECLAIM_OUTCOMES = ['released', 'reclaimed', 'transferred', 'not-allowed', 'followed-up'] as const;
export type ReclaimOutcome = (typeof RECLAIM_OUTCOMES)[number];

const outcomeTexts: Record<Exclude<ReclaimOutcome, 'released'>, string> = {
  reclaimed: '已被回收至公海',
  transferred: '客户已转给他人',
  'not-allowed': '无权操作该客户',
  'followed-up': '已写跟进，回收时间已顺延',
};

/** The greyed button's text; a release names its reason ("已放弃：联系不上"). */
export function reclaimOutcomeText(outcome: ReclaimOutcome, reason?: string | null): string {
  if (outcome !== 'released') return outcomeTexts[outcome];
  const words = cleanOr(reason, '');
  return words ? `已放弃：${words}` : '已放弃';
}

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
