import type { CustomerStage } from '../../../entities/customer.entity.ts';
import { DEAL_STAGES } from './protected-facts.ts';

/**
 * The facts the pool's rules read, kept on the customer row so the sweep and the lists never
 * scan follow-ups or deals: `lastFollowUpAt` (no-follow-up rule, forgotten customers) and
 * `lastDealAt` (no-deal and no-repeat-deal rules). Every writer asks these rules what changes;
 * nothing else sets those columns.
 */
export interface CustomerFacts {
  stage: CustomerStage;
  lastFollowUpAt: Date | null;
  lastDealAt: Date | null;
}

export type FactsPatch = Partial<CustomerFacts>;

/** A new customer: a deal stage is its deal, now. */
export function factsOnCreate(stage: CustomerStage, now: Date): Pick<CustomerFacts, 'lastDealAt'> {
  return { lastDealAt: DEAL_STAGES.includes(stage) ? now : null };
}

/**
 * A follow-up at `at` (possibly back-dated): it moves `lastFollowUpAt` forward only, never
 * backwards; a lead that was contacted is no longer a lead.
 */
export function factsAfterFollowUp(current: CustomerFacts, at: Date): FactsPatch {
  const patch: FactsPatch = {};
  if (!current.lastFollowUpAt || at > current.lastFollowUpAt) patch.lastFollowUpAt = at;
  if (current.stage === 'lead') patch.stage = 'contacted';
  return patch;
}

/** A stage change: entering a deal stage is a deal now; leaving one does not undo the deal. */
export function factsAfterStageChange(current: CustomerFacts, stage: CustomerStage, now: Date): FactsPatch {
  if (stage === current.stage) return {};
  return DEAL_STAGES.includes(stage) ? { stage, lastDealAt: now } : { stage };
}

/**
 * A deal closed at `at` (a signed contract, a won opportunity): `lastDealAt` moves forward only;
 * a customer who had no deal becomes `deal`, one who had becomes `repeat`.
 */
export function factsAfterDeal(current: CustomerFacts, at: Date): FactsPatch {
  const patch: FactsPatch = {};
  if (!current.lastDealAt || at > current.lastDealAt) patch.lastDealAt = at;
  const stage: CustomerStage = current.lastDealAt || DEAL_STAGES.includes(current.stage) ? 'repeat' : 'deal';
  if (stage !== current.stage) patch.stage = stage;
  return patch;
}
