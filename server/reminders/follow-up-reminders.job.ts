import type { ScheduledJob } from '../jobs/job.ts';
import { queueFollowUpReminders } from './follow-up-reminders.ts';

/** Every morning at 08:20: today's planned follow-ups (and tomorrow's for key customers). */
export const followUpRemindersJob: ScheduledJob = {
  name: 'follow-up-reminders',
  cron: '20 8 * * *',
  description: '跟进提醒：按下次跟进时间提醒（重点客户提前一天）',
  run: (ctx, opts) => queueFollowUpReminders(ctx.db, { now: opts.now, tz: ctx.tz, dryRun: opts.dryRun, logger: ctx.logger }),
};
