import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a handover did with one customer (its ownership) or one co-follower seat of the leaver. */
@Entity({ name: 'handover_items' })
@Index('uq_handover_items', ['handoverId', 'kind', 'customerId'], { unique: true })
@Index('idx_handover_items_customer', ['customerId'])
export class HandoverItem {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'handover_id', type: 'int' })
  handoverId: number;

  /** customer: its ownership; seat: the leaver's co-follower seat on it. */
  @Column({ type: 'varchar', length: 16 })
  kind: 'customer' | 'seat';

  @Column({ name: 'customer_id', type: 'int' })
  customerId: number;

  /** The successor; null: back to the pool (customer) or dropped (seat). */
  @Column({ name: 'to_user_id', type: 'int', nullable: true })
  toUserId: number | null;

  /** moved | skipped */
  @Column({ type: 'varchar', length: 16 })
  outcome: 'moved' | 'skipped';

  @Column({ type: 'varchar', length: 255, nullable: true })
  note: string | null;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;
}
