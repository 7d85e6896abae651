import type { EntityManager } from 'typeorm';
import { execute, insertIgnore, sqlTime } from '../infra/db.ts';

/** One outbox row as written: producers go through notify(); tests and benchmarks may write rows directly. */
export interface OutboxEntry {
  /** Unique: a key seen before is skipped. */
  dedupeKey: string;
  /** The event the card belongs to (cards of one event are updated together); defaults to the dedupe key. */
  eventKey?: string | null;
  kind: string;
  /** Recipient's WeCom userid. */
  toUser: string;
  customerId: number | null;
  payload: unknown;
  dueAt: Date;
  urgent?: boolean;
  digestible?: boolean;
}

const ROWS_PER_INSERT = 400;

/**
 * Writes outbox rows inside the caller's transaction. A dedupe key seen before is skipped, so
 * the same event never produces two messages however often a job runs. Returns how many were
 * new. The bot's dispatcher sends pending rows.
 */
export async function enqueueOutbox(em: EntityManager, entries: readonly OutboxEntry[], now: Date): Promise<number> {
  const kind = em.connection.options.type === 'mysql' ? 'mysql' : 'sqlite';
  let inserted = 0;
  for (let i = 0; i < entries.length; i += ROWS_PER_INSERT) {
    const chunk = entries.slice(i, i + ROWS_PER_INSERT);
    const params: unknown[] = [];
    for (const e of chunk) {
      params.push(
        e.dedupeKey, e.eventKey === undefined ? e.dedupeKey : e.eventKey, e.kind, e.toUser, e.customerId, JSON.stringify(e.payload),
        sqlTime(e.dueAt), e.urgent ? 1 : 0, e.digestible ? 1 : 0, sqlTime(now),
      );
    }
    inserted += await execute(
      em,
      `${insertIgnore(kind)} INTO outbox_messages (dedupe_key, event_key, kind, to_user, customer_id, payload, status, attempts, due_at, urgent, digestible, created_at)
       VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)").join(', ')}`,
      params,
    );
  }
  return inserted;
}
