import type { JobContext, ScheduledJob } from '../../../server/jobs/job.ts';
import { controlRoute } from '../http/control-route.ts';
import { SimulatorError } from '../simulator-errors.ts';
import { jobLabel } from '../time-travel/time-travel.ts';
import type { Simulator } from '../simulator.ts';

/**
 * `POST /sim/api/jobs/:name/run` — runs a scheduled job once, at the Clock's now, and answers
 * its summary `{job, affected, …}`. With the clock endpoints, this is how a demo or a test
 * shows a warning arriving or a customer being reclaimed without waiting.
 */
export function mountJobTrigger(simulator: Simulator, jobs: readonly ScheduledJob[], context: () => JobContext): void {
  simulator.router.get('/api/jobs', controlRoute(() => ({ items: jobs.map((j) => ({ name: j.name, label: jobLabel(j), cron: j.cron, description: j.description })) })));
  simulator.router.post(
    '/api/jobs/:name/run',
    controlRoute(async (ctx) => {
      const job = jobs.find((j) => j.name === ctx.params.name);
      if (!job) throw new SimulatorError('NOT_FOUND', `没有名为 ${ctx.params.name} 的任务`, { jobs: jobs.map((j) => j.name) });
      const dryRun = ctx.query['dryRun'] === 'true' || ctx.query['dry-run'] === 'true';
      const c = context();
      return job.run(c, { now: c.clock.now(), dryRun });
    }),
  );
}
