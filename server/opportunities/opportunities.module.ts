import { defineModule } from '../modules/module.ts';
import { followOwnership } from '../ownership/change-owner.ts';
import { opportunitiesRoutes } from './opportunities.routes.ts';
import { OpportunitiesService } from './opportunities.service.ts';

declare module '../modules/module.ts' {
  interface Services {
    opportunities: OpportunitiesService;
  }
}

// Open opportunities move with their customer (claim, release, assign, transfer, reclaim, handover):
// to the new owner, or to no owner while the customer is in a pool. Won and lost ones keep theirs.
followOwnership('opportunities', (sql, changes, cause) => OpportunitiesService.followOwner(sql, changes, cause.at),
  (customerId) => `EXISTS (SELECT 1 FROM opportunities o WHERE o.customer_id = ${customerId} AND o.status = 'open')`);

export const opportunitiesModule = defineModule({
  name: 'opportunities',
  services: ({ deps }) => ({ opportunities: new OpportunitiesService(deps.db, deps.clock, deps.config.tzBusiness) }),
  routes: ({ services }) => [opportunitiesRoutes(services.opportunities)],
});
