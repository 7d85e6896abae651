import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const HANDOVER_STATUSES = ['draft', 'running', 'done', 'failed'] as const;
export type HandoverStatus = (typeof HANDOVER_STATUSES)[number];
export const HANDOVER_TARGETS = ['user', 'users', 'pool'] as const;
export type HandoverTarget = (typeof HANDOVER_TARGETS)[number];

/**
 * A handover (离职交接 / 转派): everything one member holds, moved to one successor, spread over
 * several, or back to the pools. A departure opens a draft for the leaver's managers; a manager
 * or admin runs it. Its items say what happened to each customer.
 */
@Entity({ name: 'handovers' })
@Index('idx_handovers_from_status', ['fromUserId', 'status'])
@Index('idx_handovers_status_created', ['status', 'createdAt'])
export class Handover {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'from_user_id', type: 'int' })
  fromUserId: number;

  @Column({ type: 'varchar', length: 16 })
  status: HandoverStatus;

  /** Null while a draft. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  target: HandoverTarget | null;

  /** JSON array of successor ids (target user/users). */
  @Column({ name: 'to_user_ids', type: 'varchar', length: 1000, nullable: true })
  toUserIds: string | null;

  /** JSON array: only these customers (null: all the leaver owns). */
  @Column({ name: 'customer_ids', type: 'text', nullable: true })
  customerIds: string | null;

  @Column({ type: 'varchar', length: 255 })
  reason: string;

  @Column({ name: 'override_cap', type: 'int', default: 0 })
  overrideCap: number;

  /** manual (a manager started it) or departure (WeCom said the member left). */
  @Column({ name: 'cause', type: 'varchar', length: 16 })
  trigger: 'manual' | 'departure';

  /** Who ran it; null for the system (the fallback after a departure nobody acted on). */
  @Column({ name: 'run_by', type: 'int', nullable: true })
  runBy: number | null;

  @Column({ type: 'int', default: 0 })
  moved: number;

  @Column({ type: 'int', default: 0 })
  skipped: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  error: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'datetime', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt: Date | null;
}
