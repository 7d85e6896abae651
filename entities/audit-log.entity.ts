import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who changed what, when, with the record before and after (JSON). Written in the same transaction as the change. */
@Entity({ name: 'audit_log' })
@Index('idx_audit_entity', ['entityType', 'entityId'])
@Index('idx_audit_at', ['at'])
export class AuditLog {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'actor_id', type: 'int', nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 32 })
  entityType: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 64 })
  entityId: string;

  @Column({ name: 'before_json', type: 'text', nullable: true })
  beforeJson: string | null;

  @Column({ name: 'after_json', type: 'text', nullable: true })
  afterJson: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;
}
