import { randomBytes } from 'node:crypto';
import { ApprovalAttachment } from '../../../entities/approval-attachment.entity.ts';
import type { Actor } from '../../auth/actor.ts';
import { ValidationError } from '../../http/errors.ts';
import type { UploadedFile } from '../../http/body.ts';
import type { Clock } from '../../infra/clock.ts';
import { readQuery, type Database } from '../../infra/db.ts';
import { codePointLength } from '../../http/inputs.ts';
import { approvalMessages } from '../approvals.errors.ts';
import type { FileStore } from './file-store.ts';
import { sniffImage } from './image-type.ts';
import { verifyFileLink } from './signed-links.ts';

export const ATTACHMENT_LIMITS = { maxFiles: 9, maxFileBytes: 10 * 1024 * 1024 } as const;

export interface AttachmentDto {
  id: string;
  url: string;
  contentType: string;
  sizeBytes: number;
  filename: string;
}

/** Receipt photos: checked by content, stored through the FileStore, served by signed links. */
export class AttachmentsService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly store: FileStore,
    private readonly secret: string,
    private readonly link: (attachmentId: number, now: Date) => string,
  ) {}

  async upload(actor: Actor, files: readonly UploadedFile[]): Promise<{ items: AttachmentDto[] }> {
    if (!files.length) throw new ValidationError({ file: approvalMessages.noFiles });
    const typed = files.map((f) => {
      const type = sniffImage(f.data);
      if (!type) throw new ValidationError({ file: approvalMessages.notAnImage(f.filename || '文件') });
      return { file: f, type };
    });
    const now = this.clock.now();
    const items: AttachmentDto[] = [];
    for (const { file, type } of typed) {
      const key = `approvals/${now.toISOString().slice(0, 7)}/${randomBytes(16).toString('hex')}.${type.ext}`;
      await this.store.put(key, file.data);
      const filename = cleanName(file.filename, type.ext);
      const result = await this.db.manager.insert(ApprovalAttachment, {
        approvalId: null, uploaderId: actor.id, fileKey: key, contentType: type.contentType, sizeBytes: file.size, filename, createdAt: now,
      });
      const id = Number(result.identifiers[0]!.id);
      items.push({ id: String(id), url: this.link(id, now), contentType: type.contentType, sizeBytes: file.size, filename });
    }
    return { items };
  }

  /** The file behind a signed link, or null (bad or expired link, or a file that is gone). */
  async open(attachmentId: number, exp: unknown, sig: unknown): Promise<{ data: Buffer; contentType: string } | null> {
    if (!verifyFileLink(this.secret, attachmentId, exp, sig, this.clock.now())) return null;
    const [row] = await readQuery<{ file_key: string; content_type: string }>(this.db.manager,
      'SELECT file_key, content_type FROM approval_attachments WHERE id = ?', [attachmentId]);
    if (!row) return null;
    const data = await this.store.get(row.file_key);
    return data ? { data, contentType: row.content_type } : null;
  }
}

/** A file name to show: one line, ≤ 100 characters, never empty. */
function cleanName(name: string, ext: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = (name || '').replace(/[\u0000-\u001f\u007f]/g, '').replace(/[\\/]/g, '_').trim();
  if (!cleaned || !cleaned.isWellFormed()) return `receipt.${ext}`;
  return codePointLength(cleaned) <= 100 ? cleaned : [...cleaned].slice(-100).join('');
}
