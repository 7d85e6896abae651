import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../server/demo/prng.ts';
import { sqlTime } from '../../server/infra/db.ts';
import { startOfDayAfter } from '../../server/ownership/rules/business-calendar.ts';
import { dueConditionSql } from '../../server/ownership/rules/due-condition.ts';
import { DEFAULT_POOL_RULES, type PoolRules } from '../../server/ownership/rules/pool-rules.ts';
import { reclaimDueAt, type ReclaimFacts } from '../../server/ownership/rules/reclaim-due.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;

/**
 * The reclaim condition as SQL (sweep, warnings, "soon reclaimed") against the pure rule, for all
 * three rules (no follow-up, no deal, no repeat deal), exempt levels, deals before and after the
 * claim, anchors at day edges, several "now"s and look-ahead windows — on SQLite and MariaDB.
 * SQL selects a customer exactly when reclaimDueAt says it is due by the start of the day
 * `withinDays` ahead (0 = due now).
 */
describe('dueConditionSql ≡ reclaimDueAt', () => {
  let app: TestApp;
  const facts = new Map<number, ReclaimFacts>();
  const POOL = 1;

  beforeAll(async () => {
    app = await startTestApp();
    const rng = new Rng(4242);
    const base = new Date('2026-03-02T02:00:00.000Z').getTime();
    // Times near business-day edges (00:00 Shanghai = 16:00 UTC) are where off-by-one errors live.
    const instant = (daysBack: number) => {
      const dayStart = startOfDayAfter(new Date(base), -daysBack, TZ).getTime();
      const edge = rng.pick([0, 1, 59_999, DAY / 2, DAY - 1]);
      return new Date(dayStart + edge);
    };
    await app.runtime.db.tx(async (em) => {
      for (let i = 0; i < 400; i++) {
        const claimedAt = instant(rng.int(0, 120));
        const lastFollowUpAt = rng.chance(0.3) ? null : rng.chance(0.2) ? new Date(claimedAt.getTime() - rng.int(1, 40) * DAY) : new Date(claimedAt.getTime() + rng.int(0, 100) * DAY / 2);
        const dealRoll = rng.next();
        const lastDealAt = dealRoll < 0.4 ? null : dealRoll < 0.55 ? new Date(claimedAt.getTime() - rng.int(1, 30) * DAY) : dealRoll < 0.62 ? claimedAt : new Date(claimedAt.getTime() + rng.int(0, 80) * DAY / 3);
        const level = rng.pick(['key', 'A', 'B', 'C'] as const);
        await em.query(
          `INSERT INTO customers (name, name_key, level, stage, tags, owner_id, pool_id, claimed_at, last_follow_up_at, last_deal_at, created_at, updated_at)
           VALUES (?, ?, ?, 'lead', '[]', ?, ?, ?, ?, ?, ?, ?)`,
          [`到期${i}`, `dq${i}`, level, app.users.repA, POOL, sqlTime(claimedAt), lastFollowUpAt && sqlTime(lastFollowUpAt), lastDealAt && sqlTime(lastDealAt), sqlTime(claimedAt), sqlTime(claimedAt)],
        );
      }
      const rows = await em.query("SELECT id, level, claimed_at, last_follow_up_at, last_deal_at FROM customers WHERE name LIKE '到期%'");
      const toDate = (v: string | Date | null) => (v === null ? null : v instanceof Date ? v : new Date(String(v).replace(' ', 'T') + 'Z'));
      for (const row of rows) facts.set(Number(row.id), { level: row.level, claimedAt: toDate(row.claimed_at)!, lastFollowUpAt: toDate(row.last_follow_up_at), lastDealAt: toDate(row.last_deal_at) });
    });
  });
  afterAll(async () => { await app?.close(); });

  const ruleSets: Array<[string, PoolRules]> = [
    ['the defaults (15/30, repeat off, 重点 exempt)', { ...DEFAULT_POOL_RULES }],
    ['the repeat-deal rule on', { ...DEFAULT_POOL_RULES, noRepeatDealDays: 45 }],
    ['short rules, nothing exempt', { ...DEFAULT_POOL_RULES, noFollowUpDays: 3, noDealDays: 7, noRepeatDealDays: 5, exemptLevels: [] }],
    ['several exempt levels', { ...DEFAULT_POOL_RULES, noFollowUpDays: 20, noDealDays: 60, noRepeatDealDays: 90, exemptLevels: ['A', 'key'] }],
  ];

  it.each(ruleSets)('should select exactly the customers the rule says are due, for %s', async (_name, rules) => {
    const em = app.runtime.db.manager;
    let selectedSomething = false;
    for (const now of [new Date('2026-03-02T02:00:00.000Z'), new Date('2026-03-02T15:59:59.999Z'), new Date('2026-03-02T16:00:00.000Z'), new Date('2026-04-20T08:00:00.000Z')]) {
      for (const withinDays of [0, 1, 3]) {
        const cond = dueConditionSql(POOL, rules, now, TZ, withinDays);
        const rows: Array<{ id: number | string }> = await em.query(`SELECT c.id FROM customers c WHERE c.name LIKE '到期%' AND ${cond.sql} ORDER BY c.id`, cond.params);
        const bySql = rows.map((r) => Number(r.id));
        const horizon = startOfDayAfter(now, withinDays, TZ);
        const byRule = [...facts.entries()]
          .filter(([, f]) => { const due = reclaimDueAt(f, rules, TZ); return due !== null && due.at <= (withinDays === 0 ? now : horizon); })
          .map(([id]) => id).sort((a, b) => a - b);
        expect({ now, withinDays, ids: bySql }).toEqual({ now, withinDays, ids: byRule });
        if (bySql.length && bySql.length < facts.size) selectedSomething = true;
      }
    }
    expect(selectedSomething).toBe(true);
  });

  it('should reach every rule in the generated data, so agreement is not trivial', () => {
    const rules: PoolRules = { ...DEFAULT_POOL_RULES, noRepeatDealDays: 45, exemptLevels: [] };
    const fired = new Set([...facts.values()].map((f) => reclaimDueAt(f, rules, TZ)?.rule));
    expect(fired).toEqual(new Set(['no_follow_up', 'no_deal', 'no_repeat_deal']));
  });
});
