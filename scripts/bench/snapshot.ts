import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { dueConditionSql } from '../../server/ownership/rules/due-condition.ts';
import { BENCH_POOL_ID, benchRules, type DatasetCounts, type DatasetSpec } from './dataset.ts';

/** The server URL (no database) and the database name of a mysql:// URL. */
export function serverUrl(dbUrl: string): string {
  const u = new URL(dbUrl);
  u.pathname = '/';
  return u.toString();
}

export function dbName(dbUrl: string): string {
  const name = decodeURIComponent(new URL(dbUrl).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unexpected database name "${name}" in ${dbUrl}`);
  return name;
}

export async function count(ds: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const rows: Array<{ n: number | string }> = await ds.query(sql, params);
  return Number(rows[0]!.n);
}

export interface Meta { spec: { customers: number; reps: number; now: string; history: boolean }; counts: DatasetCounts; maxEventId: number }

/** Drops and recreates the bench database (utf8mb4). */
export async function freshDatabase(dbUrl: string): Promise<void> {
  const conn = await createConnection(serverUrl(dbUrl));
  await conn.query(`DROP DATABASE IF EXISTS \`${dbName(dbUrl)}\``);
  await conn.query(`CREATE DATABASE \`${dbName(dbUrl)}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
}

export async function readMeta(dbUrl: string): Promise<Meta | null> {
  const conn = await createConnection(serverUrl(dbUrl));
  try {
    const [rows] = await conn.query('SELECT v FROM `' + dbName(dbUrl) + '`.bench_meta WHERE k = ?', ['meta']);
    const v = (rows as Array<{ v: string }>)[0]?.v;
    return v ? (JSON.parse(v) as Meta) : null;
  } catch {
    return null;
  } finally {
    await conn.end();
  }
}

/** Saves what the benchmark changes (due rows, pool stock, their co-followers) so BENCH_REUSE can put it back. */
export async function snapshot(ds: DataSource, spec: DatasetSpec, counts: DatasetCounts): Promise<void> {
  const cond = dueConditionSql(BENCH_POOL_ID, spec.rules, spec.now, spec.tz);
  await ds.query(
    `CREATE TABLE bench_customers_snapshot (PRIMARY KEY (id)) ENGINE=InnoDB AS
     SELECT c.id, c.owner_id, c.last_owner_id, c.claimed_at, c.pool_entered_at, c.pool_reason, c.updated_at FROM customers c
     WHERE (${cond.sql}) OR c.owner_id IS NULL`,
    cond.params,
  );
  await ds.query(
    `CREATE TABLE bench_followers_snapshot ENGINE=InnoDB AS
     SELECT f.id, f.customer_id, f.user_id, f.created_at FROM customer_followers f JOIN bench_customers_snapshot s ON s.id = f.customer_id`,
  );
  const maxEventId = await count(ds, 'SELECT COALESCE(MAX(id), 0) AS n FROM ownership_events');
  const meta: Meta = { spec: { customers: spec.customers, reps: spec.reps, now: spec.now.toISOString(), history: spec.history }, counts, maxEventId };
  await ds.query('CREATE TABLE bench_meta (k VARCHAR(32) PRIMARY KEY, v TEXT NOT NULL) ENGINE=InnoDB');
  await ds.query('INSERT INTO bench_meta (k, v) VALUES (?, ?)', ['meta', JSON.stringify(meta)]);
}

export async function restore(ds: DataSource, meta: Meta): Promise<void> {
  await ds.query(
    `UPDATE customers c JOIN bench_customers_snapshot s ON s.id = c.id
     SET c.owner_id = s.owner_id, c.last_owner_id = s.last_owner_id, c.claimed_at = s.claimed_at,
         c.pool_entered_at = s.pool_entered_at, c.pool_reason = s.pool_reason, c.updated_at = s.updated_at`,
  );
  await ds.query('DELETE FROM ownership_events WHERE id > ?', [meta.maxEventId]);
  await ds.query('DELETE FROM outbox_messages');
  await ds.query('DELETE FROM audit_log');
  // The sweep's watermark: left at `now`, the next sweep would think this one's cards were sent.
  await ds.query("DELETE FROM app_settings WHERE `key` = 'reclaim.notified_until'");
  await ds.query('INSERT IGNORE INTO customer_followers (id, customer_id, user_id, created_at) SELECT id, customer_id, user_id, created_at FROM bench_followers_snapshot');
  await ds.query(
    'UPDATE pools SET no_follow_up_days = ?, no_deal_days = ?, no_repeat_deal_days = ?, warn_days_before = ?, holding_cap = ?, claim_cooldown_days = ?, daily_claim_limit = ?, exempt_levels = ? WHERE id = ?',
    (() => { const r = benchRules(); return [r.noFollowUpDays, r.noDealDays, r.noRepeatDealDays, r.warnDaysBefore, r.holdingCap, r.claimCooldownDays, r.dailyClaimLimit, JSON.stringify(r.exemptLevels), BENCH_POOL_ID]; })(),
  );
}
