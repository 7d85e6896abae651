import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from './approval-request.entity.ts';

export const STEP_DECISIONS = ['approved', 'rejected'] as const;
export type StepDecision = (typeof STEP_DECISIONS)[number];

/**
 * One level of one round of an approval: who may decide it (approval_step_approvers; several =
 * 或签, the first decision counts) and the decision. `note` explains a level that passed
 * without a person deciding (nobody left who had not decided already, or nobody at all).
 */
@Entity({ name: 'approval_steps' })
@Index('uq_approval_steps_round_level', ['approvalId', 'round', 'level'], { unique: true })
@Index('idx_approval_steps_decided_by', ['decidedBy', 'decidedAt'])
export class ApprovalStep {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'approval_id', type: 'int' })
  approvalId: number;

  @Column({ type: 'int' })
  round: number;

  @Column({ type: 'int' })
  level: number;

  /** The policy's threshold when the step was made (the level applies above it). */
  @Column({ name: 'over_amount_fen', type: 'bigint', transformer: bigintNumber })
  overAmountFen: number;

  @Column({ type: 'varchar', length: 16, nullable: true })
  decision: StepDecision | null;

  /** Null for a level that passed by itself (see `note`). */
  @Column({ name: 'decided_by', type: 'int', nullable: true })
  decidedBy: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  comment: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @Column({ name: 'decided_at', type: 'datetime', precision: 3, nullable: true })
  decidedAt: Date | null;

  /** When the level became the one waiting (reminders count from here). */
  @Column({ name: 'activated_at', type: 'datetime', precision: 3, nullable: true })
  activatedAt: Date | null;

  /** Business day of the last reminder to its approvers, YYYY-MM-DD. */
  @Column({ name: 'reminded_on', type: 'varchar', length: 10, nullable: true })
  remindedOn: string | null;

  /** When the requester's manager was told that the level waits too long. */
  @Column({ name: 'escalated_at', type: 'datetime', precision: 3, nullable: true })
  escalatedAt: Date | null;
}
