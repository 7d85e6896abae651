import Router from '@koa/router';
import type { AppConfig } from '../../config/config.ts';
import type { Clock } from '../infra/clock.ts';

/** What the H5 app needs before login: which login to offer and where WeCom OAuth should return. */
export function publicConfigRoutes(config: AppConfig, publicBaseUrl: () => string, clock: Clock): Router {
  const router = new Router();
  router.get('/api/config', (ctx) => {
    ctx.body = {
      mode: config.wecom.mode,
      corpId: config.wecom.corpId,
      agentId: String(config.wecom.agentId),
      publicBaseUrl: publicBaseUrl(),
      tzBusiness: config.tzBusiness,
      // The server's now (the simulator's clock in simulator mode, which /sim moves): a date or
      // time the client offers to plan ahead ("明天 09:00") counts from it, not from the phone.
      now: clock.now().toISOString(),
    };
  });
  return router;
}
