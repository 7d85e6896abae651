import type { ScheduledJob } from '../jobs/job.ts';
import { queueForgottenCards } from './forgotten-customers.ts';

/** Every morning at 09:20: customers nobody contacted for FORGOTTEN_DAYS resurface in chat. */
export const forgottenCustomersJob: ScheduledJob = {
  name: 'forgotten-customers',
  cron: '20 9 * * *',
  description: '被遗忘的客户：长期未联系的客户推送给负责人（每客户 30 天最多一次）',
  run: (ctx, opts) => queueForgottenCards(ctx.db, { now: opts.now, tz: ctx.tz, days: ctx.config.forgottenDays, dryRun: opts.dryRun, logger: ctx.logger }),
};
