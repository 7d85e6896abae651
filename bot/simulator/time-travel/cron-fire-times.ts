import { parse } from 'node-cron';
import { businessDate, zonedTimeToUtc } from '../../../server/infra/time.ts';

/**
 * When a job's cron pattern fires, as node-cron fires it in the business time zone: the pattern is
 * expanded by node-cron's own parser (so ranges, lists, steps and a seconds field mean exactly
 * what they mean to the scheduler), and the calendar walk is ours. Like node-cron, a time must
 * match the day of the month AND the day of the week (not the classic cron OR).
 *
 * node-cron's extras ('L', '5L', '1#2') are refused: no job uses them, and a walk that silently
 * skipped them would replay a different schedule than production runs.
 */
export interface CronSchedule {
  seconds: number[];
  minutes: number[];
  hours: number[];
  daysOfMonth: Set<number>;
  months: Set<number>;
  /** 0 = Sunday … 6 = Saturday (node-cron maps 7 to 0). */
  daysOfWeek: Set<number>;
  /** Fires per hour on a day it fires at all: more than one makes a job "continuous" in a travel. */
  firesPerHour: number;
}

export function parseCron(pattern: string): CronSchedule {
  const fields = parse(pattern);
  const numbers = (name: string, values: Array<number | string>): number[] => values.map((v) => {
    if (typeof v !== 'number') throw new Error(`cron "${pattern}": ${name} token "${v}" is not supported by the time travel`);
    return v;
  });
  const seconds = numbers('second', fields.second).sort((a, b) => a - b);
  const minutes = numbers('minute', fields.minute).sort((a, b) => a - b);
  return {
    seconds,
    minutes,
    hours: numbers('hour', fields.hour).sort((a, b) => a - b),
    daysOfMonth: new Set(numbers('day of month', fields.dayOfMonth)),
    months: new Set(numbers('month', fields.month)),
    daysOfWeek: new Set(numbers('day of week', fields.dayOfWeek).map((d) => d % 7)),
    firesPerHour: seconds.length * minutes.length,
  };
}

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Every instant in (from, to] at which `pattern` fires in `tz`, ascending. Walks the business
 * calendar day by day (month ends and leap days come from the calendar itself) and builds each
 * wall-clock time with `zonedTimeToUtc`.
 */
export function fireTimes(pattern: string | CronSchedule, from: Date, to: Date, tz: string): Date[] {
  const cron = typeof pattern === 'string' ? parseCron(pattern) : pattern;
  const out: Date[] = [];
  if (to <= from) return out;
  const last = businessDate(to, tz);
  // One day before the first business date: a zone behind UTC may start its day "earlier".
  for (let day = new Date(Date.parse(`${businessDate(from, tz)}T00:00:00Z`) - DAY_MS); ; day = new Date(day.getTime() + DAY_MS)) {
    const date = day.toISOString().slice(0, 10);
    if (date > last) break;
    if (!cron.months.has(day.getUTCMonth() + 1) || !cron.daysOfMonth.has(day.getUTCDate()) || !cron.daysOfWeek.has(day.getUTCDay())) continue;
    for (const hour of cron.hours) {
      for (const minute of cron.minutes) {
        const base = zonedTimeToUtc(date, `${pad(hour)}:${pad(minute)}`, tz).getTime();
        for (const second of cron.seconds) {
          const at = base + second * 1000;
          if (at > from.getTime() && at <= to.getTime()) out.push(new Date(at));
        }
      }
    }
  }
  return out;
}
