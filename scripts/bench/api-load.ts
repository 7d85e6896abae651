import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../../entities/data-source.ts';
import { reindexCustomerSearch } from '../../server/customers/customer-search.index.ts';
import { loadApiDataset, type ApiDatasetCounts, type ApiDatasetSpec } from './api-dataset.ts';
import { dbName, freshDatabase, serverUrl } from './snapshot.ts';

/**
 * Loading and reusing the bench:api database. A load is minutes (10^6 customers, 5·10^6
 * follow-ups, the search index); BENCH_REUSE=1 keeps a loaded database of the same spec and
 * undoes what a run wrote (follow-ups, outbox, audit, the touched customers' columns).
 */
export interface ApiMeta {
  spec: { customers: number; reps: number; followUps: number; now: string };
  counts: ApiDatasetCounts;
  maxFollowUpId: number;
  migrations: string[];
  loadS: number;
  checkS: number;
}

const META_TABLE = 'bench_api_meta';
const TOUCHED_TABLE = 'bench_api_touched';

export async function readApiMeta(dbUrl: string): Promise<ApiMeta | null> {
  const conn = await createConnection(serverUrl(dbUrl));
  try {
    const [rows] = await conn.query(`SELECT v FROM \`${dbName(dbUrl)}\`.${META_TABLE} WHERE k = 'meta'`);
    const v = (rows as Array<{ v: string }>)[0]?.v;
    return v ? (JSON.parse(v) as ApiMeta) : null;
  } catch {
    return null;
  } finally {
    await conn.end();
  }
}

const specKey = (spec: ApiDatasetSpec) => ({ customers: spec.customers, reps: spec.reps, followUps: spec.followUps, now: spec.now.toISOString() });

/** Opens the bench database, loading it unless a matching one can be reused. */
export async function openApiDatabase(
  dbUrl: string, spec: ApiDatasetSpec, reuse: boolean, log: (line: string) => void,
): Promise<{ ds: DataSource; meta: ApiMeta; reused: boolean }> {
  if (reuse) {
    const meta = await readApiMeta(dbUrl);
    const same = meta && JSON.stringify(meta.spec) === JSON.stringify(specKey(spec));
    if (meta && same) {
      const ds = createDataSource({ kind: 'mysql', url: dbUrl });
      await ds.initialize();
      const known = new Set(ds.migrations.map((m) => m.name ?? m.constructor.name));
      const executed: Array<{ name: string }> = await ds.query('SELECT name FROM migrations');
      const foreign = executed.map((r) => r.name).filter((n) => !known.has(n));
      const pending = [...known].filter((n) => !executed.some((e) => e.name === n));
      if (!foreign.length && !pending.length) {
        const t0 = performance.now();
        await restoreApiDatabase(ds, meta);
        log(`  BENCH_REUSE: restored the loaded database in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        return { ds, meta, reused: true };
      }
      log(`  BENCH_REUSE: the schema differs (foreign ${foreign.join(', ') || '-'}, pending ${pending.join(', ') || '-'}): loading`);
      await ds.destroy();
    } else {
      log('  BENCH_REUSE: no bench database of this spec: loading');
    }
  }
  const t0 = performance.now();
  await freshDatabase(dbUrl);
  const ds = createDataSource({ kind: 'mysql', url: dbUrl });
  await ds.initialize();
  const migrations = await runMigrations(ds);
  log(`  database ${dbName(dbUrl)} recreated, migrations: ${migrations.join(', ')}`);
  const conn = await createConnection({ uri: dbUrl, timezone: 'Z', charset: 'utf8mb4' });
  let counts: ApiDatasetCounts;
  try {
    counts = await loadApiDataset(conn, spec, log);
  } finally {
    await conn.end();
  }
  const loadS = (performance.now() - t0) / 1000;
  log(`  loaded ${counts.users} users, ${counts.customers} customers, ${counts.contacts} contacts, ${counts.followers} co-followers, ${counts.followUps} follow-ups in ${loadS.toFixed(0)} s`);
  // The bulk-loaded index must be what reindexCustomerSearch would write: on a sample of
  // customers, reindexing changes nothing (it would rewrite search_text or the terms).
  const t1 = performance.now();
  const sample = Array.from({ length: 500 }, (_, k) => 1 + Math.floor((k * spec.customers) / 500));
  const before = await indexFingerprint(ds, sample);
  await ds.transaction((em) => reindexCustomerSearch(em, sample));
  const after = await indexFingerprint(ds, sample);
  if (before !== after) throw new Error('the bulk-loaded search index differs from what reindexCustomerSearch writes');
  const backfillS = (performance.now() - t1) / 1000;
  log(`  search index checked against reindexCustomerSearch on ${sample.length} customers: identical`);
  await ds.query('ANALYZE TABLE customers, customer_contacts, customer_followers, follow_ups, customer_search_terms, customer_tags, users, departments');
  const [maxFu] = await ds.query('SELECT COALESCE(MAX(id), 0) AS n FROM follow_ups');
  const meta: ApiMeta = { spec: specKey(spec), counts, maxFollowUpId: Number(maxFu.n), migrations, loadS, checkS: backfillS };
  // What follow-up creates change on customers, saved for BENCH_REUSE (reps 1..1000 write them).
  await ds.query(`CREATE TABLE ${TOUCHED_TABLE} (PRIMARY KEY (id)) ENGINE=InnoDB AS
    SELECT id, last_follow_up_at, updated_at, stage FROM customers WHERE owner_id BETWEEN 1 AND 1000`);
  await ds.query(`CREATE TABLE ${META_TABLE} (k VARCHAR(32) PRIMARY KEY, v TEXT NOT NULL) ENGINE=InnoDB`);
  await ds.query(`INSERT INTO ${META_TABLE} (k, v) VALUES ('meta', ?)`, [JSON.stringify(meta)]);
  return { ds, meta, reused: false };
}

async function indexFingerprint(ds: DataSource, ids: number[]): Promise<string> {
  const list = ids.join(', ');
  const docs = await ds.query(`SELECT id, search_text, search_phones FROM customers WHERE id IN (${list}) ORDER BY id`);
  const terms = await ds.query(`SELECT COUNT(*) AS n, SUM(CRC32(CONCAT(term, '/', customer_id))) AS h FROM customer_search_terms WHERE customer_id IN (${list})`);
  const tags = await ds.query(`SELECT customer_id, tag FROM customer_tags WHERE customer_id IN (${list}) ORDER BY customer_id, tag`);
  return JSON.stringify([docs, terms, tags]);
}

/** Reps whose customers the follow-up kind writes to (their customers are in the snapshot). */
export const FOLLOW_UP_REPS = { from: 1, to: 1000 };

async function restoreApiDatabase(ds: DataSource, meta: ApiMeta): Promise<void> {
  await ds.query('DELETE FROM follow_ups WHERE id > ?', [meta.maxFollowUpId]);
  await ds.query('DELETE FROM outbox_messages');
  await ds.query('DELETE FROM audit_log');
  await ds.query(`UPDATE customers c JOIN ${TOUCHED_TABLE} s ON s.id = c.id
    SET c.last_follow_up_at = s.last_follow_up_at, c.updated_at = s.updated_at, c.stage = s.stage`);
}
