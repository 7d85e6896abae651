import type { EntityManager } from 'typeorm';
import { asSql, type Sql } from '../infra/db.ts';
import type { PoolRules } from './rules/pool-rules.ts';

/**
 * What the holding cap counts for a member, and what it leaves out — the refusal, the
 * "my holding" summary and the list must say the same thing. Counted: customers they own
 * whose level is not exempt under `rules`. Not counted: owned customers of an exempt level
 * (重点 …) and customers they only co-follow.
 */
export interface HoldingSummary {
  counted: number;
  excluded: { exempt: number; coFollowed: number };
}

export async function holdingSummary(em: EntityManager | Sql, userId: number, rules: PoolRules): Promise<HoldingSummary> {
  const exempt = rules.exemptLevels;
  const exemptSql = exempt.length ? `level IN (${exempt.map(() => '?').join(', ')})` : '1 = 0';
  const [row] = await asSql(em).query<{ counted: number | string; exempt: number | string; co_followed: number | string }>(
    `SELECT (SELECT COUNT(*) FROM customers WHERE owner_id = ? AND NOT (${exemptSql})) AS counted,
            (SELECT COUNT(*) FROM customers WHERE owner_id = ? AND ${exemptSql}) AS exempt,
            (SELECT COUNT(*) FROM customer_followers WHERE user_id = ?) AS co_followed`,
    [userId, ...exempt, userId, ...exempt, userId],
  );
  return { counted: Number(row.counted), excluded: { exempt: Number(row.exempt), coFollowed: Number(row.co_followed) } };
}

/** Non-exempt customers a member owns now: what the holding cap counts. */
export async function countHolding(em: EntityManager, userId: number, rules: PoolRules): Promise<number> {
  return (await holdingSummary(em, userId, rules)).counted;
}
