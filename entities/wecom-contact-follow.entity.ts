import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One member following one WeCom customer, with the member's remark (WeCom follow_user / follow_info). */
@Entity({ name: 'wecom_contact_follows' })
@Index('uq_wecom_follows_contact_member', ['externalUserId', 'wecomUserId'], { unique: true })
export class WecomContactFollow {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'external_user_id', type: 'varchar', length: 64 })
  externalUserId: string;

  /** The member's WeCom userid, as WeCom spells it. */
  @Index('idx_wecom_follows_member')
  @Column({ name: 'wecom_user_id', type: 'varchar', length: 64 })
  wecomUserId: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  remark: string | null;

  @Column({ name: 'remark_corp_name', type: 'varchar', length: 128, nullable: true })
  remarkCorpName: string | null;

  /** JSON list of the numbers as typed. */
  @Column({ name: 'remark_mobiles', type: 'varchar', length: 512, default: '[]' })
  remarkMobiles: string;

  /** JSON list of tag ids. */
  @Column({ type: 'varchar', length: 1024, default: '[]' })
  tags: string;

  @Column({ name: 'add_way', type: 'int', default: 0 })
  addWay: number;

  @Column({ name: 'added_at', type: 'datetime', precision: 3 })
  addedAt: Date;
}
