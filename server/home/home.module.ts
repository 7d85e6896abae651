import { defineModule } from '../modules/module.ts';
import { HomeService } from './home.service.ts';
import { homeRoutes } from './home.routes.ts';
import { TeamHomeService } from './team-home.ts';

declare module '../modules/module.ts' {
  interface Services {
    home: HomeService;
    teamHome: TeamHomeService;
  }
}

export const homeModule = defineModule({
  name: 'home',
  services: ({ deps, services }) => ({
    home: new HomeService(deps.db, deps.clock, deps.config.tzBusiness, deps.config.forgottenDays, services.customers),
    teamHome: new TeamHomeService(deps.db, deps.clock, deps.config.tzBusiness, deps.config.forgottenDays, services.customers),
  }),
  // The target card comes from the targets capability (listed later; routes see every service).
  routes: ({ services }) => [homeRoutes(services.home, services.targets, services.teamHome)],
});
