import type { EntityManager } from 'typeorm';
import type { Customer } from '../../entities/customer.entity.ts';
import { updateCards } from '../notifications/card-updates.ts';
import { reclaimOutcomeText } from './pool.card-actions.ts';
import { reclaimWarning } from './pool.notifications.ts';
import { rulesOf } from '../ownership/pools.repository.ts';
import { reclaimDueAt } from '../ownership/rules/reclaim-due.ts';
import { Pool } from '../../entities/pool.entity.ts';

/**
 * A reclaim warning still open in the rep's chat stops being true once the rep writes a follow-up
 * in the app that moves the reclaim later: its card then says so ("已写跟进，回收时间已顺延")
 * instead of keeping a 放弃客户 button for a warning that no longer applies. Cards not yet sent
 * (quiet hours) are cancelled. Runs in the follow-up's transaction.
 */
export async function refreshWarningCards(em: EntityManager, customer: Pick<Customer, 'id' | 'level' | 'claimedAt' | 'lastFollowUpAt' | 'lastDealAt' | 'poolId' | 'ownerId'>, tz: string, now: Date): Promise<number> {
  const open: Array<{ event_key: string | null; payload: string }> = await em.query(
    `SELECT event_key, payload FROM outbox_messages
      WHERE customer_id = ? AND kind = ? AND outcome IS NULL AND status IN ('pending', 'sending', 'sent')`,
    [customer.id, reclaimWarning.kind],
  );
  if (!open.length || customer.ownerId === null || !customer.claimedAt || customer.poolId === null) return 0;
  const pool = await em.findOneBy(Pool, { id: customer.poolId });
  if (!pool) return 0;
  const due = reclaimDueAt({ level: customer.level, claimedAt: customer.claimedAt, lastFollowUpAt: customer.lastFollowUpAt, lastDealAt: customer.lastDealAt }, rulesOf(pool), tz);
  let updated = 0;
  for (const row of new Map(open.map((r) => [r.event_key, r])).values()) {
    if (!row.event_key) continue;
    const warned = new Date((JSON.parse(row.payload) as { dueAt: string }).dueAt);
    if (due && due.at <= warned) continue; // still due when the card says (e.g. the no-deal rule)
    await updateCards(em, { eventKey: row.event_key }, { outcome: 'followed-up', update: { mode: 'replace-name', text: reclaimOutcomeText('followed-up') } }, now);
    updated++;
  }
  return updated;
}
