import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/test-database.ts';
import { createDataSource, runMigrations } from '../../entities/data-source.ts';
import { FixedClock } from '../infra/clock.ts';
import { Database } from '../infra/db.ts';
import { seedDemoCompany } from './seed-demo.ts';
import { seedDemoOpportunities } from './seed-demo-opportunities.ts';

const NOW = new Date('2026-11-25T04:00:00Z');

async function count(ds: DataSource, sql: string): Promise<number> {
  const rows = await ds.query(sql) as Array<{ n: number | string }>;
  return Number(rows[0]!.n);
}

describe('the demo pipeline', () => {
  let ds: DataSource;
  let db: Database;
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    ds = createDataSource(database.config);
    await ds.initialize();
    await runMigrations(ds);
    db = new Database(ds);
    await seedDemoCompany(db, new FixedClock(NOW));
  });
  afterAll(async () => {
    await ds?.destroy();
    await database?.drop();
  });

  it('should seed open opportunities in every open stage, some closing this month, all on owned customers', async () => {
    expect(await count(ds, "SELECT COUNT(DISTINCT stage_id) AS n FROM opportunities WHERE status = 'open'"))
      .toBe(await count(ds, "SELECT COUNT(*) AS n FROM stages WHERE kind = 'open'"));
    expect(await count(ds, "SELECT COUNT(*) AS n FROM opportunities WHERE status = 'open' AND expected_close_on >= '2026-11-01' AND expected_close_on <= '2026-11-30'")).toBeGreaterThan(3);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM opportunities o JOIN customers c ON c.id = o.customer_id WHERE c.owner_id IS NULL OR o.owner_id <> c.owner_id')).toBe(0);
  });

  it('should win each deal customer its deal when the deal was, and leave the customer facts as seeded', async () => {
    expect(await count(ds, "SELECT COUNT(*) AS n FROM opportunities WHERE status = 'won'")).toBeGreaterThan(5);
    expect(await count(ds, `SELECT COUNT(*) AS n FROM opportunities o JOIN customers c ON c.id = o.customer_id
      WHERE o.status = 'won' AND (o.won_at <> c.last_deal_at OR c.stage NOT IN ('deal', 'repeat') OR o.amount_fen <= 0)`)).toBe(0);
  });

  it('should record the feedback each gate asks for, a reason on every loss, and a creation move for each', async () => {
    expect(await count(ds, "SELECT COUNT(*) AS n FROM opportunities WHERE status = 'lost' AND (lost_reason IS NULL OR lost_reason = '')")).toBe(0);
    expect(await count(ds, 'SELECT COUNT(*) AS n FROM opportunities o WHERE NOT EXISTS (SELECT 1 FROM opportunity_stage_moves m WHERE m.opportunity_id = o.id AND m.from_stage_id IS NULL)')).toBe(0);
    const quoted = await ds.query(`SELECT m.feedback FROM opportunity_stage_moves m JOIN opportunities o ON o.id = m.opportunity_id
      JOIN stages s ON s.id = o.stage_id WHERE m.from_stage_id IS NOT NULL AND (s.kind = 'won' OR s.name IN ('方案报价', '商务谈判'))`) as Array<{ feedback: string | null }>;
    expect(quoted.length).toBeGreaterThan(0);
    for (const q of quoted) expect(JSON.parse(q.feedback ?? '{}').quoteFen).toBeGreaterThan(0);
  });

  it('should not seed a pipeline twice', async () => {
    expect(await seedDemoOpportunities(db, new FixedClock(NOW))).toBe(0);
  });
});
