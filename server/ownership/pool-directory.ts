import type { EntityManager } from 'typeorm';
import type { Pool } from '../../entities/pool.entity.ts';
import type { Clock } from '../infra/clock.ts';
import type { SharedVersion } from '../infra/shared-version.ts';
import { homePoolFor, poolsWithPaths, rulesOf } from './pools.repository.ts';
import type { PoolRules } from './rules/pool-rules.ts';

export interface PoolEntry {
  pool: Pool;
  /** Materialised path of the pool's department: its members are the people of that subtree. */
  path: string;
  rules: PoolRules;
}

/** Reload anyway after this long: a crash between a commit and its invalidation cannot leave a stale cache for good. */
const MAX_AGE_MS = 60_000;

/**
 * The pools and their rules, cached in each instance (a claim reads them on every request; they
 * change when an admin edits rules or creates a pool). Instances agree through the organisation's
 * version in the shared store: a writer bumps it after its commit, every reader compares it (one
 * store read, shared with the session check of the same requests; no SQL) and reloads when it moved.
 */
export class PoolDirectory {
  private cached: { version: string; loadedAt: number; entries: PoolEntry[] } | null = null;

  constructor(private readonly version: SharedVersion, private readonly clock: Clock) {}

  async all(em: EntityManager): Promise<PoolEntry[]> {
    const version = await this.version.current();
    const now = this.clock.now().getTime();
    if (this.cached && this.cached.version === version && now - this.cached.loadedAt < MAX_AGE_MS) return this.cached.entries;
    const entries = (await poolsWithPaths(em)).map(({ pool, path }) => ({ pool, path, rules: rulesOf(pool) }));
    this.cached = { version, loadedAt: now, entries };
    return entries;
  }

  async byId(em: EntityManager, poolId: number): Promise<PoolEntry | null> {
    return (await this.all(em)).find((p) => p.pool.id === poolId) ?? null;
  }

  /**
   * The pool a customer of someone in `departmentPath` belongs to: the nearest department at or
   * above it with a pool. A company without any pool gets the default one (created, then cached).
   */
  async homeFor(em: EntityManager, departmentPath: string, now: Date): Promise<PoolEntry> {
    const home = nearestPool(await this.all(em), departmentPath);
    if (home) return home;
    const pool = await homePoolFor(em, departmentPath, now);
    await this.invalidate();
    return (await this.byId(em, pool.id)) ?? { pool, path: `/${pool.departmentId}/`, rules: rulesOf(pool) };
  }

  /** After a commit that created a pool or changed rules: every instance reloads. */
  async invalidate(): Promise<void> {
    this.cached = null;
    await this.version.bump();
  }
}

/** The nearest pool at or above a department (pure; the same choice homePoolFor makes). */
export function nearestPool(entries: readonly PoolEntry[], departmentPath: string): PoolEntry | null {
  let best: PoolEntry | null = null;
  for (const e of entries) if (departmentPath.startsWith(e.path) && (!best || e.path.length > best.path.length)) best = e;
  return best;
}
