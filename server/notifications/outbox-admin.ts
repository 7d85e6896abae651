import { execute, placeholders, sqlTime, type Database } from '../infra/db.ts';

export interface OutboxRowSummary {
  id: number;
  kind: string;
  toUser: string;
  status: string;
  attempts: number;
  dueAt: string;
  lastError: string | null;
}

/** Operator view of the outbox (`wecrm outbox list`). */
export async function listOutbox(db: Database, opts: { status?: string; limit?: number }): Promise<OutboxRowSummary[]> {
  const where = opts.status ? 'WHERE status = ?' : "WHERE status IN ('pending', 'sending', 'failed')";
  const rows: Array<Record<string, unknown>> = await db.manager.query(
    `SELECT id, kind, to_user, status, attempts, due_at, last_error FROM outbox_messages ${where} ORDER BY id DESC LIMIT ${Math.min(opts.limit ?? 50, 1000)}`,
    opts.status ? [opts.status] : [],
  );
  return rows.map((r) => ({
    id: Number(r.id), kind: String(r.kind), toUser: String(r.to_user), status: String(r.status), attempts: Number(r.attempts),
    dueAt: r.due_at instanceof Date ? r.due_at.toISOString() : String(r.due_at), lastError: (r.last_error as string | null) ?? null,
  }));
}

/** Puts failed rows back in the queue, due now, with a fresh attempt budget (`wecrm outbox retry`). */
export async function retryOutbox(db: Database, target: { ids: number[] } | { allFailed: true }, now: Date): Promise<number> {
  if ('ids' in target) {
    if (!target.ids.length) return 0;
    return execute(db.manager,
      `UPDATE outbox_messages SET status = 'pending', attempts = 0, due_at = ?, last_error = NULL WHERE status = 'failed' AND id IN (${placeholders(target.ids.length)})`,
      [sqlTime(now), ...target.ids]);
  }
  return execute(db.manager, "UPDATE outbox_messages SET status = 'pending', attempts = 0, due_at = ?, last_error = NULL WHERE status = 'failed'", [sqlTime(now)]);
}
