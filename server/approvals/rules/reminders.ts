import { tzOffsetMs } from '../../infra/time.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Hours between two instants that fall on working days (Monday–Friday in business time): a
 * request filed on Friday evening has not waited "24 hours" by Monday morning.
 */
export function businessHoursBetween(from: Date, to: Date, tz: string): number {
  if (to <= from) return 0;
  let total = 0;
  // Walk in business-local milliseconds, one local day at a time.
  let t = from.getTime() + tzOffsetMs(from, tz);
  const end = to.getTime() + tzOffsetMs(to, tz);
  while (t < end) {
    const dayEnd = (Math.floor(t / DAY_MS) + 1) * DAY_MS;
    const slice = Math.min(dayEnd, end) - t;
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) total += slice;
    t = dayEnd;
  }
  return total / HOUR_MS;
}

export interface ReminderThresholds {
  /** Approvers are reminded (once a business day) after this many business hours. */
  remindAfterHours: number;
  /** The requester's manager is told once after this many business hours. */
  escalateAfterHours: number;
}

export const DEFAULT_REMINDER_THRESHOLDS: ReminderThresholds = { remindAfterHours: 24, escalateAfterHours: 72 };

export type ReminderAction = 'remind' | 'escalate';

/**
 * What a level waiting since `activatedAt` needs now: a reminder to its approvers (at most once a
 * business day, after `remindAfterHours`), and once, after `escalateAfterHours`, a word to the
 * requester's manager.
 */
export function remindersDue(
  step: { activatedAt: Date; remindedOn: string | null; escalatedAt: Date | null }, now: Date, today: string, tz: string, t: ReminderThresholds,
): ReminderAction[] {
  const waited = businessHoursBetween(step.activatedAt, now, tz);
  const due: ReminderAction[] = [];
  if (waited > t.remindAfterHours && step.remindedOn !== today) due.push('remind');
  if (waited > t.escalateAfterHours && !step.escalatedAt) due.push('escalate');
  return due;
}
