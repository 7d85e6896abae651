import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const FOLLOW_UP_TYPES = ['call', 'visit', 'wechat', 'email', 'meeting', 'other'] as const;
export type FollowUpType = (typeof FOLLOW_UP_TYPES)[number];

@Entity({ name: 'follow_ups' })
@Index('idx_follow_ups_customer_at', ['customerId', 'at'])
@Index('idx_follow_ups_author_at', ['authorId', 'at'])
export class FollowUp {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'customer_id', type: 'int' })
  customerId: number;

  @Column({ name: 'author_id', type: 'int' })
  authorId: number;

  @Column({ type: 'varchar', length: 16 })
  type: FollowUpType;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Index('idx_follow_ups_next')
  @Column({ name: 'next_follow_up_at', type: 'datetime', precision: 3, nullable: true })
  nextFollowUpAt: Date | null;

  @Column({ name: 'check_in_lat', type: 'double', nullable: true })
  checkInLat: number | null;

  @Column({ name: 'check_in_lng', type: 'double', nullable: true })
  checkInLng: number | null;

  @Column({ name: 'check_in_address', type: 'varchar', length: 255, nullable: true })
  checkInAddress: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
