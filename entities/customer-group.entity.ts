import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const CUSTOMER_GROUP_STATUSES = ['active', 'dismissed'] as const;
export type CustomerGroupStatus = (typeof CUSTOMER_GROUP_STATUSES)[number];

/**
 * A WeCom customer group chat (客户群), mirrored by server/groups from groupchat/list + get and
 * the change_external_chat callbacks, and bound to at most one customer. A dismissed group is
 * kept (history).
 */
@Entity({ name: 'customer_groups' })
export class CustomerGroup {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Index('uq_customer_groups_chat', { unique: true })
  @Column({ name: 'chat_id', type: 'varchar', length: 64 })
  chatId: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  /** The owner's WeCom userid. */
  @Index('idx_customer_groups_owner')
  @Column({ name: 'owner_wecom_user_id', type: 'varchar', length: 64 })
  ownerWecomUserId: string;

  @Column({ type: 'varchar', length: 16 })
  status: CustomerGroupStatus;

  @Index('idx_customer_groups_customer')
  @Column({ name: 'customer_id', type: 'int', nullable: true })
  customerId: number | null;

  @Column({ name: 'bound_by', type: 'int', nullable: true })
  boundBy: number | null;

  @Column({ name: 'bound_at', type: 'datetime', precision: 3, nullable: true })
  boundAt: Date | null;

  @Column({ name: 'member_count', type: 'int', default: 0 })
  memberCount: number;

  /** WeCom's create_time. */
  @Column({ name: 'wecom_created_at', type: 'datetime', precision: 3, nullable: true })
  wecomCreatedAt: Date | null;

  @Column({ name: 'dismissed_at', type: 'datetime', precision: 3, nullable: true })
  dismissedAt: Date | null;

  @Column({ name: 'synced_at', type: 'datetime', precision: 3 })
  syncedAt: Date;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** The members of a customer group as last read from WeCom. */
@Entity({ name: 'customer_group_members' })
@Index('uq_customer_group_members', ['chatId', 'memberId'], { unique: true })
@Index('idx_customer_group_members_member', ['memberId'])
export class CustomerGroupMember {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'chat_id', type: 'varchar', length: 64 })
  chatId: string;

  /** A member's WeCom userid or a customer's external_userid. */
  @Column({ name: 'member_id', type: 'varchar', length: 64 })
  memberId: string;

  /** 1 internal member, 2 external contact (WeCom's member_list type). */
  @Column({ type: 'int' })
  type: number;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ name: 'joined_at', type: 'datetime', precision: 3, nullable: true })
  joinedAt: Date | null;

  /** join_scene: 1 invited, 2 invite link, 3 QR code. */
  @Column({ name: 'join_scene', type: 'int', default: 0 })
  joinScene: number;
}
