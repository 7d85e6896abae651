import type { CustomerLevel } from '../../entities/customer.entity.ts';
import { fromSqlTime, sqlTime, type Database } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import { businessDate, startOfBusinessDay } from '../infra/time.ts';
import { notifyMany, type NotifyEvent } from '../notifications/notify.ts';
import { findLeaders, type LeaderRef } from '../org/leaders.repository.ts';
import { escalationDigest } from './escalation.notifications.ts';
import { readEscalationSettings } from './escalation-settings.ts';
import { selectEscalations, type CustomerNow, type SentWarning } from './rules/select-escalations.ts';

export interface EscalationOptions {
  now: Date;
  tz: string;
  dryRun?: boolean;
  logger?: Logger;
}

export interface EscalationResult {
  job: 'escalation';
  now: string;
  dryRun: boolean;
  enabled: boolean;
  /** Customers whose ignored warning reaches a manager. */
  customers: number;
  /** Managers' digest cards newly queued. */
  affected: number;
  sample: Array<{ manager: string; total: number }>;
}

/** Warnings older than this are not looked at (a warning window is a few days). */
const LOOKBACK_DAYS = 14;
const ROWS_IN_CARD = 20;

/**
 * The morning escalation: finds the key / A customers (admin settings) whose reclaim warning
 * reached the rep before today and got no follow-up since, and queues one digest card per
 * manager (the leaders of each rep's department) per business day.
 */
export async function queueEscalations(db: Database, opts: EscalationOptions): Promise<EscalationResult> {
  const settings = await readEscalationSettings(db.manager);
  const result: EscalationResult = { job: 'escalation', now: opts.now.toISOString(), dryRun: !!opts.dryRun, enabled: settings.enabled, customers: 0, affected: 0, sample: [] };
  if (!settings.enabled || !settings.levels.length) return result;
  const since = new Date(opts.now.getTime() - LOOKBACK_DAYS * 86_400_000);
  // idx_outbox_status_due: a warning is sent at or after its due_at.
  const rows: Array<{ customer_id: number | string | null; payload: string; sent_at: string | Date | null }> = await db.manager.query(
    `SELECT customer_id, payload, sent_at FROM outbox_messages
      WHERE status = 'sent' AND due_at >= ? AND kind = 'reclaim-warning' AND customer_id IS NOT NULL`,
    [sqlTime(since)],
  );
  const warnings: SentWarning[] = [];
  for (const r of rows) {
    if (!r.sent_at) continue;
    try {
      const p = JSON.parse(r.payload) as { ownerId?: string | number; dueAt?: string };
      if (p.ownerId === undefined || !p.dueAt) continue;
      warnings.push({ customerId: Number(r.customer_id), ownerId: Number(p.ownerId), sentAt: fromSqlTime(r.sent_at), dueAt: new Date(p.dueAt) });
    } catch { /* an unreadable payload is not a warning we can reason about */ }
  }
  const ids = [...new Set(warnings.map((w) => w.customerId))];
  type Facts = { id: number | string; name: string; level: CustomerLevel; owner_id: number | string | null; last_follow_up_at: string | Date | null; owner_name: string | null; path: string | null };
  const facts: Facts[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    facts.push(...await db.manager.query(
      `SELECT c.id, c.name, c.level, c.owner_id, c.last_follow_up_at, u.name AS owner_name, d.path
         FROM customers c LEFT JOIN users u ON u.id = c.owner_id LEFT JOIN departments d ON d.id = u.department_id
        WHERE c.id IN (${chunk.map(() => '?').join(', ')})`,
      chunk,
    ));
  }
  const byId = new Map(facts.map((f) => [Number(f.id), f]));
  const customers = new Map<number, CustomerNow>(facts.map((f) => [Number(f.id), {
    id: Number(f.id), ownerId: f.owner_id === null ? null : Number(f.owner_id), level: f.level, lastFollowUpAt: fromSqlTime(f.last_follow_up_at),
  }]));
  const picked = selectEscalations(warnings, customers, settings, opts.now, startOfBusinessDay(opts.now, opts.tz));
  result.customers = picked.length;
  if (!picked.length) return result;

  // Leaders per owner (one lookup per owner), then each manager's rows.
  const leadersOf = new Map<number, LeaderRef[]>();
  const perManager = new Map<number, { leader: LeaderRef; rows: typeof picked; reps: Set<number> }>();
  for (const e of picked) {
    if (!leadersOf.has(e.ownerId)) leadersOf.set(e.ownerId, await findLeaders(db.manager, byId.get(e.customerId)?.path ?? '', [e.ownerId]));
    for (const leader of leadersOf.get(e.ownerId)!) {
      const entry = perManager.get(leader.id) ?? { leader, rows: [], reps: new Set<number>() };
      entry.rows.push(e);
      entry.reps.add(e.ownerId);
      perManager.set(leader.id, entry);
    }
  }
  const day = businessDate(opts.now, opts.tz);
  const events: Array<NotifyEvent<typeof escalationDigest>> = [...perManager.values()].sort((a, b) => a.leader.id - b.leader.id).map(({ leader, rows: list, reps }) => ({
    dedupeKey: `escalation:${day}:${leader.id}`,
    to: [leader.wecomUserId],
    payload: {
      total: list.length,
      reps: reps.size,
      rows: list.slice(0, ROWS_IN_CARD).map((e) => {
        const f = byId.get(e.customerId)!;
        return { customerId: String(e.customerId), customerName: f.name, ownerName: f.owner_name ?? '', level: f.level, dueAt: e.dueAt.toISOString() };
      }),
      at: opts.now.toISOString(),
    },
  }));
  result.sample = events.slice(0, 10).map((e) => ({ manager: e.to[0]!, total: e.payload.total }));
  if (!opts.dryRun) result.affected = await db.tx((em) => notifyMany(em, escalationDigest, events, opts.now));
  opts.logger?.info({ ...result, sample: undefined }, `escalation: ${result.customers} ignored warnings, ${result.affected} manager digests queued`);
  return result;
}
