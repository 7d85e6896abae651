import { LessThanOrEqual, type DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/test-database.ts';
import { Customer } from '../../entities/customer.entity.ts';
import { createDataSource, runMigrations } from '../../entities/data-source.ts';
import { FixedClock } from '../infra/clock.ts';
import { Database } from '../infra/db.ts';
import { generateDemoCompany } from './demo-company.ts';
import { DEMO_LOGIN_HINTS, seedDemoCompany, type SeedDemoResult } from './seed-demo.ts';

const NOW = new Date('2026-11-25T04:00:00Z');
const DAY = 86_400_000;

async function count(ds: DataSource, sql: string): Promise<number> {
  const rows = await ds.query(sql) as Array<{ n: number | string }>;
  return Number(rows[0]!.n);
}

describe('seedDemoCompany', () => {
  const expected = generateDemoCompany(NOW);
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

  it('should seed the whole company when the database is empty', () => {
    expect(first).toEqual({
      seeded: true,
      departments: 5,
      users: expected.users.length,
      customers: expected.customers.length,
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
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM customers WHERE owner_id IS NULL')).toBe(0);
    expect(await count(ds, 'SELECT COUNT(DISTINCT phone_key) AS n FROM customer_contacts'))
      .toBe(await count(ds, 'SELECT COUNT(*) AS n FROM customer_contacts'));
    for (const hint of DEMO_LOGIN_HINTS) {
      expect(await count(ds, `SELECT COUNT(*) AS n FROM users WHERE wecom_user_id = '${hint.wecomUserId}' AND role = '${hint.role}' AND status = 'active'`)).toBe(1);
    }
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

  it('should do nothing when seeding a database that already has users', async () => {
    const followUpsBefore = await count(ds, 'SELECT COUNT(*) AS n FROM follow_ups');
    const again = await seedDemoCompany(db, new FixedClock(new Date(NOW.getTime() + DAY)));
    expect(again.seeded).toBe(false);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM users')).toBe(expected.users.length);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM customers')).toBe(expected.customers.length);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM follow_ups')).toBe(followUpsBefore);
  });
});
