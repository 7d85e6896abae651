import type { ScheduledJob } from '../jobs/job.ts';
import { remindPendingApprovals } from './approval-reminders.ts';

/** Every working morning at 09:25: approvals waiting too long remind their approvers, then their managers. */
export const approvalRemindersJob: ScheduledJob = {
  name: 'approval-reminders',
  cron: '25 9 * * 1-5',
  description: '审批提醒：等待超过 24 个工作小时提醒审批人（每天一次），超过 72 小时告知申请人的上级',
  run: (ctx, opts) => remindPendingApprovals(ctx.db, { now: opts.now, tz: ctx.tz, dryRun: opts.dryRun, logger: ctx.logger }),
};
