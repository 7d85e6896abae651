import { defineModule } from '../modules/module.ts';
import { FollowUpsService } from './follow-ups.service.ts';
import { followUpsRoutes } from './follow-ups.routes.ts';
import { coFollower } from './follow-ups.notifications.ts';

declare module '../modules/module.ts' {
  interface Services {
    followUps: FollowUpsService;
  }
}

export const followUpsModule = defineModule({
  name: 'follow-ups',
  services: ({ deps }) => ({ followUps: new FollowUpsService(deps.db, deps.clock, deps.config.tzBusiness) }),
  routes: ({ services }) => [followUpsRoutes(services.followUps, services.customers)],
  notifications: [coFollower],
});
