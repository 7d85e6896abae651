import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const WECOM_TRANSFER_STATUSES = ['pending', 'waiting', 'taken_over', 'refused', 'limit', 'failed'] as const;
export type WecomTransferStatus = (typeof WECOM_TRANSFER_STATUSES)[number];

/**
 * The WeCom side of a handover, per customer contact (or customer group): the leaver's external
 * contact handed to a successor through WeCom's transfer API. `pending` until WeCom is called,
 * `waiting` for the customer's 24 h, then taken over, refused by the customer, refused because the
 * successor is at WeCom's contact limit, or failed with WeCom's errcode.
 */
@Entity({ name: 'handover_wecom_transfers' })
@Index('uq_handover_wecom_transfers', ['handoverId', 'targetType', 'targetId'], { unique: true })
@Index('idx_handover_wecom_status', ['status', 'updatedAt'])
export class HandoverWecomTransfer {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'handover_id', type: 'int' })
  handoverId: number;

  /** contact (an external_userid) or group (a chat_id). */
  @Column({ name: 'target_type', type: 'varchar', length: 16 })
  targetType: 'contact' | 'group';

  @Column({ name: 'target_id', type: 'varchar', length: 64 })
  targetId: string;

  @Column({ name: 'customer_id', type: 'int', nullable: true })
  customerId: number | null;

  @Column({ name: 'from_wecom_user', type: 'varchar', length: 64 })
  fromWecomUser: string;

  @Column({ name: 'to_user_id', type: 'int' })
  toUserId: number;

  @Column({ name: 'to_wecom_user', type: 'varchar', length: 64 })
  toWecomUser: string;

  /** onjob: the leaver is still active; resigned: they left. */
  @Column({ type: 'varchar', length: 16 })
  kind: 'onjob' | 'resigned';

  @Column({ type: 'varchar', length: 16 })
  status: WecomTransferStatus;

  @Column({ type: 'int', nullable: true })
  errcode: number | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  note: string | null;

  @Column({ name: 'requested_at', type: 'datetime', precision: 3, nullable: true })
  requestedAt: Date | null;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
