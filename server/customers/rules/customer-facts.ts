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

/** An opportunity opened on a lead or a contacted customer: it is now at the opportunity stage. */
export function factsAfterOpportunityOpened(current: Pick<CustomerFacts, 'stage'>): FactsPatch {
  return current.stage === 'lead' || current.stage === 'contacted' ? { stage: 'opportunity' } : {};
}

/**
 * An opportunity won at `at` (the pipeline's deal): the last deal moves forward (never back), and
 * the customer's stage is deal for its first deal, repeat for any later one.
 */
export function factsAfterWin(current: CustomerFacts, at: Date): FactsPatch {
  const hadDeal = current.lastDealAt !== null || DEAL_STAGES.includes(current.stage);
  const patch: FactsPatch = { stage: hadDeal ? 'repeat' : 'deal' };
  if (!current.lastDealAt || at > current.lastDealAt) patch.lastDealAt = at;
  if (patch.stage === current.stage) delete patch.stage;
  return patch;
}

/**
 * A won opportunity reopened: its deal is taken back. `remaining` are the deals that still stand
 * (other won opportunities, deals a manager recorded): the last deal is the latest of them, and
 * the stage follows their number (none: back to opportunity; one: deal; more: repeat).
 */
export function factsAfterReopen(current: CustomerFacts, remaining: readonly Date[]): FactsPatch {
  const last = remaining.reduce<Date | null>((max, d) => (max === null || d > max ? d : max), null);
  const stage: CustomerFacts['stage'] = remaining.length === 0 ? 'opportunity' : remaining.length === 1 ? 'deal' : 'repeat';
  const patch: FactsPatch = {};
  if ((last?.getTime() ?? null) !== (current.lastDealAt?.getTime() ?? null)) patch.lastDealAt = last;
  // Only a deal stage is the pipeline's to take back; a customer marked dormant or lost stays so.
  if (DEAL_STAGES.includes(current.stage) && stage !== current.stage) patch.stage = stage;
  return patch;
}
