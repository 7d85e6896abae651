import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A co-follower (销售团队 member) of a customer: sees it and is told of new records. */
@Entity({ name: 'customer_followers' })
@Index('uq_followers_customer_user', ['customerId', 'userId'], { unique: true })
export class CustomerFollower {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'customer_id', type: 'int' })
  customerId: number;

  @Index('idx_followers_user')
  @Column({ name: 'user_id', type: 'int' })
  userId: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
