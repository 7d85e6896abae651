import type { EntityManager } from 'typeorm';
import { enqueueOutbox, type OutboxEntry } from './outbox.repository.ts';
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

/** One event of a notifyMany call. */
export type NotifyEvent<D extends NotificationDefinition> = Omit<NotifyOptions, 'now'> & { payload: NotificationInput<D> };

/** Many events of one kind in few statements (jobs fanning out). */
export async function notifyMany<D extends NotificationDefinition>(em: EntityManager, def: D, events: ReadonlyArray<NotifyEvent<D>>, now: Date): Promise<number> {
  const entries: OutboxEntry[] = [];
  for (const e of events) {
    const parsed = def.schema.safeParse(e.payload);
    if (!parsed.success) throw new InvalidNotificationError(def.kind, parsed.error.issues);
    if (e.dedupeKey.length > EVENT_KEY_MAX) throw new Error(`notification key longer than ${EVENT_KEY_MAX}: ${e.dedupeKey.slice(0, 40)}…`);
    for (const to of new Set(e.to)) {
      entries.push({
        dedupeKey: `${e.dedupeKey}>${to}`, eventKey: e.dedupeKey, kind: def.kind, toUser: to, customerId: e.customerId ?? null,
        payload: e.payload, dueAt: e.dueAt ?? now, urgent: e.urgent ?? def.urgent, digestible: def.digestible,
      });
    }
  }
  return enqueueOutbox(em, entries, now);
}
