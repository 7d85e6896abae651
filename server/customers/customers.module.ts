import { defineModule } from '../modules/module.ts';
import { CustomersService } from './customers.service.ts';
import { customersRoutes } from './customers.routes.ts';
import { LevelRequestsService } from './level-requests.service.ts';
import { levelRequestsRoutes } from './level-requests.routes.ts';

declare module '../modules/module.ts' {
  interface Services {
    customers: CustomersService;
    levelRequests: LevelRequestsService;
  }
}

export const customersModule = defineModule({
  name: 'customers',
  services: ({ deps, services }) => ({
    customers: new CustomersService(deps.db, deps.clock, deps.config.tzBusiness, services.pools),
    levelRequests: new LevelRequestsService(deps.db, deps.clock),
  }),
  routes: ({ services }) => [customersRoutes(services.customers), levelRequestsRoutes(services.levelRequests, services.customers)],
});
