import { defineModule } from '../modules/module.ts';
import { targetsRoutes } from './targets.routes.ts';
import { TargetsService } from './targets.service.ts';

declare module '../modules/module.ts' {
  interface Services {
    targets: TargetsService;
  }
}

export const targetsModule = defineModule({
  name: 'targets',
  // The team forecast reads the pipeline (opportunities is listed before targets).
  services: ({ deps, services }) => ({ targets: new TargetsService(deps.db, deps.clock, deps.config.tzBusiness, services.opportunities) }),
  routes: ({ services }) => [targetsRoutes(services.targets)],
});
