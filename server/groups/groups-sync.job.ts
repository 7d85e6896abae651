import type { ScheduledJob } from '../jobs/job.ts';

/** Nightly (and at start-up): every active member's customer groups, read again; repairs what callbacks missed. */
export const groupsSyncJob: ScheduledJob = {
  name: 'wecom-groups-sync',
  cron: '37 2 * * *',
  description: '客户群同步：读取每位成员的客户群及成员，修复遗漏的变更',
  kind: 'reconcile',
  runAtStart: true,
  async run(ctx, opts) {
    const sync = ctx.services?.groupsSync;
    if (!sync) return { job: 'wecom-groups-sync', affected: 0, skipped: 'groups capability not loaded' };
    return sync.fullSync({ dryRun: opts.dryRun });
  },
};
