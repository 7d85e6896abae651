import type { JobSummary, ScheduledJob } from '../jobs/job.ts';

/**
 * Daily: a departed member's customers nobody handed over within HANDOVER_FALLBACK_DAYS go back to
 * their pools by the same code path, so no customer stays with someone who left; a handover a
 * crash left running is finished.
 */
export const handoverFallbackJob: ScheduledJob = {
  name: 'handover-fallback',
  cron: '40 8 * * *',
  description: '离职交接兜底：离职成员的客户逾期无人交接则退回公海',
  async run(ctx, opts) {
    if (opts.dryRun) return { job: 'handover-fallback', affected: 0 };
    const result = await ctx.services.handover.fallback(opts.now, ctx.config.handoverFallbackDays);
    const summary: JobSummary & { handovers: number } = { job: 'handover-fallback', affected: result.moved, handovers: result.handovers };
    return summary;
  },
};

/** Hourly: members WeCom no longer lists as active are departures, even when no event reached us. */
export const directorySyncJob: ScheduledJob = {
  name: 'directory-sync',
  cron: '50 * * * *',
  description: '通讯录核对：发现已离职或停用的成员，按离职处理',
  kind: 'reconcile',
  async run(ctx, opts) {
    if (opts.dryRun) return { job: 'directory-sync', affected: 0 };
    const result = await ctx.services.handover.syncDirectory();
    const summary: JobSummary & { checked: number; failed: number } = { job: 'directory-sync', affected: result.departed, checked: result.checked, failed: result.failed };
    return summary;
  },
};

/** Every 30 minutes: WeCom transfers not yet requested are requested; waiting ones are asked how they went. */
export const handoverWecomJob: ScheduledJob = {
  name: 'handover-wecom',
  cron: '7,37 * * * *',
  description: '交接的企业微信客户转接：发起未发起的转接，查询等待中的结果',
  kind: 'poll',
  async run(ctx, opts) {
    const transfers = ctx.services.handover.wecom;
    if (opts.dryRun || !transfers) return { job: 'handover-wecom', affected: 0 };
    const requested = await transfers.request(null);
    const polled = await transfers.poll();
    const summary: JobSummary & { requested: number; checked: number } = { job: 'handover-wecom', affected: polled.settled, requested, checked: polled.checked };
    return summary;
  },
};
