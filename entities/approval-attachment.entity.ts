import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A receipt photo: uploaded first (approval_id null), attached when the request is filed. */
@Entity({ name: 'approval_attachments' })
@Index('idx_approval_attachments_approval', ['approvalId'])
@Index('idx_approval_attachments_uploader', ['uploaderId', 'createdAt'])
export class ApprovalAttachment {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'approval_id', type: 'int', nullable: true })
  approvalId: number | null;

  @Column({ name: 'uploader_id', type: 'int' })
  uploaderId: number;

  /** Key in the file store. */
  @Column({ name: 'file_key', type: 'varchar', length: 128 })
  fileKey: string;

  @Column({ name: 'content_type', type: 'varchar', length: 32 })
  contentType: string;

  @Column({ name: 'size_bytes', type: 'int' })
  sizeBytes: number;

  @Column({ type: 'varchar', length: 255 })
  filename: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
