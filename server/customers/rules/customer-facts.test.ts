import { describe, expect, it } from 'vitest';
import { factsAfterFollowUp, factsAfterStageChange, factsOnCreate, type CustomerFacts } from './customer-facts.ts';

const t = (iso: string) => new Date(iso);
const base: CustomerFacts = { stage: 'contacted', lastFollowUpAt: t('2026-03-10T02:00:00Z'), lastDealAt: null };

describe('customer facts', () => {
  it.each([
    ['a later follow-up moves lastFollowUpAt', base, '2026-03-12T02:00:00Z', { lastFollowUpAt: t('2026-03-12T02:00:00Z') }],
    ['a back-dated follow-up leaves it where it was', base, '2026-03-01T02:00:00Z', {}],
    ['a follow-up at the same instant changes nothing', base, '2026-03-10T02:00:00Z', {}],
    ['the first follow-up of a lead sets it and makes the lead contacted', { ...base, stage: 'lead', lastFollowUpAt: null }, '2026-03-01T02:00:00Z',
      { lastFollowUpAt: t('2026-03-01T02:00:00Z'), stage: 'contacted' }],
  ] as const)('should follow the rule when %s', (_, current, at, patch) => {
    expect(factsAfterFollowUp(current as CustomerFacts, t(at))).toEqual(patch);
  });

  it.each([
    ['contacted', 'deal', true], ['deal', 'repeat', true], ['opportunity', 'contacted', false], ['deal', 'contacted', false], ['deal', 'deal', null],
  ] as const)('should date a deal when the stage goes from %s to %s: %s', (from, to, deal) => {
    const now = t('2026-03-15T02:00:00Z');
    const patch = factsAfterStageChange({ ...base, stage: from }, to, now);
    if (deal === null) expect(patch).toEqual({});
    else expect(patch).toEqual(deal ? { stage: to, lastDealAt: now } : { stage: to });
  });

  it('should date the deal of a customer created in a deal stage only', () => {
    const now = t('2026-03-15T02:00:00Z');
    expect(factsOnCreate('deal', now)).toEqual({ lastDealAt: now });
    expect(factsOnCreate('repeat', now)).toEqual({ lastDealAt: now });
    expect(factsOnCreate('lead', now)).toEqual({ lastDealAt: null });
  });
});
