import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A public pool (公海池) and its rules. Members are the users of `departmentId`'s subtree;
 * a customer returns to its home pool (customers.pool_id) when released or reclaimed.
 */
@Entity({ name: 'pools' })
export class Pool {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Index('uq_pools_department', { unique: true })
  @Column({ name: 'department_id', type: 'int' })
  departmentId: number;

  @Column({ name: 'no_follow_up_days', type: 'int' })
  noFollowUpDays: number;

  @Column({ name: 'no_deal_days', type: 'int' })
  noDealDays: number;

  @Column({ name: 'no_repeat_deal_days', type: 'int', nullable: true })
  noRepeatDealDays: number | null;

  @Column({ name: 'warn_days_before', type: 'int' })
  warnDaysBefore: number;

  @Column({ name: 'holding_cap', type: 'int' })
  holdingCap: number;

  @Column({ name: 'claim_cooldown_days', type: 'int' })
  claimCooldownDays: number;

  @Column({ name: 'daily_claim_limit', type: 'int' })
  dailyClaimLimit: number;

  /** JSON array of customer levels never reclaimed automatically. */
  @Column({ name: 'exempt_levels', type: 'varchar', length: 64 })
  exemptLevels: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
