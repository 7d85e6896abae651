import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { StageKind } from './stage.entity.ts';

/**
 * An opportunity (商机): belongs to a customer and inherits its visibility. `status` mirrors the
 * kind of its stage (open / won / lost) so lists, the forecast and the ownership follower read
 * one indexed column.
 */
@Entity({ name: 'opportunities' })
@Index('idx_opportunities_customer', ['customerId', 'status'])
@Index('idx_opportunities_owner_status_close', ['ownerId', 'status', 'expectedCloseOn'])
@Index('idx_opportunities_status_close', ['status', 'expectedCloseOn'])
@Index('idx_opportunities_stage', ['stageId', 'status'])
export class Opportunity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'customer_id', type: 'int' })
  customerId: number;

  /** Follows the customer's owner while open; null while the customer sits in a pool. */
  @Column({ name: 'owner_id', type: 'int', nullable: true })
  ownerId: number | null;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  /** Integer fen (BIGINT: above 2^31 fen is only 21 million 元). */
  @Column({ name: 'amount_fen', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number | null) => (v === null ? 0 : Number(v)) } })
  amountFen: number;

  @Column({ name: 'expected_close_on', type: 'date', nullable: true })
  expectedCloseOn: string | null;

  @Column({ name: 'stage_id', type: 'int' })
  stageId: number;

  @Column({ type: 'varchar', length: 8 })
  status: StageKind;

  /** 0–100; null: the stage's win rate. */
  @Column({ type: 'int', nullable: true })
  probability: number | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  notes: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  source: string | null;

  @Column({ name: 'won_at', type: 'datetime', precision: 3, nullable: true })
  wonAt: Date | null;

  @Column({ name: 'lost_at', type: 'datetime', precision: 3, nullable: true })
  lostAt: Date | null;

  @Column({ name: 'lost_reason', type: 'varchar', length: 255, nullable: true })
  lostReason: string | null;

  @Column({ name: 'stage_entered_at', type: 'datetime', precision: 3 })
  stageEnteredAt: Date;

  @Column({ name: 'created_by', type: 'int', nullable: true })
  createdBy: number | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
