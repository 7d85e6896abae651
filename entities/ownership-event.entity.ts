import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const OWNERSHIP_EVENT_TYPES = ['created', 'claimed', 'released', 'reclaimed', 'assigned', 'transferred'] as const;
/** Changes of the facts the pool's rules read (exempt level, deal stage): who, when and why, next to the owner changes. */
export const FACT_EVENT_TYPES = ['level_changed', 'stage_changed'] as const;
/** The pipeline on the customer's timeline: an opportunity opened, moved between stages, won, lost or reopened (fromValue/toValue: stage names). */
export const PIPELINE_EVENT_TYPES = ['opp_created', 'opp_moved', 'opp_won', 'opp_lost', 'opp_reopened'] as const;
/** Customer group chats (issue 11): bound/unbound, and people joining or leaving a bound group; `reason` says who and which group. */
export const GROUP_EVENT_TYPES = ['group_bound', 'group_unbound', 'group_joined', 'group_left', 'group_dismissed'] as const;
export type OwnershipEventType = (typeof OWNERSHIP_EVENT_TYPES)[number] | (typeof FACT_EVENT_TYPES)[number] | (typeof PIPELINE_EVENT_TYPES)[number]
  | (typeof GROUP_EVENT_TYPES)[number];

/** Every change of a customer's owner: who, when and why. Never updated, never deleted. */
@Entity({ name: 'ownership_events' })
@Index('idx_ownership_events_customer_at', ['customerId', 'at'])
@Index('idx_ownership_events_to_type_at', ['toUserId', 'type', 'at'])
export class OwnershipEvent {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'customer_id', type: 'int' })
  customerId: number;

  @Column({ type: 'varchar', length: 16 })
  type: OwnershipEventType;

  @Column({ name: 'from_user_id', type: 'int', nullable: true })
  fromUserId: number | null;

  @Column({ name: 'to_user_id', type: 'int', nullable: true })
  toUserId: number | null;

  /** null when a job (the reclaim sweep) made the change. */
  @Column({ name: 'by_user_id', type: 'int', nullable: true })
  byUserId: number | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  reason: string | null;

  /** For `reclaimed`: which pool rule fired (no_follow_up, no_deal, no_repeat_deal). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  rule: string | null;

  /** For level_changed / stage_changed: the old and new value. */
  @Column({ name: 'from_value', type: 'varchar', length: 32, nullable: true })
  fromValue: string | null;

  @Column({ name: 'to_value', type: 'varchar', length: 32, nullable: true })
  toValue: string | null;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;
}
