import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A customer as WeCom knows them (客户联系 external contact), mirrored by the contacts sync
 * (server/contacts). Linked to a customer record through customer_contacts.external_user_id.
 */
@Entity({ name: 'wecom_contacts' })
export class WecomContact {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Index('uq_wecom_contacts_external', { unique: true })
  @Column({ name: 'external_user_id', type: 'varchar', length: 64 })
  externalUserId: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** The customer's company: WeCom's corp_name (WeCom users) or a follower's remark_corp_name. */
  @Column({ name: 'corp_name', type: 'varchar', length: 128, nullable: true })
  corpName: string | null;

  /** customerNameKey(corpName): matched against customers.name_key for suggestions. */
  @Index('idx_wecom_contacts_corp_key')
  @Column({ name: 'corp_key', type: 'varchar', length: 128, nullable: true })
  corpKey: string | null;

  /** 1 WeChat user, 2 WeCom user. */
  @Column({ type: 'int' })
  type: number;

  /** JSON list of tag ids over every follower. */
  @Column({ type: 'varchar', length: 1024, default: '[]' })
  tags: string;

  /** When the first member added them. */
  @Column({ name: 'added_at', type: 'datetime', precision: 3, nullable: true })
  addedAt: Date | null;

  @Column({ name: 'synced_at', type: 'datetime', precision: 3 })
  syncedAt: Date;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
