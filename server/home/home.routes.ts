import type Router from '@koa/router';
import { ApiRouter } from '../http/router.ts';
import { actorOf } from '../auth/auth.middleware.ts';
import type { HomeService } from './home.service.ts';
import type { TeamHomeService } from './team-home.ts';
import type { TargetsService } from '../targets/targets.service.ts';

export function homeRoutes(home: HomeService, targets?: Pick<TargetsService, 'homeCard' | 'teamForecast'>, teamHome?: TeamHomeService): Router {
  const router = new ApiRouter({ prefix: '/api/home' });
  router.get('/cards', async (ctx) => {
    ctx.body = await home.cards(actorOf(ctx));
  });
  // The managers' home: the subtree's at-risk customers by rep, each member's load, who left
  // holding what, and this month's target with the pipeline forecast.
  router.get('/team', async (ctx) => {
    if (!teamHome) throw new Error('team home is not wired');
    ctx.body = await teamHome.team(actorOf(ctx), targets);
  });
  // The fixed cards (target and progress, payments due; the department for managers) with the rotating ones.
  router.get('/', async (ctx) => {
    const actor = actorOf(ctx);
    ctx.body = { ...(await home.cards(actor)), target: targets ? await targets.homeCard(actor) : null };
  });
  return router;
}
