import type { ScheduledJob } from '../jobs/job.ts';

/**
 * Nightly (and at start-up): every active member's WeCom customers, read again in full; repairs
 * whatever the callbacks missed. Idempotent: a second run writes nothing.
 */
export const contactsSyncJob: ScheduledJob = {
  name: 'wecom-contacts-sync',
  cron: '17 2 * * *',
  description: '企业微信客户同步：读取每位成员的客户，修复遗漏的变更',
  kind: 'reconcile',
  runAtStart: true,
  async run(ctx, opts) {
    const sync = ctx.services?.contactsSync;
    if (!sync) {
      const skipped = { job: 'wecom-contacts-sync', affected: 0, skipped: 'contacts capability not loaded' };
      return skipped;
    }
    return sync.fullSync({ dryRun: opts.dryRun });
  },
};
