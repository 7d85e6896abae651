import type { ScheduledJob } from '../jobs/job.ts';
import { queueReclaimWarnings } from './reclaim-warnings.ts';

/** Every morning at 09:10 business time: warnings reach reps when they start the day. */
export const reclaimWarningsJob: ScheduledJob = {
  name: 'reclaim-warnings',
  cron: '10 9 * * *',
  description: '回收预警：即将被回收的客户提醒负责人（每周期一次）',
  run: (ctx, opts) => queueReclaimWarnings(ctx.db, { now: opts.now, tz: ctx.tz, dryRun: opts.dryRun, logger: ctx.logger }),
};
