import { describe, expect, it } from 'vitest';
import { factsAfterOpportunityOpened, factsAfterReopen, factsAfterWin, type CustomerFacts } from '../../customers/rules/customer-facts.ts';

const d = (s: string) => new Date(`${s}T02:00:00Z`);
const facts = (f: Partial<CustomerFacts>): CustomerFacts => ({ stage: 'opportunity', lastFollowUpAt: null, lastDealAt: null, ...f });

describe('deal facts from the pipeline', () => {
  it.each([
    ['a first win', facts({}), d('2026-03-01'), { stage: 'deal', lastDealAt: d('2026-03-01') }],
    ['a second win', facts({ stage: 'deal', lastDealAt: d('2026-01-01') }), d('2026-03-01'), { stage: 'repeat', lastDealAt: d('2026-03-01') }],
    ['a win back-dated before the last deal', facts({ stage: 'repeat', lastDealAt: d('2026-03-05') }), d('2026-03-01'), {}],
    ['a win on a dormant customer with an old deal', facts({ stage: 'dormant', lastDealAt: d('2025-01-01') }), d('2026-03-01'), { stage: 'repeat', lastDealAt: d('2026-03-01') }],
  ] as const)('should set the deal facts on %s', (_l, current, at, patch) => {
    expect(factsAfterWin(current, at)).toEqual(patch);
  });

  it.each([
    ['the only deal taken back', facts({ stage: 'deal', lastDealAt: d('2026-03-01') }), [], { stage: 'opportunity', lastDealAt: null }],
    ['one deal left', facts({ stage: 'repeat', lastDealAt: d('2026-03-01') }), [d('2026-01-10')], { stage: 'deal', lastDealAt: d('2026-01-10') }],
    ['two deals left, the latest stands', facts({ stage: 'repeat', lastDealAt: d('2026-03-01') }), [d('2026-01-10'), d('2026-02-10')], { lastDealAt: d('2026-02-10') }],
    ['a later deal still stands', facts({ stage: 'repeat', lastDealAt: d('2026-03-01') }), [d('2026-03-01'), d('2026-01-01')], {}],
    ['a dormant customer keeps its stage', facts({ stage: 'dormant', lastDealAt: d('2026-03-01') }), [], { lastDealAt: null }],
  ] as const)('should recompute the deal facts when %s', (_l, current, remaining, patch) => {
    expect(factsAfterReopen(current, remaining)).toEqual(patch);
  });

  it.each([
    ['lead', { stage: 'opportunity' }], ['contacted', { stage: 'opportunity' }], ['deal', {}], ['opportunity', {}],
  ] as const)('should move a %s customer to the opportunity stage when an opportunity opens', (stage, patch) => {
    expect(factsAfterOpportunityOpened({ stage })).toEqual(patch);
  });
});
