import Router from '@koa/router';
import { actorOf } from '../auth/auth.middleware.ts';
import { parseInput } from '../http/validate.ts';
import { idParamSchema } from '../customers/customers.schemas.ts';
import type { PoolService } from './pool.service.ts';
import { assignSchema, poolCustomersQuerySchema, poolRulesSchema, reclaimSchema, releaseSchema } from './pool.schemas.ts';

export function poolRoutes(pool: PoolService): Router {
  const router = new Router({ prefix: '/api' });
  router.get('/pools', async (ctx) => {
    ctx.body = await pool.listPools(actorOf(ctx));
  });
  router.put('/pools/:id/rules', async (ctx) => {
    const id = parseInput(idParamSchema, ctx.params.id);
    ctx.body = await pool.updateRules(actorOf(ctx), id, parseInput(poolRulesSchema, ctx.request.body));
  });
  router.get('/pools/:id/customers', async (ctx) => {
    const id = parseInput(idParamSchema, ctx.params.id);
    ctx.body = await pool.listCustomers(actorOf(ctx), id, parseInput(poolCustomersQuerySchema, ctx.query));
  });
  router.post('/customers/:id/claim', async (ctx) => {
    ctx.body = await pool.claim(actorOf(ctx), parseInput(idParamSchema, ctx.params.id));
  });
  router.post('/customers/:id/release', async (ctx) => {
    const id = parseInput(idParamSchema, ctx.params.id);
    const { reason } = parseInput(releaseSchema, ctx.request.body);
    ctx.body = await pool.release(actorOf(ctx), id, reason);
  });
  router.post('/customers/:id/assign', async (ctx) => {
    const id = parseInput(idParamSchema, ctx.params.id);
    ctx.body = await pool.assign(actorOf(ctx), id, parseInput(assignSchema, ctx.request.body));
  });
  router.post('/customers/:id/reclaim', async (ctx) => {
    const id = parseInput(idParamSchema, ctx.params.id);
    const { reason } = parseInput(reclaimSchema, ctx.request.body);
    ctx.body = await pool.reclaim(actorOf(ctx), id, reason);
  });
  return router;
}
