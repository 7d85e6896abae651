import type { EntityManager } from 'typeorm';
import type { CustomerLevel } from '../../entities/customer.entity.ts';
import { Pool } from '../../entities/pool.entity.ts';
import { isUniqueViolation } from '../infra/db.ts';
import { DEFAULT_POOL_RULES, type PoolRules } from './rules/pool-rules.ts';

export function rulesOf(pool: Pool): PoolRules {
  let exempt: CustomerLevel[] = [];
  try {
    exempt = JSON.parse(pool.exemptLevels);
  } catch {
    exempt = [];
  }
  return {
    noFollowUpDays: pool.noFollowUpDays,
    noDealDays: pool.noDealDays,
    noRepeatDealDays: pool.noRepeatDealDays,
    warnDaysBefore: pool.warnDaysBefore,
    holdingCap: pool.holdingCap,
    claimCooldownDays: pool.claimCooldownDays,
    dailyClaimLimit: pool.dailyClaimLimit,
    exemptLevels: exempt,
  };
}

export function ruleColumns(rules: PoolRules): Partial<Pool> {
  return {
    noFollowUpDays: rules.noFollowUpDays,
    noDealDays: rules.noDealDays,
    noRepeatDealDays: rules.noRepeatDealDays,
    warnDaysBefore: rules.warnDaysBefore,
    holdingCap: rules.holdingCap,
    claimCooldownDays: rules.claimCooldownDays,
    dailyClaimLimit: rules.dailyClaimLimit,
    exemptLevels: JSON.stringify(rules.exemptLevels),
  };
}

/** Pools with the materialised path of their department, for membership tests. */
export async function poolsWithPaths(em: EntityManager): Promise<Array<{ pool: Pool; path: string }>> {
  const pools = await em.find(Pool, { order: { id: 'ASC' } });
  if (!pools.length) return [];
  // Only the pools' own departments: pools are few, departments may be thousands.
  const ids = [...new Set(pools.map((p) => p.departmentId))];
  const rows: Array<{ id: number | string; path: string }> = await em.query(
    `SELECT id, path FROM departments WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
  const paths = new Map(rows.map((r) => [Number(r.id), r.path]));
  return pools.map((pool) => ({ pool, path: paths.get(pool.departmentId) ?? '/' }));
}

/**
 * The pool a customer of someone in `departmentPath` returns to: the pool of the nearest
 * department at or above it. A company without any pool gets the default one at its root.
 */
export async function homePoolFor(em: EntityManager, departmentPath: string, now: Date): Promise<Pool> {
  const candidates = (await poolsWithPaths(em)).filter((p) => departmentPath.startsWith(p.path));
  if (candidates.length) return candidates.sort((a, b) => b.path.length - a.path.length)[0]!.pool;
  const rootId = Number(departmentPath.split('/').filter(Boolean)[0] ?? 1);
  try {
    await em.insert(Pool, { name: '公司公海', departmentId: rootId, ...ruleColumns(DEFAULT_POOL_RULES), createdAt: now, updatedAt: now });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err; // created concurrently: use that one
  }
  return em.findOneByOrFail(Pool, { departmentId: rootId });
}
