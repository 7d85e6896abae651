import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const CUSTOMER_STAGES = ['lead', 'contacted', 'opportunity', 'deal', 'repeat', 'dormant', 'lost'] as const;
export type CustomerStage = (typeof CUSTOMER_STAGES)[number];
export const CUSTOMER_LEVELS = ['key', 'A', 'B', 'C'] as const;
export type CustomerLevel = (typeof CUSTOMER_LEVELS)[number];

/**
 * A customer company. `poolId` is its home pool; `ownerId` is null while it sits in that
 * pool. The record, its contacts and its whole follow-up history stay with the company either way.
 */
@Entity({ name: 'customers' })
@Index('idx_customers_owner_followup_level', ['ownerId', 'lastFollowUpAt', 'level'])
@Index('idx_customers_updated', ['updatedAt'])
@Index('idx_customers_created', ['createdAt'])
@Index('idx_customers_last_follow_up', ['lastFollowUpAt'])
@Index('idx_customers_name', ['name'])
@Index('idx_customers_stage_updated', ['stage', 'updatedAt'])
@Index('idx_customers_level_updated', ['level', 'updatedAt'])
export class Customer {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  /** Duplicate-check key (see customers/rules/normalize-name). Unique: two records for one company cannot exist. */
  @Index('uq_customers_name_key', { unique: true })
  @Column({ name: 'name_key', type: 'varchar', length: 128 })
  nameKey: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  industry: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  size: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  region: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  source: string | null;

  @Column({ type: 'varchar', length: 8, default: 'C' })
  level: CustomerLevel;

  @Column({ type: 'varchar', length: 16, default: 'lead' })
  stage: CustomerStage;

  /** JSON array of strings; the tag filter reads customer_tags, kept in step by reindexCustomerSearch. */
  @Column({ type: 'varchar', length: 1024, default: '[]' })
  tags: string;

  @Column({ name: 'owner_id', type: 'int', nullable: true })
  ownerId: number | null;

  @Column({ name: 'pool_id', type: 'int', nullable: true })
  poolId: number | null;

  @Column({ name: 'last_follow_up_at', type: 'datetime', precision: 3, nullable: true })
  lastFollowUpAt: Date | null;

  @Column({ name: 'claimed_at', type: 'datetime', precision: 3, nullable: true })
  claimedAt: Date | null;

  @Column({ name: 'last_deal_at', type: 'datetime', precision: 3, nullable: true })
  lastDealAt: Date | null;

  /** Who owned it before it entered the pool (pool listing filter and cooldown). */
  @Column({ name: 'last_owner_id', type: 'int', nullable: true })
  lastOwnerId: number | null;

  /** When it entered the pool, and why (release reason or the reclaim rule). */
  @Column({ name: 'pool_entered_at', type: 'datetime', precision: 3, nullable: true })
  poolEnteredAt: Date | null;

  @Column({ name: 'pool_reason', type: 'varchar', length: 255, nullable: true })
  poolReason: string | null;

  @Column({ name: 'created_by', type: 'int', nullable: true })
  createdBy: number | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;

  /** What the search index holds for this row (normalised name and contact names); written only by reindexCustomerSearch. */
  @Column({ name: 'search_text', type: 'text', nullable: true, select: false })
  searchText: string | null;

  /** Contact phone digits in the search index; written only by reindexCustomerSearch. */
  @Column({ name: 'search_phones', type: 'text', nullable: true, select: false })
  searchPhones: string | null;
}
