import type { ScheduledJob } from '../jobs/job.ts';
import { queueContractReminders } from './contract-reminders.ts';

/** Every morning at 09:25: instalments due soon or overdue, contracts about to end. */
export const contractRemindersJob: ScheduledJob = {
  name: 'contract-reminders',
  cron: '25 9 * * *',
  description: '回款提醒：回款计划即将到期/已逾期（逾期 7 天通知经理），合同即将到期',
  run: (ctx, opts) => queueContractReminders(ctx.db, { now: opts.now, tz: ctx.tz, dryRun: opts.dryRun, logger: ctx.logger }),
};
