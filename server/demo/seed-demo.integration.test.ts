import { LessThanOrEqual, type DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/test-database.ts';
import { Customer } from '../../entities/customer.entity.ts';
import { createDataSource, runMigrations } from '../../entities/data-source.ts';
import { FixedClock } from '../infra/clock.ts';
import { Database } from '../infra/db.ts';
import { runReclaimSweep } from '../pool/reclaim-sweep.ts';
import { queueReclaimWarnings } from '../pool/reclaim-warnings.ts';
import { rulesOf } from '../ownership/pools.repository.ts';
import { Pool } from '../../entities/pool.entity.ts';
import { DEFAULT_POOL_RULES } from '../ownership/rules/pool-rules.ts';
import { reclaimDueAt, warningOpensAt } from '../ownership/rules/reclaim-due.ts';
import { generateDemoCompany } from './demo-company.ts';
import { DEMO_LOGIN_HINTS, seedDemoCompany, type SeedDemoResult } from './seed-demo.ts';

const NOW = new Date('2026-11-25T04:00:00Z');
const DAY = 86_400_000;
const TZ = 'Asia/Shanghai';

async function count(ds: DataSource, sql: string): Promise<number> {
  const rows = await ds.query(sql) as Array<{ n: number | string }>;
  return Number(rows[0]!.n);
}

describe('seedDemoCompany', () => {
  const expected = generateDemoCompany(NOW);
  const expectedInPool = expected.customers.filter((c) => c.owner === null);
  const dueOf = (c: (typeof expected.customers)[number]) => c.owner === null ? null
    : reclaimDueAt({ level: c.level, claimedAt: c.claimedAt!, lastFollowUpAt: c.lastFollowUpAt, lastDealAt: c.lastDealAt }, DEFAULT_POOL_RULES, TZ);
  let ds: DataSource;
  let db: Database;
  let database: TestDatabase;
  let first: SeedDemoResult;

  beforeAll(async () => {
    database = await createTestDatabase();
    ds = createDataSource(database.config);
    await ds.initialize();
    await runMigrations(ds);
    db = new Database(ds);
    first = await seedDemoCompany(db, new FixedClock(NOW));
  });

  afterAll(async () => {
    await ds?.destroy();
    await database?.drop();
  });

  it('should seed approvals in every state, with the manager\'s card for 张三\'s 500 元 dinner in the outbox', async () => {
    const rows = await ds.query('SELECT status, amount_fen, current_level FROM approval_requests ORDER BY id') as Array<{ status: string; amount_fen: number | string; current_level: number | null }>;
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['pending', 'approved', 'rejected', 'withdrawn']));
    expect(rows.find((r) => Number(r.amount_fen) === 50_000)).toMatchObject({ status: 'pending' });
    expect(await count(ds, "SELECT COUNT(*) AS n FROM outbox_messages WHERE kind = 'decision' AND to_user = 'manager.east'")).toBeGreaterThanOrEqual(2);
    expect(await count(ds, "SELECT COUNT(*) AS n FROM outbox_messages WHERE kind = 'decision' AND to_user = 'boss'")).toBeGreaterThanOrEqual(1);
  });

  it('should seed the whole company when the database is empty', () => {
    expect(first).toEqual({
      seeded: true,
      departments: 5,
      users: expected.users.length,
      customers: expected.customers.length,
      inPool: expectedInPool.length,
      followUps: expected.customers.reduce((n, c) => n + c.followUps.length, 0),
    });
  });

  it('should store every generated row when seeding', async () => {
    const sum = (pick: (c: (typeof expected.customers)[number]) => unknown[]) => expected.customers.reduce((n, c) => n + pick(c).length, 0);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM departments')).toBe(5);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM users')).toBe(expected.users.length);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM customers')).toBeGreaterThanOrEqual(300);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM customers')).toBe(expected.customers.length);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM customer_contacts')).toBe(sum((c) => c.contacts));
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM customer_followers')).toBe(sum((c) => c.followers));
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM follow_ups')).toBe(sum((c) => c.followUps));
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM ownership_events')).toBe(sum((c) => c.ownershipEvents));
  });

  it('should store roles, owners and phone keys consistently when seeding', async () => {
    expect(await count(ds, "SELECT COUNT(*) AS n FROM users WHERE role = 'admin'")).toBe(1);
    expect(await count(ds, "SELECT COUNT(*) AS n FROM users WHERE role = 'manager'")).toBe(2);
    expect(await count(ds, "SELECT COUNT(*) AS n FROM users WHERE status = 'left'")).toBe(1);
    expect(await count(ds, "SELECT COUNT(*) AS n FROM customers c JOIN users u ON u.id = c.owner_id WHERE u.status = 'left'")).toBeGreaterThan(0);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM customers WHERE owner_id IS NULL')).toBe(expectedInPool.length);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM customers WHERE owner_id IS NOT NULL AND claimed_at IS NULL')).toBe(0);
    expect(await count(ds, 'SELECT COUNT(DISTINCT phone_key) AS n FROM customer_contacts'))
      .toBe(await count(ds, 'SELECT COUNT(*) AS n FROM customer_contacts'));
    for (const hint of DEMO_LOGIN_HINTS) {
      expect(await count(ds, `SELECT COUNT(*) AS n FROM users WHERE wecom_user_id = '${hint.wecomUserId}' AND role = '${hint.role}' AND status = 'active'`)).toBe(1);
    }
  });

  it('should promise at start-up only what the seeded demo holds', async () => {
    const hint = (id: string) => DEMO_LOGIN_HINTS.find((h) => h.wecomUserId === id)!;
    const [departed] = await ds.query("SELECT u.id, u.name, u.department_id FROM users u WHERE u.status = 'left'");
    // 交接 is offered to the manager of the departed rep's group, who still holds customers, and to no other manager.
    for (const h of DEMO_LOGIN_HINTS.filter((x) => x.role === 'manager')) {
      const [m] = await ds.query('SELECT department_id FROM users WHERE wecom_user_id = ?', [h.wecomUserId]);
      expect(h.note.includes(`离职的${departed.name}`)).toBe(Number(m.department_id) === Number(departed.department_id));
    }
    expect(await count(ds, `SELECT COUNT(*) AS n FROM customers WHERE owner_id = ${departed.id}`)).toBeGreaterThan(0);
    // 张三的报销待他审批: a pending request of 张三's waits for 王经理.
    expect(hint('manager.east').note).toContain('张三的报销待他审批');
    expect(await count(ds, `SELECT COUNT(*) AS n FROM approval_requests r
      JOIN users q ON q.id = r.requester_id AND q.wecom_user_id = 'zhangsan'
      JOIN approval_steps s ON s.approval_id = r.id AND s.round = r.round AND s.level = r.current_level AND s.decision IS NULL
      JOIN approval_step_approvers a ON a.step_id = s.id JOIN users u ON u.id = a.user_id AND u.wecom_user_id = 'manager.east'
      WHERE r.status = 'pending'`)).toBeGreaterThan(0);
    // 赵磊 took over some of the departed rep's customers.
    expect(hint('zhaolei').note).toContain(`接手了离职同事${departed.name}`);
    expect(await count(ds, `SELECT COUNT(*) AS n FROM ownership_events e JOIN users t ON t.id = e.to_user_id
      WHERE e.from_user_id = ${departed.id} AND t.wecom_user_id = 'zhaolei'`)).toBeGreaterThan(0);
  });

  it('should keep each customer\'s lastFollowUpAt equal to its latest follow-up when seeding', async () => {
    const mismatched = await count(ds, `
      SELECT COUNT(*) AS n FROM customers c
      LEFT JOIN (SELECT customer_id, MAX(at) AS latest FROM follow_ups GROUP BY customer_id) f ON f.customer_id = c.id
      WHERE NOT ((c.last_follow_up_at IS NULL AND f.latest IS NULL) OR c.last_follow_up_at = f.latest)`);
    expect(mismatched).toBe(0);
  });

  it('should round-trip timestamps and find the forgotten customers when seeding', async () => {
    const sample = expected.customers.find((c) => c.lastFollowUpAt && c.lastDealAt)!;
    const stored = await ds.getRepository(Customer).findOneByOrFail({ nameKey: sample.nameKey });
    expect(stored.lastFollowUpAt?.toISOString()).toBe(sample.lastFollowUpAt!.toISOString());
    expect(stored.lastDealAt?.toISOString()).toBe(sample.lastDealAt!.toISOString());
    expect(stored.createdAt.toISOString()).toBe(sample.createdAt.toISOString());
    const forgotten = await ds.getRepository(Customer).countBy({ lastFollowUpAt: LessThanOrEqual(new Date(NOW.getTime() - 150 * DAY)) });
    expect(forgotten).toBeGreaterThanOrEqual(15);
  });

  it('should seed the company pool with the default rules as every customer\'s home pool', async () => {
    const pools = await ds.getRepository(Pool).find();
    expect(pools).toHaveLength(1);
    expect(pools[0]).toMatchObject({ name: '公司公海', departmentId: 1 });
    expect(rulesOf(pools[0]!)).toEqual(DEFAULT_POOL_RULES);
    expect(await count(ds, `SELECT COUNT(*) AS n FROM customers WHERE pool_id = ${pools[0]!.id}`)).toBe(expected.customers.length);
    // In the pool: who had it, since when and why, and no team.
    expect(await count(ds, `SELECT COUNT(*) AS n FROM customers WHERE owner_id IS NULL
      AND last_owner_id IS NOT NULL AND pool_entered_at IS NOT NULL AND pool_reason IS NOT NULL AND claimed_at IS NULL`)).toBe(expectedInPool.length);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM customer_followers f JOIN customers c ON c.id = f.customer_id WHERE c.owner_id IS NULL')).toBe(0);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM customers WHERE owner_id IS NOT NULL AND (pool_entered_at IS NOT NULL OR pool_reason IS NOT NULL)')).toBe(0);
    // The sweep's reclaims carry their rule and no actor.
    const reclaims = expected.customers.flatMap((c) => c.ownershipEvents).filter((e) => e.type === 'reclaimed').length;
    expect(await count(ds, "SELECT COUNT(*) AS n FROM ownership_events WHERE type = 'reclaimed' AND rule IS NOT NULL AND by_user_id IS NULL")).toBe(reclaims);
    expect(await count(ds, "SELECT COUNT(*) AS n FROM ownership_events WHERE type <> 'reclaimed' AND rule IS NOT NULL")).toBe(0);
    // Each pool customer's reason is the one its last event gave.
    expect(await count(ds, `SELECT COUNT(*) AS n FROM customers c JOIN ownership_events e ON e.customer_id = c.id
      WHERE c.owner_id IS NULL AND e.at = c.pool_entered_at AND e.reason = c.pool_reason AND e.from_user_id = c.last_owner_id
      AND e.type IN ('released', 'reclaimed')`)).toBe(expectedInPool.length);
  });

  it('should leave nothing for the reclaim sweep to take back at the seeding now', async () => {
    const result = await runReclaimSweep(db, { now: NOW, tz: TZ });
    expect(result.affected).toBe(0);
    expect(result.pools).toBe(1);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM customers WHERE owner_id IS NULL')).toBe(expectedInPool.length);
  });

  it('should have the sweep take back exactly the customers due tomorrow once tomorrow comes (dry run)', async () => {
    const tomorrow = new Date(Date.parse('2026-11-26T00:05:00+08:00'));
    const dueTomorrow = expected.customers.filter((c) => {
      const due = dueOf(c);
      return due !== null && due.at <= tomorrow;
    });
    expect(dueTomorrow.length).toBeGreaterThanOrEqual(1);
    expect(dueTomorrow.length).toBeLessThanOrEqual(2);
    const result = await runReclaimSweep(db, { now: tomorrow, tz: TZ, dryRun: true });
    expect(result.affected).toBe(dueTomorrow.length);
    expect(result.sample.map((s) => s.name).sort()).toEqual(dueTomorrow.map((c) => c.name).sort());
  });

  it('should give the reclaim warnings job at least 6 warnings to queue at the seeding now, 2 of them for zhangsan', async () => {
    const inWindow = expected.customers.filter((c) => {
      const due = dueOf(c);
      return due !== null && due.at > NOW && warningOpensAt(due.at, DEFAULT_POOL_RULES, TZ) <= NOW;
    });
    const result = await queueReclaimWarnings(db, { now: NOW, tz: TZ });
    expect(result.affected).toBeGreaterThanOrEqual(6);
    expect(result.affected).toBe(inWindow.length);
    expect(await count(ds, `SELECT COUNT(*) AS n FROM outbox_messages WHERE kind = 'reclaim-warning' AND to_user = 'zhangsan'`)).toBeGreaterThanOrEqual(2);
  });

  it('should do nothing when seeding a database that already has users', async () => {
    const followUpsBefore = await count(ds, 'SELECT COUNT(*) AS n FROM follow_ups');
    const again = await seedDemoCompany(db, new FixedClock(new Date(NOW.getTime() + DAY)));
    expect(again.seeded).toBe(false);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM users')).toBe(expected.users.length);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM customers')).toBe(expected.customers.length);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM follow_ups')).toBe(followUpsBefore);
  });
});
