import { defineModule } from '../modules/module.ts';
import { teamChatPostsJob } from './team-chats.job.ts';
import { teamChatRoutes } from './team-chats.routes.ts';
import { TeamChatsService } from './team-chats.service.ts';

declare module '../modules/module.ts' {
  interface Services {
    teamChats: TeamChatsService;
  }
}

/** The customer's internal team group (客户作战群, appchat) and the bot's posts into it (issue 11). */
export const teamChatsModule = defineModule({
  name: 'team-chats',
  services: ({ deps }) => ({ teamChats: new TeamChatsService(deps.db, deps.clock, deps.appChats, deps.logger) }),
  routes: ({ services }) => [teamChatRoutes(services.teamChats, services.customers)],
  jobs: [teamChatPostsJob],
});
