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
import { buildReclaimWarningCard, reclaimWarningPayloadSchema } from './reclaim-warning.card.ts';
import { buildNoticeCard, noticePayloadSchema } from './notice.card.ts';
import { buildReclaimedCard, reclaimedPayloadSchema } from './reclaimed.card.ts';
import type { TemplateCardMessage } from './template-card.types.ts';
import { validateTemplateCard } from './validate-template-card.ts';

interface CardDefinition<S extends z.ZodType> {
  schema: S;
  build(payload: z.output<S>, ctx: CardContext): TemplateCardMessage;
}

const define = <S extends z.ZodType>(schema: S, build: (payload: z.output<S>, ctx: CardContext) => TemplateCardMessage): CardDefinition<S> => ({ schema, build });

/** Every card kind the outbox may hold, with the schema of its payload. */
export const CARDS = {
  'reclaim-warning': define(reclaimWarningPayloadSchema, buildReclaimWarningCard),
  'forgotten-customer': define(forgottenCustomerPayloadSchema, buildForgottenCustomerCard),
  'follow-up-due': define(followUpDuePayloadSchema, buildFollowUpDueCard),
  reclaimed: define(reclaimedPayloadSchema, buildReclaimedCard),
  'co-follower': define(coFollowerPayloadSchema, buildCoFollowerCard),
  digest: define(digestPayloadSchema, buildDigestCard),
  notice: define(noticePayloadSchema, buildNoticeCard),
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
