import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const APPROVAL_TYPES = ['entertainment', 'travel', 'gift', 'discount', 'other', 'contract'] as const;
export type ApprovalType = (typeof APPROVAL_TYPES)[number];
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** BIGINT comes back as a string from mysql2 and as a number from SQLite. */
export const bigintNumber = { to: (v: number | null) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) };

/**
 * An expense request (审批): filed by a rep for a customer, routed by amount through the levels
 * of the approval policy (approval_steps), decided level by level. A rejected request may be
 * edited and resubmitted: a new round, the earlier rounds' steps stay for the timeline.
 */
@Entity({ name: 'approval_requests' })
@Index('idx_approvals_requester_created', ['requesterId', 'createdAt'])
@Index('idx_approvals_status_updated', ['status', 'updatedAt'])
@Index('idx_approvals_customer_status', ['customerId', 'status'])
@Index('idx_approvals_status_occurred', ['status', 'occurredOn'])
export class ApprovalRequest {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 16 })
  type: ApprovalType;

  /** Integer fen, 1 … 10,000,000,000 (100,000,000 元). */
  @Column({ name: 'amount_fen', type: 'bigint', transformer: bigintNumber })
  amountFen: number;

  @Column({ name: 'customer_id', type: 'int', nullable: true })
  customerId: number | null;

  @Column({ name: 'opportunity_id', type: 'int', nullable: true })
  opportunityId: number | null;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  /** The day the expense happens, YYYY-MM-DD. */
  @Column({ name: 'occurred_on', type: 'varchar', length: 10, nullable: true })
  occurredOn: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: ApprovalStatus;

  @Column({ name: 'requester_id', type: 'int' })
  requesterId: number;

  @Column({ type: 'int', default: 1 })
  round: number;

  /** The level waiting for a decision while pending; null otherwise. */
  @Column({ name: 'current_level', type: 'int', nullable: true })
  currentLevel: number | null;

  /** When the request reached its final state (approved, rejected, withdrawn). */
  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
