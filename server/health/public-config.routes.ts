import Router from '@koa/router';
import type { AppConfig } from '../../config/config.ts';

/** What the H5 app needs before login: which login to offer and where WeCom OAuth should return. */
export function publicConfigRoutes(config: AppConfig, publicBaseUrl: () => string): Router {
  const router = new Router();
  router.get('/api/config', (ctx) => {
    ctx.body = {
      mode: config.wecom.mode,
      corpId: config.wecom.corpId,
      agentId: String(config.wecom.agentId),
      publicBaseUrl: publicBaseUrl(),
      tzBusiness: config.tzBusiness,
    };
  });
  return router;
}
