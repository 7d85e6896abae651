import type { ScheduledJob } from '../jobs/job.ts';
import { queueEscalations } from './escalation.ts';

/** Every morning at 09:15 business time, after the reps' own warnings (09:10). */
export const escalationJob: ScheduledJob = {
  name: 'escalation',
  cron: '15 9 * * *',
  description: '升级提醒：重点/A级客户的回收预警无人跟进时，早上告诉其经理（每位经理每天一张）',
  run: (ctx, opts) => queueEscalations(ctx.db, { now: opts.now, tz: ctx.tz, dryRun: opts.dryRun, logger: ctx.logger }),
};
