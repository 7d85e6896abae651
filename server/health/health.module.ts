import { defineModule } from '../modules/module.ts';
import { healthRoutes } from './health.routes.ts';
import { publicConfigRoutes } from './public-config.routes.ts';

export const healthModule = defineModule({
  name: 'health',
  publicRoutes: ({ deps }) => [healthRoutes(deps.dbProbe, deps.kv), publicConfigRoutes(deps.config, deps.publicBaseUrl, deps.clock)],
});
