import { defineModule } from '../modules/module.ts';
import { HomeService } from './home.service.ts';
import { homeRoutes } from './home.routes.ts';

declare module '../modules/module.ts' {
  interface Services {
    home: HomeService;
  }
}

export const homeModule = defineModule({
  name: 'home',
  services: ({ deps, services }) => ({
    home: new HomeService(deps.db, deps.clock, deps.config.tzBusiness, deps.config.forgottenDays, services.customers),
  }),
  // The target card comes from the targets capability (listed later; routes see every service).
  routes: ({ services }) => [homeRoutes(services.home, services.targets)],
});
