/** WeCom card builders: pure functions from domain data to template_card JSON (WECOM.md §2). */
export { CARD_LIMITS } from './card-limits.ts';
export { buildCard, CARDS, CARD_KINDS, isCardKind, type CardKind, type CardPayloadInput } from './build-card.ts';
export {
  appLink, customerLink, followUpLink, isValidCardUrl, isValidTaskId, withQueryParam,
  type CardContext, type CardLinks,
} from './card-context.ts';
export {
  CardError, CardOverLimitsError, cardMessages, InvalidCardLinkError, InvalidCardPayloadError, InvalidTaskIdError,
  UnknownCardKindError, type CardErrorCode,
} from './cards.errors.ts';
export { validateTemplateCard } from './validate-template-card.ts';
export { cleanText, fitAround, fitText, textLength, truncateBytes, truncateChars, utf8Length, ELLIPSIS } from './text.ts';
export { businessDaysBetween, daysAgoText, daysAheadText, DEFAULT_BUSINESS_TZ } from './time-words.ts';
export type * from './template-card.types.ts';

export {
  buildReclaimWarningCard, outcomeButton, outcomeCard, parseReleaseKey, REASON_REQUIRED_TEXT, reasonRequiredCard, RECLAIM_OUTCOMES,
  RECLAIM_RULES, reclaimOutcomeText, reclaimWarningOutcome, reclaimWarningPayloadSchema, RELEASE_REASON_PLACEHOLDER,
  RELEASE_REASON_QUESTION, RELEASE_REASONS, releaseKey, releaseReasonOf, type ReclaimOutcome, type ReclaimWarningPayload,
} from './reclaim-warning.card.ts';
export { buildForgottenCustomerCard, forgottenCustomerPayloadSchema, type ForgottenCustomerPayload } from './forgotten-customer.card.ts';
export { buildFollowUpDueCard, FOLLOW_UP_DUE_TIERS, followUpDuePayloadSchema, followUpDueWord, type FollowUpDuePayload } from './follow-up-due.card.ts';
export { buildReclaimedCard, reclaimedPayloadSchema, type ReclaimedPayload } from './reclaimed.card.ts';
export { buildReclaimedDigestCard, reclaimedDigestPayloadSchema, type ReclaimedDigestPayload } from './reclaimed-digest.card.ts';
export { buildCoFollowerCard, coFollowerPayloadSchema, type CoFollowerPayload } from './co-follower.card.ts';
export { buildDigestCard, DIGEST_ITEM_KINDS, digestPayloadFromReminders, digestPayloadSchema, type DigestPayload } from './digest.card.ts';
export { buildNoticeCard, noticePayloadSchema, type NoticePayload } from './notice.card.ts';
export { buildDecisionCard, decisionPayloadSchema, type DecisionPayload } from './decision.card.ts';
