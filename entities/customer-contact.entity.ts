import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'customer_contacts' })
export class CustomerContact {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Index('idx_contacts_customer')
  @Column({ name: 'customer_id', type: 'int' })
  customerId: number;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  title: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  /** Digits only (country code stripped) — the duplicate-check and search key. */
  @Index('idx_contacts_phone_key')
  @Column({ name: 'phone_key', type: 'varchar', length: 32, nullable: true })
  phoneKey: string | null;

  /** The WeCom customer (wecom_contacts) this contact is; unique: one WeCom customer, one record's contact. */
  @Index('uq_contacts_external_user', { unique: true })
  @Column({ name: 'external_user_id', type: 'varchar', length: 64, nullable: true })
  externalUserId: string | null;

  @Column({ type: 'date', nullable: true })
  birthday: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
