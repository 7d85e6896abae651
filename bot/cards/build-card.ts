/**
 * One entry point for the dispatcher: an outbox row's kind and JSON payload in, a
 * `message/send` body (minus touser/agentid) out — or a CardError saying why not.
 */
import type { z } from 'zod';
import type { CardContext } from './card-context.ts';
import { CardOverLimitsError, InvalidCardPayloadError, UnknownCardKindError } from './cards.errors.ts';
import { buildCoFollowerCard, coFollowerPayloadSchema } from './co-follower.card.ts';
import { buildDigestCard, digestPayloadSchema } from './digest.card.ts';
import { buildFollowUpDueCard, followUpDuePayloadSchema } from './follow-up-due.card.ts';
import { buildForgottenCustomerCard, forgottenCustomerPayloadSchema } from './forgotten-customer.card.ts';
import { buildReclaimWarningCard, reclaimWarningPayloadSchema, redrawReclaimWarning } from './reclaim-warning.card.ts';
import { buildNoticeCard, noticePayloadSchema } from './notice.card.ts';
import { buildDecisionCard, decisionPayloadSchema, redrawDecision } from './decision.card.ts';
import { buildReclaimedCard, reclaimedPayloadSchema } from './reclaimed.card.ts';
import { buildReclaimedDigestCard, reclaimedDigestPayloadSchema } from './reclaimed-digest.card.ts';
import { buildPageNoticeCard, pageNoticePayloadSchema } from './page-notice.card.ts';
import { approvalNoticePayloadSchema, buildApprovalNoticeCard } from './approval-notice.card.ts';
import { buildContractExpiringCard, buildPaymentDueCard, contractExpiringPayloadSchema, paymentDuePayloadSchema } from './contract-cards.ts';
import { buildEscalationDigestCard, escalationDigestPayloadSchema } from './escalation-digest.card.ts';
import type { CardReplacement, TemplateCardMessage } from './template-card.types.ts';
import type { NotificationDefinition } from '../../server/notifications/notification.ts';
import { validateTemplateCard } from './validate-template-card.ts';

interface CardDefinition<S extends z.ZodType> {
  schema: S;
  build(payload: z.output<S>, ctx: CardContext): TemplateCardMessage;
  /** The card redrawn in a state a card action named (update_template_card with a new card). */
  redraw?(payload: z.output<S>, state: string, ctx: CardContext): CardReplacement | null;
}

const define = <S extends z.ZodType>(
  schema: S, build: (payload: z.output<S>, ctx: CardContext) => TemplateCardMessage,
  redraw?: (payload: z.output<S>, state: string, ctx: CardContext) => CardReplacement | null,
): CardDefinition<S> => ({ schema, build, ...(redraw ? { redraw } : {}) });

/**
 * Every card kind the outbox may hold: the capabilities' notification kinds (whose payload schemas
 * live with them in server/) with their builders, plus the digest the dispatcher composes.
 */
export const CARDS = {
  'reclaim-warning': define(reclaimWarningPayloadSchema, buildReclaimWarningCard, redrawReclaimWarning),
  'forgotten-customer': define(forgottenCustomerPayloadSchema, buildForgottenCustomerCard),
  'follow-up-due': define(followUpDuePayloadSchema, buildFollowUpDueCard),
  reclaimed: define(reclaimedPayloadSchema, buildReclaimedCard),
  'reclaimed-digest': define(reclaimedDigestPayloadSchema, buildReclaimedDigestCard),
  'page-notice': define(pageNoticePayloadSchema, buildPageNoticeCard),
  'co-follower': define(coFollowerPayloadSchema, buildCoFollowerCard),
  digest: define(digestPayloadSchema, buildDigestCard),
  notice: define(noticePayloadSchema, buildNoticeCard),
  decision: define(decisionPayloadSchema, buildDecisionCard, redrawDecision),
  'approval-notice': define(approvalNoticePayloadSchema, buildApprovalNoticeCard),
  'payment-due': define(paymentDuePayloadSchema, buildPaymentDueCard),
  'contract-expiring': define(contractExpiringPayloadSchema, buildContractExpiringCard),
  'escalation-digest': define(escalationDigestPayloadSchema, buildEscalationDigestCard),
} as const;

export type CardKind = keyof typeof CARDS;
export const CARD_KINDS = Object.keys(CARDS) as CardKind[];
/** What a kind's payload looks like in the outbox row (before parsing). */
export type CardPayloadInput<K extends CardKind> = z.input<(typeof CARDS)[K]['schema']>;

export const isCardKind = (kind: unknown): kind is CardKind => typeof kind === 'string' && Object.hasOwn(CARDS, kind);

/**
 * Parses `payload` with the kind's schema, builds the card and checks it against WeCom's limits.
 * Throws UnknownCardKindError, InvalidCardPayloadError, InvalidTaskIdError, InvalidCardLinkError
 * or CardOverLimitsError — all permanent for the row.
 */
export function buildCard(kind: string, payload: unknown, ctx: CardContext): TemplateCardMessage {
  if (!isCardKind(kind)) throw new UnknownCardKindError(kind);
  const def = CARDS[kind] as CardDefinition<z.ZodType>;
  const parsed = def.schema.safeParse(payload);
  if (!parsed.success) {
    throw new InvalidCardPayloadError(
      kind,
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    );
  }
  const card = def.build(parsed.data, ctx);
  // The builders fit everything; this is the guard that keeps a future slip from reaching WeCom.
  const problems = validateTemplateCard(card);
  if (problems.length) throw new CardOverLimitsError(kind, problems);
  return card;
}

/** Start-up check: every notification kind a capability declares has a card here. */
export function assertCardsFor(definitions: readonly NotificationDefinition[]): void {
  const missing = definitions.filter((d) => !isCardKind(d.kind)).map((d) => d.kind);
  if (missing.length) throw new Error(`no card builder for notification kind(s) ${missing.join(', ')}: add them to bot/cards/build-card.ts`);
}

/**
 * The card of `kind` redrawn in `state` (a card action's 'redraw' update), checked against
 * WeCom's limits; null when the kind has no such state or the payload no longer parses.
 */
export function redrawCard(kind: string, payload: unknown, state: string, ctx: CardContext): CardReplacement | null {
  if (!isCardKind(kind)) return null;
  const def = CARDS[kind] as CardDefinition<z.ZodType>;
  if (!def.redraw) return null;
  const parsed = def.schema.safeParse(payload);
  if (!parsed.success) return null;
  const replacement = def.redraw(parsed.data, state, ctx);
  if (!replacement) return null;
  const problems = validateTemplateCard({ msgtype: 'template_card', template_card: { ...replacement.template_card, task_id: 'redraw' } } as TemplateCardMessage);
  if (problems.length) throw new CardOverLimitsError(kind, problems);
  return replacement;
}
