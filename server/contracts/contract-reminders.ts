import type { Database } from '../infra/db.ts';
import { readQuery } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import { businessDate } from '../infra/time.ts';
import { addCalendarDays } from '../ownership/rules/business-calendar.ts';
import { notifyMany, type NotifyEvent } from '../notifications/notify.ts';
import { readContractSettings } from './contract-settings.ts';
import { contractExpiring, paymentDue } from './contracts.notifications.ts';
import { daysBetween, planReminderStages } from './rules/contract-rules.ts';

/** Overdue this many days or more: the owner's manager is told too. */
export const MANAGER_AFTER_OVERDUE_DAYS = 7;

export interface ContractRemindersResult {
  job: 'contract-reminders';
  now: string;
  dryRun: boolean;
  due: number;
  affected: number;
}

interface Person { id: number; wecomUserId: string; path: string; role: string; active: boolean }

/**
 * Queues the money reminders: an instalment due within N days and overdue (the owner), overdue
 * a week (also the owner's nearest manager), a signed contract ending within 30 days. Each
 * stage once per instalment (per contract and end day): the dedupe keys make reruns harmless.
 * The cards are digestible; the dispatcher holds them through quiet hours.
 */
export async function queueContractReminders(db: Database, opts: { now: Date; tz: string; dryRun?: boolean; logger?: Logger }): Promise<ContractRemindersResult> {
  const today = businessDate(opts.now, opts.tz);
  const settings = await readContractSettings(db.manager);
  const horizon = addCalendarDays(today, settings.remindDaysBefore);
  const plans = await readQuery<Record<string, unknown>>(db.manager,
    `SELECT p.id, p.due_on, p.amount_fen, p.paid_fen, ct.id AS contract_id, ct.number, ct.owner_id, c.id AS customer_id, c.name AS customer_name
       FROM payment_plans p JOIN contracts ct ON ct.id = p.contract_id JOIN customers c ON c.id = ct.customer_id
     WHERE p.status = 'open' AND p.due_on <= ? AND ct.status = 'signed'`, [horizon]);
  const expiring = await readQuery<Record<string, unknown>>(db.manager,
    `SELECT ct.id, ct.number, ct.owner_id, ct.end_on, ct.amount_fen, c.id AS customer_id, c.name AS customer_name
       FROM contracts ct JOIN customers c ON c.id = ct.customer_id
     WHERE ct.status = 'signed' AND ct.end_on >= ? AND ct.end_on <= ?`, [today, addCalendarDays(today, settings.expiringWithinDays)]);
  const people = new Map<number, Person & { name: string }>();
  const managers: Person[] = [];
  for (const r of await readQuery<Record<string, unknown>>(db.manager,
    'SELECT u.id, u.name, u.wecom_user_id, u.role, u.status, d.path FROM users u JOIN departments d ON d.id = u.department_id')) {
    const p = { id: Number(r.id), name: String(r.name), wecomUserId: String(r.wecom_user_id), path: String(r.path), role: String(r.role), active: r.status === 'active' };
    people.set(p.id, p);
    if (p.role === 'manager' && p.active) managers.push(p);
  }
  /** The owner's nearest manager up the tree (not the owner). */
  const managerOf = (owner: Person): Person | null =>
    managers.filter((m) => m.id !== owner.id && owner.path.startsWith(m.path)).sort((a, b) => b.path.length - a.path.length)[0] ?? null;

  const dueEvents: Array<NotifyEvent<typeof paymentDue>> = [];
  for (const r of plans) {
    const owner = people.get(Number(r.owner_id));
    if (!owner) continue;
    const plan = { dueOn: String(r.due_on), amountFen: Number(r.amount_fen), paidFen: Number(r.paid_fen) };
    for (const stage of planReminderStages(plan, today, { daysBefore: settings.remindDaysBefore, managerAfterDays: MANAGER_AFTER_OVERDUE_DAYS })) {
      const to = stage === 'overdue-manager' ? managerOf(owner) : owner;
      if (!to?.active) continue;
      dueEvents.push({
        dedupeKey: `payment-due:${String(r.id)}:${stage}`, to: [to.wecomUserId], customerId: Number(r.customer_id),
        payload: {
          contractId: String(r.contract_id), contractNumber: String(r.number), customerId: String(r.customer_id), customerName: String(r.customer_name),
          planId: String(r.id), dueOn: plan.dueOn, amountFen: plan.amountFen, remainingFen: plan.amountFen - plan.paidFen, stage, ownerName: owner.name,
        },
      });
    }
  }
  const expEvents: Array<NotifyEvent<typeof contractExpiring>> = [];
  for (const r of expiring) {
    const owner = people.get(Number(r.owner_id));
    if (!owner?.active || daysBetween(today, String(r.end_on)) < 0) continue;
    expEvents.push({
      dedupeKey: `contract-expiring:${String(r.id)}:${String(r.end_on)}`, to: [owner.wecomUserId], customerId: Number(r.customer_id),
      payload: {
        contractId: String(r.id), contractNumber: String(r.number), customerId: String(r.customer_id), customerName: String(r.customer_name),
        endOn: String(r.end_on), amountFen: Number(r.amount_fen),
      },
    });
  }
  let affected = 0;
  if (!opts.dryRun && (dueEvents.length || expEvents.length)) {
    affected = await db.tx(async (em) =>
      (dueEvents.length ? await notifyMany(em, paymentDue, dueEvents, opts.now) : 0) + (expEvents.length ? await notifyMany(em, contractExpiring, expEvents, opts.now) : 0));
  }
  const result: ContractRemindersResult = { job: 'contract-reminders', now: opts.now.toISOString(), dryRun: !!opts.dryRun, due: dueEvents.length + expEvents.length, affected };
  opts.logger?.info(result, `contract reminders: ${result.due} due, ${affected} queued`);
  return result;
}
