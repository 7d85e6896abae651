import { defineModule } from '../modules/module.ts';
import { changeExternalChatHandler } from './groups.callbacks.ts';
import { customerGroupsRoutes, groupsRoutes } from './groups.routes.ts';
import { GroupsService } from './groups.service.ts';
import { GroupsSyncService } from './groups-sync.service.ts';
import { groupsSyncJob } from './groups-sync.job.ts';

declare module '../modules/module.ts' {
  interface Services {
    groups: GroupsService;
    groupsSync: GroupsSyncService;
  }
}

/** WeCom customer groups (客户群) mirrored and bound to customers (issue 11). */
export const groupsModule = defineModule({
  name: 'groups',
  services: ({ deps, services }) => ({
    groups: new GroupsService(deps.db, deps.clock, services.customers),
    groupsSync: new GroupsSyncService(deps.db, deps.clock, deps.groupChats, deps.logger),
  }),
  routes: ({ services }) => [groupsRoutes(services.groups), customerGroupsRoutes(services.groups)],
  jobs: [groupsSyncJob],
  callbackEvents: ({ services }) => ({
    change_external_chat: changeExternalChatHandler(services.groupsSync),
  }),
});
