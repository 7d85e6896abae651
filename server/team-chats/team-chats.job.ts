import type { ScheduledJob } from '../jobs/job.ts';

/** Every minute: the customers' key events into their team groups, and the groups' members following the team. */
export const teamChatPostsJob: ScheduledJob = {
  name: 'team-chat-posts',
  cron: '* * * * *',
  description: '客户作战群：发送客户新动态，成员随团队调整',
  kind: 'poll',
  async run(ctx, opts) {
    const service = ctx.services?.teamChats;
    if (!service) return { job: 'team-chat-posts', affected: 0, skipped: 'team-chats capability not loaded' };
    return service.run({ dryRun: opts.dryRun });
  },
};
