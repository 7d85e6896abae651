import type Router from '@koa/router';
import { actorOf } from '../auth/auth.middleware.ts';
import { ApiRouter } from '../http/router.ts';
import { parseInput } from '../http/validate.ts';
import type { OpportunitiesService } from './opportunities.service.ts';
import {
  createOpportunitySchema, forecastSchema, funnelSchema, listOpportunitiesSchema, moveStageSchema, opportunityIdParam, putStagesSchema,
  updateOpportunitySchema,
} from './opportunities.schemas.ts';

/** /api/stages and /api/opportunities… (the pipeline). */
export function opportunitiesRoutes(opportunities: OpportunitiesService): Router {
  const router = new ApiRouter({ prefix: '/api' });
  // An opportunity the caller cannot see (its customer hidden) is 404 before the body is read or a role checked.
  router.param('opportunityId', async (id, ctx, next) => {
    await opportunities.assertVisible(actorOf(ctx), parseInput(opportunityIdParam, id));
    return next();
  });

  router.get('/stages', async (ctx) => {
    ctx.body = await opportunities.stages();
  });
  router.put('/stages', async (ctx) => {
    ctx.body = await opportunities.putStages(actorOf(ctx), parseInput(putStagesSchema, ctx.request.body));
  });

  router.get('/opportunities/forecast', async (ctx) => {
    ctx.body = await opportunities.forecast(actorOf(ctx), parseInput(forecastSchema, ctx.query));
  });
  router.get('/opportunities/funnel', async (ctx) => {
    ctx.body = await opportunities.funnel(actorOf(ctx), parseInput(funnelSchema, ctx.query));
  });
  router.get('/opportunities', async (ctx) => {
    ctx.body = await opportunities.list(actorOf(ctx), parseInput(listOpportunitiesSchema, ctx.query));
  });
  router.post('/opportunities', async (ctx) => {
    ctx.status = 201;
    ctx.body = await opportunities.create(actorOf(ctx), parseInput(createOpportunitySchema, ctx.request.body));
  });
  router.get('/opportunities/:opportunityId', async (ctx) => {
    ctx.body = await opportunities.get(actorOf(ctx), parseInput(opportunityIdParam, ctx.params.opportunityId));
  });
  router.patch('/opportunities/:opportunityId', async (ctx) => {
    const id = parseInput(opportunityIdParam, ctx.params.opportunityId);
    ctx.body = await opportunities.update(actorOf(ctx), id, parseInput(updateOpportunitySchema, ctx.request.body));
  });
  router.post('/opportunities/:opportunityId/stage', async (ctx) => {
    const id = parseInput(opportunityIdParam, ctx.params.opportunityId);
    ctx.body = await opportunities.move(actorOf(ctx), id, parseInput(moveStageSchema, ctx.request.body));
  });
  return router;
}
