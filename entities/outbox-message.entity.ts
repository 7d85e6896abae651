import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** `cancelled`: superseded before it was sent (its subject changed in the app). */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * One push to WeCom, written in the same transaction as the change that caused it.
 * `dedupeKey` is unique: the same event never produces two messages.
 */
@Entity({ name: 'outbox_messages' })
@Index('idx_outbox_status_due', ['status', 'dueAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Index('uq_outbox_dedupe_key', { unique: true })
  @Column({ name: 'dedupe_key', type: 'varchar', length: 191 })
  dedupeKey: string;

  /** The event this card belongs to: every recipient's card of one event shares it (updated together). */
  @Index('idx_outbox_event')
  @Column({ name: 'event_key', type: 'varchar', length: 191, nullable: true })
  eventKey: string | null;

  /** Merges into a digest when several are due for one member at once. */
  @Column({ type: 'int', default: 0 })
  digestible: number;

  /** What the message is (reclaim-warning, reclaimed, forgotten-customer …); the dispatcher builds the card from it. */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  /** Recipient's WeCom userid. */
  @Column({ name: 'to_user', type: 'varchar', length: 64 })
  toUser: string;

  @Column({ name: 'customer_id', type: 'int', nullable: true })
  customerId: number | null;

  /** JSON with what the card needs. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: OutboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'due_at', type: 'datetime', precision: 3 })
  dueAt: Date;

  @Column({ name: 'last_error', type: 'varchar', length: 512, nullable: true })
  lastError: string | null;

  /** Our task_id for the card: unique, so a resend after a crash is refused by WeCom (42014), never doubled. */
  @Column({ name: 'task_id', type: 'varchar', length: 128, nullable: true })
  taskId: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  msgid: string | null;

  /** Latest single-use response_code for update_template_card (from the send or the last click). */
  @Column({ name: 'response_code', type: 'varchar', length: 255, nullable: true })
  responseCode: string | null;

  /** 1 = may be sent during quiet hours. */
  @Column({ type: 'int', default: 0 })
  urgent: number;

  @Column({ name: 'locked_until', type: 'datetime', precision: 3, nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'locked_by', type: 'varchar', length: 64, nullable: true })
  lockedBy: string | null;

  /** Set when the row went out inside a digest card instead of its own. */
  @Column({ name: 'digest_task_id', type: 'varchar', length: 128, nullable: true })
  digestTaskId: string | null;

  /** What the member did with an interactive card (e.g. released). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  outcome: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt: Date | null;
}
