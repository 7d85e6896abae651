import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_SETTINGS, selectEscalations, type CustomerNow, type SentWarning } from './select-escalations.ts';

const sh = (local: string) => new Date(`${local}+08:00`);
const NOW = sh('2026-03-10T09:15:00');
const TODAY = sh('2026-03-10T00:00:00');

const warning = (over: Partial<SentWarning> = {}): SentWarning => ({
  customerId: 1, ownerId: 7, sentAt: sh('2026-03-09T09:10:00'), dueAt: sh('2026-03-12T00:00:00'), ...over,
});
const customer = (over: Partial<CustomerNow> = {}): CustomerNow => ({ id: 1, ownerId: 7, level: 'key', lastFollowUpAt: sh('2026-02-20T10:00:00'), ...over });
const map = (...cs: CustomerNow[]) => new Map(cs.map((c) => [c.id, c]));

describe('selectEscalations', () => {
  it('should escalate a key customer when the warning of yesterday had no follow-up since', () => {
    expect(selectEscalations([warning()], map(customer()), DEFAULT_ESCALATION_SETTINGS, NOW, TODAY)).toEqual([
      { customerId: 1, ownerId: 7, warnedAt: sh('2026-03-09T09:10:00'), dueAt: sh('2026-03-12T00:00:00') },
    ]);
  });

  it('should not escalate when a follow-up came after the warning', () => {
    const c = customer({ lastFollowUpAt: sh('2026-03-09T15:00:00') });
    expect(selectEscalations([warning()], map(c), DEFAULT_ESCALATION_SETTINGS, NOW, TODAY)).toEqual([]);
  });

  it('should not escalate when the warning was sent today', () => {
    expect(selectEscalations([warning({ sentAt: sh('2026-03-10T09:10:00') })], map(customer()), DEFAULT_ESCALATION_SETTINGS, NOW, TODAY)).toEqual([]);
  });

  it('should not escalate when the level is not in the settings', () => {
    expect(selectEscalations([warning()], map(customer({ level: 'B' })), DEFAULT_ESCALATION_SETTINGS, NOW, TODAY)).toEqual([]);
    expect(selectEscalations([warning()], map(customer({ level: 'B' })), { ...DEFAULT_ESCALATION_SETTINGS, levels: ['B'] }, NOW, TODAY)).toHaveLength(1);
  });

  it('should escalate nothing when escalation is turned off', () => {
    expect(selectEscalations([warning()], map(customer()), { ...DEFAULT_ESCALATION_SETTINGS, enabled: false }, NOW, TODAY)).toEqual([]);
  });

  it('should not escalate when the customer changed owner or went back to the pool', () => {
    expect(selectEscalations([warning()], map(customer({ ownerId: 8 })), DEFAULT_ESCALATION_SETTINGS, NOW, TODAY)).toEqual([]);
    expect(selectEscalations([warning()], map(customer({ ownerId: null })), DEFAULT_ESCALATION_SETTINGS, NOW, TODAY)).toEqual([]);
  });

  it('should not escalate when the announced reclaim is already due', () => {
    expect(selectEscalations([warning({ dueAt: sh('2026-03-10T00:00:00') })], map(customer()), DEFAULT_ESCALATION_SETTINGS, NOW, TODAY)).toEqual([]);
  });

  it('should escalate a customer never followed up', () => {
    expect(selectEscalations([warning()], map(customer({ lastFollowUpAt: null, level: 'A' })), DEFAULT_ESCALATION_SETTINGS, NOW, TODAY)).toHaveLength(1);
  });

  it('should list each customer once with its latest warning, soonest due first', () => {
    const ws = [
      warning({ customerId: 2, sentAt: sh('2026-03-07T09:10:00'), dueAt: sh('2026-03-13T00:00:00') }),
      warning({ customerId: 2, sentAt: sh('2026-03-08T09:10:00'), dueAt: sh('2026-03-13T00:00:00') }),
      warning({ customerId: 1 }),
    ];
    const out = selectEscalations(ws, map(customer(), customer({ id: 2, lastFollowUpAt: sh('2026-03-07T12:00:00') })), DEFAULT_ESCALATION_SETTINGS, NOW, TODAY);
    expect(out.map((e) => [e.customerId, e.warnedAt])).toEqual([[1, sh('2026-03-09T09:10:00')], [2, sh('2026-03-08T09:10:00')]]);
  });

  it('should wait graceDays business days after the warning when an admin gives reps more time', () => {
    const twoDays = { ...DEFAULT_ESCALATION_SETTINGS, graceDays: 2 };
    // Warned yesterday: still within the two days.
    expect(selectEscalations([warning()], map(customer()), twoDays, NOW, TODAY)).toEqual([]);
    // Warned the day before yesterday: the grace is over.
    expect(selectEscalations([warning({ sentAt: sh('2026-03-08T09:10:00') })], map(customer()), twoDays, NOW, TODAY)).toHaveLength(1);
    // The boundary is the start of that business day, not 48 hours.
    expect(selectEscalations([warning({ sentAt: sh('2026-03-09T00:00:00') })], map(customer()), twoDays, NOW, TODAY)).toEqual([]);
    expect(selectEscalations([warning({ sentAt: sh('2026-03-08T23:59:00') })], map(customer()), twoDays, NOW, TODAY)).toHaveLength(1);
  });

  it('should escalate only customers due within dueWithinDays when it is set', () => {
    const within2 = { ...DEFAULT_ESCALATION_SETTINGS, dueWithinDays: 2 };
    const in2 = warning({ dueAt: new Date(NOW.getTime() + 2 * 86_400_000) });
    const past2 = warning({ dueAt: new Date(NOW.getTime() + 2 * 86_400_000 + 1) });
    expect(selectEscalations([in2], map(customer()), within2, NOW, TODAY)).toHaveLength(1);
    expect(selectEscalations([past2], map(customer()), within2, NOW, TODAY)).toEqual([]);
    expect(selectEscalations([past2], map(customer()), DEFAULT_ESCALATION_SETTINGS, NOW, TODAY)).toHaveLength(1);
  });

  it('should escalate nothing when no level is chosen', () => {
    expect(selectEscalations([warning()], map(customer()), { ...DEFAULT_ESCALATION_SETTINGS, levels: [] }, NOW, TODAY)).toEqual([]);
  });
});
