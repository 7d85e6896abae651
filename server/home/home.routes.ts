import type Router from '@koa/router';
import { ApiRouter } from '../http/router.ts';
import { actorOf } from '../auth/auth.middleware.ts';
import type { HomeService } from './home.service.ts';

export function homeRoutes(home: HomeService): Router {
  const router = new ApiRouter({ prefix: '/api/home' });
  router.get('/cards', async (ctx) => {
    ctx.body = await home.cards(actorOf(ctx));
  });
  return router;
}
