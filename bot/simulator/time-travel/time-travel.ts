import type { JobContext, JobSummary, ScheduledJob } from '../../../server/jobs/job.ts';
import type { QuietHours } from '../../../server/notifications/quiet-hours.ts';
import { isInstantInRange } from '../../../server/http/inputs.ts';
import { clockOutOfRangeMessage } from '../routes/control.schemas.ts';
import { SimulatorError } from '../simulator-errors.ts';
import type { SimulatorState } from '../simulator-state.ts';
import type { ChatMessage } from '../state/message-log.ts';
import { MAX_TRAVEL_DAYS, planTravel, type TravelStep } from './travel-plan.ts';

/** The outbox dispatcher as the travel drives it (bot/outbox/dispatcher.ts). */
export interface TravelDispatcher {
  drain(): Promise<{ sent: number }>;
  nextDueAfter(after: Date): Promise<Date | null>;
}

export interface TimeTravelDeps {
  state: SimulatorState;
  jobs: readonly ScheduledJob[];
  /** The context every job runs with (the runtime's; its clock is the simulator's). */
  context: () => JobContext;
  dispatcher: TravelDispatcher;
  tz: string;
  quietHours: QuietHours | null;
}

export interface TravelRun {
  job: string;
  /** The job's name on the page: its description up to the first colon ("回收预警"). */
  label: string;
  at: string;
  /** The job's own summary `{job, affected, …}`; absent when the run failed. */
  summary?: JobSummary & Record<string, unknown>;
  /** "回收预警：3 条" / "回收预警：无变化" / "回收预警：失败（…）". */
  text: string;
  error?: string;
  /** How long the run took (real time). */
  ms: number;
}

export interface MemberDeliveries {
  userid: string;
  name: string;
  count: number;
  cards: Array<{ at: string; title: string; taskId?: string }>;
}

export interface TravelReport {
  from: string;
  to: string;
  runs: TravelRun[];
  /** Cards and texts that reached each member during the travel, in delivery order. */
  deliveries: MemberDeliveries[];
  /** Outbox rows sent (a digest counts each row it carries). */
  sent: number;
  elapsedMs: number;
}

/** How many extra dispatch stops (retries, rate-limited cards) one gap between steps may take. */
const MAX_STOPS_PER_GAP = 50;
const DAY_MS = 86_400_000;

export const travelTooFarMessage = `一次时间旅行最多 ${MAX_TRAVEL_DAYS} 天，请分几次前进`;
export const travelBackwardsMessage = '时间旅行只能向前：目标时间必须晚于当前模拟时间';

export function jobLabel(job: Pick<ScheduledJob, 'name' | 'description'>): string {
  return job.description.split(/[：:（(]/)[0]?.trim() || job.name;
}

/**
 * Time travel as production would live it: the clock walks from now to the target and stops at
 * every fire time of every scheduled job (travel-plan.ts says which jobs are thinned), runs the
 * job at that instant and lets the outbox dispatcher deliver at that instant — so quiet hours,
 * member limits and retries behave as they would, warnings reach reps before the sweep takes
 * their customers, and each morning's digests go out each morning.
 */
export class TimeTravel {
  constructor(private readonly deps: TimeTravelDeps) {}

  /**
   * Travels to `request.to`, or `request.days` from now: forward only, at most MAX_TRAVEL_DAYS.
   * Everything up to taking the lock happens before the first await, so two requests cannot
   * both start.
   */
  async travel(request: { days?: number; to?: string }): Promise<TravelReport> {
    const { state, jobs, tz, quietHours } = this.deps;
    const started = performance.now();
    const from = state.clock.now();
    const to = travelTarget(from, request);
    const steps = planTravel(jobs, from, to, tz, quietHours);
    const progress = state.travel.begin({ from, to, at: from, stepsDone: 0, steps: steps.length });
    const seen = new Set(state.messages.log.list().map(messageKey));
    const runs: TravelRun[] = [];
    let sent = 0;
    try {
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i]!;
        this.moveClockTo(step.at);
        progress.at = step.at;
        if (step.kind === 'job') runs.push(await this.run(step));
        sent += await this.dispatch();
        sent += await this.dispatchUntil(steps[i + 1]?.at ?? to);
        progress.stepsDone = i + 1;
      }
      this.moveClockTo(to);
      // The server stores the simulated time on every change: answer once it is saved.
      await state.clock.settled();
    } finally {
      state.travel.end();
    }
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      runs,
      deliveries: this.deliveries(seen),
      sent,
      elapsedMs: Math.round(performance.now() - started),
    };
  }

  /** Forward only: the clock keeps running, so a step may already lie a few ms behind it. */
  private moveClockTo(at: Date): void {
    if (at.getTime() > this.deps.state.clock.now().getTime()) this.deps.state.clock.set(at);
  }

  private async run(step: Extract<TravelStep, { kind: 'job' }>): Promise<TravelRun> {
    const job = this.deps.jobs.find((j) => j.name === step.job)!;
    const label = jobLabel(job);
    const at = step.at.toISOString();
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    try {
      const summary = await job.run(this.deps.context(), { now: step.at, dryRun: false }) as TravelRun['summary'] & object;
      const affected = Number(summary.affected ?? 0);
      return { job: job.name, label, at, summary, text: affected ? `${label}：${affected} 条` : `${label}：无变化`, ms: ms() };
    } catch (err) {
      // As the scheduler does: one failing run does not stop the others (jobs are idempotent).
      const error = (err as Error).message;
      this.deps.context().logger.error({ err, job: job.name, at }, 'time travel: job failed');
      return { job: job.name, label, at, text: `${label}：失败（${error.slice(0, 80)}）`, error, ms: ms() };
    }
  }

  /** One dispatch at the clock's instant; a failed round is logged and retried at the next step, as the live dispatcher does. */
  private async dispatch(): Promise<number> {
    try {
      return (await this.deps.dispatcher.drain()).sent;
    } catch (err) {
      this.deps.context().logger.error({ err }, 'time travel: outbox dispatch failed');
      return 0;
    }
  }

  /**
   * Between two steps the dispatcher still polls: cards that fall due before `next` (a retry, a
   * member's rate limit, a reminder queued for a later time) are sent at their due time.
   */
  private async dispatchUntil(next: Date): Promise<number> {
    let sent = 0;
    for (let stops = 0; stops < MAX_STOPS_PER_GAP; stops++) {
      const due = await this.deps.dispatcher.nextDueAfter(this.deps.state.clock.now());
      if (!due || due.getTime() >= next.getTime()) break;
      this.moveClockTo(due);
      sent += await this.dispatch();
    }
    return sent;
  }

  private deliveries(seen: ReadonlySet<string>): MemberDeliveries[] {
    const fresh = this.deps.state.messages.log.list().filter((m) => !seen.has(messageKey(m))).reverse();
    const byMember = new Map<string, MemberDeliveries>();
    for (const m of fresh) {
      const key = m.touser.toLowerCase();
      let entry = byMember.get(key);
      if (!entry) {
        const name = this.deps.state.directory.allUsers().find((u) => u.userid.toLowerCase() === key)?.name ?? m.touser;
        byMember.set(key, (entry = { userid: m.touser, name, count: 0, cards: [] }));
      }
      entry.count++;
      entry.cards.push({ at: m.sentAt.toISOString(), title: messageTitle(m), ...(m.taskId ? { taskId: m.taskId } : {}) });
    }
    return [...byMember.values()].sort((a, b) => b.count - a.count || a.userid.localeCompare(b.userid));
  }
}

/** Where a travel from `now` ends, checked: forward, at most MAX_TRAVEL_DAYS, inside the clock's range. */
export function travelTarget(now: Date, request: { days?: number; to?: string }): Date {
  const field = request.to !== undefined ? 'to' : 'days';
  const to = request.to !== undefined ? new Date(request.to) : new Date(now.getTime() + (request.days ?? 0) * DAY_MS);
  const refuse = (message: string) => new SimulatorError('VALIDATION_FAILED', message, { fields: { [field]: message } });
  if (!(to.getTime() > now.getTime())) throw refuse(travelBackwardsMessage);
  if (to.getTime() - now.getTime() > MAX_TRAVEL_DAYS * DAY_MS) throw refuse(travelTooFarMessage);
  if (!isInstantInRange(to)) throw refuse(clockOutOfRangeMessage);
  return to;
}

function messageKey(m: ChatMessage): string {
  return `${m.msgid}|${m.touser.toLowerCase()}`;
}

function messageTitle(m: ChatMessage): string {
  const card = m.templateCard as { main_title?: { title?: string }; source?: { desc?: string } } | undefined;
  const text = card?.main_title?.title ?? m.text?.content ?? '';
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
