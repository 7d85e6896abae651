import { defineModule } from '../modules/module.ts';
import { PoolService } from './pool.service.ts';
import { claimRoutes, poolRoutes } from './pool.routes.ts';
import { reclaimJob } from './reclaim.job.ts';
import { reclaimWarningsJob } from './reclaim-warnings.job.ts';
import { reclaimed, reclaimedDigest, reclaimWarning } from './pool.notifications.ts';
import { releaseCardAction } from './pool.card-actions.ts';

declare module '../modules/module.ts' {
  interface Services {
    pool: PoolService;
  }
}

export const poolModule = defineModule({
  name: 'pool',
  services: ({ deps, services }) => ({ pool: new PoolService(deps.db, deps.clock, deps.config.tzBusiness, services.customers, services.pools) }),
  routes: ({ services }) => [claimRoutes(services.pool), poolRoutes(services.pool, services.customers)],
  jobs: [reclaimJob, reclaimWarningsJob],
  notifications: [reclaimWarning, reclaimed, reclaimedDigest],
  cardActions: ({ deps, services }) => [releaseCardAction(deps.db, services.pool)],
});
