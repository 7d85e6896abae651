import type { ScheduledJob } from '../jobs/job.ts';
import { runReclaimSweep } from './reclaim-sweep.ts';

/** Hourly: customers become due at 00:00 business time; idempotent, so extra runs are harmless. */
export const reclaimJob: ScheduledJob = {
  name: 'reclaim',
  cron: '5 * * * *',
  description: '公海回收：按规则把到期客户收回公海',
  run: (ctx, opts) => runReclaimSweep(ctx.db, { now: opts.now, tz: ctx.tz, dryRun: opts.dryRun, logger: ctx.logger }),
};
