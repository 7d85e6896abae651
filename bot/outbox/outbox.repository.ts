import type { EntityManager } from 'typeorm';
import { execute, insertIgnore, sqlTime } from '../../server/infra/db.ts';

export interface OutboxEntry {
  dedupeKey: string;
  kind: string;
  /** Recipient's WeCom userid. */
  toUser: string;
  customerId: number | null;
  payload: Record<string, unknown>;
  dueAt: Date;
}

const ROWS_PER_INSERT = 400;

/**
 * Queues pushes inside the caller's transaction. A dedupe key seen before is skipped, so
 * the same event never produces two messages however often a job runs. Returns how many
 * were new. The dispatcher (bot issue) sends pending rows.
 */
export async function enqueueOutbox(em: EntityManager, kind: 'sqlite' | 'mysql', entries: OutboxEntry[], now: Date): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < entries.length; i += ROWS_PER_INSERT) {
    const chunk = entries.slice(i, i + ROWS_PER_INSERT);
    const params: unknown[] = [];
    for (const e of chunk) {
      params.push(e.dedupeKey, e.kind, e.toUser, e.customerId, JSON.stringify(e.payload), 'pending', 0, sqlTime(e.dueAt), sqlTime(now));
    }
    inserted += await execute(
      em,
      `${insertIgnore(kind)} INTO outbox_messages (dedupe_key, kind, to_user, customer_id, payload, status, attempts, due_at, created_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      params,
    );
  }
  return inserted;
}
