import type { EntityManager } from 'typeorm';
import { execute, insertIgnore, sqlTime } from '../infra/db.ts';
import type { NotificationDefinition, NotificationInput } from './notification.ts';

export interface NotifyOptions {
  /** Recipients' WeCom userids; one card each, linked as one event. */
  to: readonly string[];
  /**
   * The event's key: the same event is never notified twice however often a job runs. Each
   * recipient's row is keyed `<dedupeKey>><userid>`; all of them carry the event key, so their
   * cards can be updated together later (updateCards).
   */
  dedupeKey: string;
  now: Date;
  /** Skip quiet hours and digests (defaults to the definition's). */
  urgent?: boolean;
  /** Not before (defaults to now). */
  dueAt?: Date;
  /** The customer it is about, for per-customer lookups (cards of a customer, forgotten cards). */
  customerId?: number | null;
}

export class InvalidNotificationError extends Error {
  constructor(kind: string, readonly issues: unknown) {
    super(`notification "${kind}" has an invalid payload: ${JSON.stringify(issues).slice(0, 500)}`);
    this.name = 'InvalidNotificationError';
  }
}

const ROWS_PER_INSERT = 400;
const EVENT_KEY_MAX = 150;

/**
 * Queues a notification inside the caller's transaction (it is sent if and only if the change
 * commits). The payload is checked against the kind's schema here, so a producer's mistake fails
 * its own request instead of a card failing at 3 a.m. Returns how many rows were new.
 */
export async function notify<D extends NotificationDefinition>(
  em: EntityManager, def: D, payload: NotificationInput<D>, opts: NotifyOptions,
): Promise<number> {
  return notifyMany(em, def, [{ payload, ...opts }], opts.now);
}

/** Many events of one kind in few statements (jobs fanning out). */
export async function notifyMany<D extends NotificationDefinition>(
  em: EntityManager, def: D, events: Array<Omit<NotifyOptions, 'now'> & { payload: NotificationInput<D> }>, now: Date,
): Promise<number> {
  const rows: unknown[][] = [];
  for (const e of events) {
    const parsed = def.schema.safeParse(e.payload);
    if (!parsed.success) throw new InvalidNotificationError(def.kind, parsed.error.issues);
    if (e.dedupeKey.length > EVENT_KEY_MAX) throw new Error(`notification key longer than ${EVENT_KEY_MAX}: ${e.dedupeKey.slice(0, 40)}…`);
    const json = JSON.stringify(e.payload);
    for (const to of new Set(e.to)) {
      rows.push([
        `${e.dedupeKey}>${to}`, e.dedupeKey, def.kind, to, e.customerId ?? null, json, sqlTime(e.dueAt ?? now),
        (e.urgent ?? def.urgent) ? 1 : 0, def.digestible ? 1 : 0, sqlTime(now),
      ]);
    }
  }
  const kind = em.connection.options.type === 'mysql' ? 'mysql' : 'sqlite';
  let inserted = 0;
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    inserted += await execute(
      em,
      `${insertIgnore(kind)} INTO outbox_messages (dedupe_key, event_key, kind, to_user, customer_id, payload, status, attempts, due_at, urgent, digestible, created_at)
       VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)").join(', ')}`,
      chunk.flat(),
    );
  }
  return inserted;
}
