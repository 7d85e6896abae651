import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CustomerLevel } from './customer.entity.ts';

export const LEVEL_REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type LevelRequestStatus = (typeof LEVEL_REQUEST_STATUSES)[number];

/**
 * A rep asking their manager to give a customer a level the pool exempts from reclaim (重点):
 * a rep cannot grant it themselves. At most one pending request per customer.
 */
@Entity({ name: 'customer_level_requests' })
@Index('idx_level_requests_customer_status', ['customerId', 'status'])
@Index('idx_level_requests_status_created', ['status', 'createdAt'])
export class CustomerLevelRequest {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'customer_id', type: 'int' })
  customerId: number;

  @Column({ name: 'requested_by', type: 'int' })
  requestedBy: number;

  @Column({ name: 'from_level', type: 'varchar', length: 8 })
  fromLevel: CustomerLevel;

  @Column({ name: 'to_level', type: 'varchar', length: 8 })
  toLevel: CustomerLevel;

  @Column({ type: 'varchar', length: 255 })
  reason: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: LevelRequestStatus;

  @Column({ name: 'decided_by', type: 'int', nullable: true })
  decidedBy: number | null;

  @Column({ name: 'decision_comment', type: 'varchar', length: 255, nullable: true })
  decisionComment: string | null;

  @Column({ name: 'decided_at', type: 'datetime', precision: 3, nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
