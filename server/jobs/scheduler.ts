import cron, { type ScheduledTask } from 'node-cron';
import type { KeyValueStore } from '../infra/kv.ts';
import type { JobContext, ScheduledJob } from './job.ts';

/**
 * Runs the jobs on their cron patterns in the business time zone. Any number of instances
 * may run a scheduler: each tick is claimed through the store (Redis SET NX PX when
 * REDIS_URL is set), so a job runs once per tick across instances.
 */
export function startScheduler(jobs: readonly ScheduledJob[], ctx: JobContext, kv: KeyValueStore): { stop(): Promise<void> } {
  const coordinator = {
    shouldRun: (key: string, ttlMs: number) => kv.setIfAbsent(`job-tick:${key}`, String(process.pid), Math.max(ttlMs, 60_000)),
  };
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(job.cron, async () => {
      try {
        await job.run(ctx, { now: ctx.clock.now(), dryRun: false });
      } catch (err) {
        // One failing run must not stop the schedule; the next tick retries (jobs are idempotent).
        ctx.logger.error({ err, job: job.name }, 'scheduled job failed');
      }
    }, {
      name: job.name, timezone: ctx.tz, noOverlap: true, distributed: true, runCoordinator: coordinator, distributedLease: 10 * 60_000,
    }));
  return {
    async stop() {
      for (const t of tasks) await t.stop();
    },
  };
}
