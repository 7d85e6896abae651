import { tzOffsetMs } from '../../../server/infra/time.ts';
import type { QuietHours } from '../../../server/notifications/quiet-hours.ts';
import { fireTimes, parseCron } from './cron-fire-times.ts';

/** The longest travel in one request: 31 days of hourly sweeps is already ~3,000 job runs. */
export const MAX_TRAVEL_DAYS = 31;

export interface PlannedJob {
  name: string;
  cron: string;
  /** ScheduledJob.kind (server/jobs/job.ts); absent = business. */
  kind?: 'business' | 'poll' | 'reconcile';
}

/**
 * How often a travel replays a job:
 * - `each`: at every fire time, as the scheduler runs it — business jobs (warnings, the hourly
 *   sweep, digests, reminders), whose time of day is the point;
 * - `hourly`: at its first fire time in each business hour — polls (`kind: 'poll'`, or any
 *   pattern firing more than once an hour: `* * * * *`, `7,37 * * * *`), idempotent catch-ups
 *   for which a later run only adds latency;
 * - `once`: at its first fire time in the travel — reconciliations (`kind: 'reconcile'`), which
 *   re-read WeCom to repair missed callbacks; the simulator misses none, and each run costs a
 *   WeCom call per member.
 */
export type Replay = 'each' | 'hourly' | 'once';

export function replayOf(job: PlannedJob): Replay {
  if (job.kind === 'reconcile') return 'once';
  if (job.kind === 'poll' || parseCron(job.cron).firesPerHour > 1) return 'hourly';
  return 'each';
}

/**
 * One instant of the travel. A `job` step runs that job at `at` (then the outbox is dispatched);
 * a `dispatch` step only dispatches: the end of the quiet hours, when production's dispatcher
 * (polling every second) sends what was held overnight, and the travel's target instant.
 */
export type TravelStep =
  | { at: Date; kind: 'job'; job: string; replay: Replay }
  | { at: Date; kind: 'dispatch'; reason: 'quiet-hours-end' | 'arrival' };

const HOUR_MS = 3_600_000;

/**
 * Every step of a travel from `from` (exclusive) to `to` (inclusive), in time order; at one
 * instant the jobs keep their module order (that is the order the scheduler's ticks start in),
 * and a dispatch-only step is dropped where a job step already dispatches.
 */
export function planTravel(jobs: readonly PlannedJob[], from: Date, to: Date, tz: string, quietHours: QuietHours | null): TravelStep[] {
  const steps: TravelStep[] = [];
  for (const job of jobs) {
    const replay = replayOf(job);
    let lastHour = Number.NaN;
    for (const at of fireTimes(job.cron, from, to, tz)) {
      if (replay === 'hourly') {
        const hour = Math.floor((at.getTime() + tzOffsetMs(at, tz)) / HOUR_MS);
        if (hour === lastHour) continue;
        lastHour = hour;
      }
      steps.push({ at, kind: 'job', job: job.name, replay });
      if (replay === 'once') break;
    }
  }
  const jobInstants = new Set(steps.map((s) => s.at.getTime()));
  const dispatches: TravelStep[] = [];
  if (quietHours) {
    const [h, m] = quietHours.end.split(':').map(Number) as [number, number];
    for (const at of fireTimes(`${m} ${h} * * *`, from, to, tz)) dispatches.push({ at, kind: 'dispatch', reason: 'quiet-hours-end' });
  }
  if (!dispatches.some((d) => d.at.getTime() === to.getTime())) dispatches.push({ at: to, kind: 'dispatch', reason: 'arrival' });
  for (const d of dispatches) if (!jobInstants.has(d.at.getTime())) steps.push(d);
  const order = new Map(jobs.map((j, i) => [j.name, i]));
  const rank = (s: TravelStep) => (s.kind === 'job' ? order.get(s.job)! : jobs.length);
  return steps.sort((a, b) => a.at.getTime() - b.at.getTime() || rank(a) - rank(b));
}
