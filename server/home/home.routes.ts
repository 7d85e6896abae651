import type Router from '@koa/router';
import { ApiRouter } from '../http/router.ts';
import { actorOf } from '../auth/auth.middleware.ts';
import type { HomeService } from './home.service.ts';
import type { TargetsService } from '../targets/targets.service.ts';

export function homeRoutes(home: HomeService, targets?: Pick<TargetsService, 'homeCard'>): Router {
  const router = new ApiRouter({ prefix: '/api/home' });
  router.get('/cards', async (ctx) => {
    ctx.body = await home.cards(actorOf(ctx));
  });
  // The fixed cards (target and progress, payments due; the department for managers) with the rotating ones.
  router.get('/', async (ctx) => {
    const actor = actorOf(ctx);
    ctx.body = { ...(await home.cards(actor)), target: targets ? await targets.homeCard(actor) : null };
  });
  return router;
}
