import type { EntityManager } from 'typeorm';
import { AuditLog } from '../../entities/audit-log.entity.ts';

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
  at: Date;
}

/** Writes one audit row inside the caller's transaction, so the audit and the change land together or not at all. */
export async function writeAudit(em: EntityManager, entry: AuditEntry): Promise<void> {
  await em.insert(AuditLog, {
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: String(entry.entityId),
    beforeJson: entry.before === undefined ? null : JSON.stringify(entry.before),
    afterJson: entry.after === undefined ? null : JSON.stringify(entry.after),
    requestId: entry.requestId ?? null,
    at: entry.at,
  });
}
