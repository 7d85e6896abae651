import { sqlTime } from '../../infra/db.ts';
import { reclaimCutoff } from './reclaim-due.ts';
import type { PoolRules } from './pool-rules.ts';

/**
 * SQL (customers aliased "c") selecting the owned customers of one pool whose reclaim is due
 * within `withinDays` business days of `now` (0 = due now). The same arithmetic as
 * reclaimDueAt, expressed as anchor < cutoff (see reclaimCutoff), so the sweep, the warnings
 * and the "soon reclaimed" filter select exactly what the app shows.
 */
export function dueConditionSql(poolId: number, rules: PoolRules, now: Date, tz: string, withinDays = 0): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const followUpCutoff = reclaimCutoff(now, rules.noFollowUpDays - withinDays, tz);
  parts.push('(c.claimed_at < ? AND (c.last_follow_up_at IS NULL OR c.last_follow_up_at < ?))');
  params.push(sqlTime(followUpCutoff), sqlTime(followUpCutoff));
  parts.push('((c.last_deal_at IS NULL OR c.last_deal_at < c.claimed_at) AND c.claimed_at < ?)');
  params.push(sqlTime(reclaimCutoff(now, rules.noDealDays - withinDays, tz)));
  if (rules.noRepeatDealDays !== null) {
    parts.push('(c.last_deal_at >= c.claimed_at AND c.last_deal_at < ?)');
    params.push(sqlTime(reclaimCutoff(now, rules.noRepeatDealDays - withinDays, tz)));
  }
  // A range, not "pool_id = ?": pool_id is not selective (one or few pools), and with an
  // equality MariaDB picks a ref scan of idx_customers_pool_owner plus one row lookup per
  // owned customer (46-65 s at 10^6). As a range, the index-only range scan of
  // idx_customers_pool_due (it holds every column this condition reads) wins.
  let sql = `c.pool_id >= ? AND c.pool_id <= ? AND c.owner_id IS NOT NULL AND c.claimed_at IS NOT NULL AND (${parts.join(' OR ')})`;
  const head: unknown[] = [poolId, poolId];
  if (rules.exemptLevels.length) {
    sql += ` AND c.level NOT IN (${rules.exemptLevels.map(() => '?').join(', ')})`;
    return { sql, params: [...head, ...params, ...rules.exemptLevels] };
  }
  return { sql, params: [...head, ...params] };
}
