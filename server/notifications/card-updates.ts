import type { EntityManager } from 'typeorm';
import { execute, insertIgnore, sqlTime } from '../infra/db.ts';
import type { CardUpdate } from './card-actions.ts';

/** The cards to change: every card of one event, or a customer's cards of one kind. */
export type CardTarget = { eventKey: string } | { customerId: number; kind: string };

/** Outbox rows of this kind are instructions for the bot, not cards to send. */
export const CARD_UPDATE_KIND = 'card-update';

export interface CardUpdatePayload {
  target: CardTarget;
  outcome: string;
  update: CardUpdate;
}

/**
 * When something the cards are about changes in the app (a follow-up written, a customer
 * released, an approval decided), the cards still sitting in chats say so too. Queued in the
 * caller's transaction like any notification: the bot then updates every sent card of the target
 * with the response code WeCom gave at send time (single use, 72 h), and cards not sent yet are
 * cancelled instead of delivered stale. Cards that already show an outcome are left alone.
 */
export async function updateCards(em: EntityManager, target: CardTarget, change: { outcome: string; update: CardUpdate }, now: Date): Promise<void> {
  const targetKey = 'eventKey' in target ? `e:${target.eventKey}` : `c:${target.customerId}:${target.kind}`;
  const payload: CardUpdatePayload = { target, outcome: change.outcome, update: change.update };
  const kind = em.connection.options.type === 'mysql' ? 'mysql' : 'sqlite';
  await execute(
    em,
    `${insertIgnore(kind)} INTO outbox_messages (dedupe_key, event_key, kind, to_user, customer_id, payload, status, attempts, due_at, urgent, digestible, created_at)
     VALUES (?, NULL, ?, '', ?, ?, 'pending', 0, ?, 1, 0, ?)`,
    [`${CARD_UPDATE_KIND}:${targetKey}:${change.outcome}:${now.toISOString()}`.slice(0, 191), CARD_UPDATE_KIND,
      'customerId' in target ? target.customerId : null, JSON.stringify(payload), sqlTime(now), sqlTime(now)],
  );
}
