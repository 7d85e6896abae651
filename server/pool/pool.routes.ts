import type Router from '@koa/router';
import { ApiRouter } from '../http/router.ts';
import { actorOf } from '../auth/auth.middleware.ts';
import { parseInput } from '../http/validate.ts';
import { idParamSchema } from '../customers/customers.schemas.ts';
import type { PoolService } from './pool.service.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import { visibleCustomerParam } from '../customers/visible-customer.param.ts';
import { assignSchema, createPoolSchema, poolCustomersQuerySchema, poolRulesSchema, reclaimSchema, releaseSchema } from './pool.schemas.ts';

/**
 * The claim has no separate visibility check: its transaction checks first, under the row lock,
 * and answers 404 for what the caller cannot see before anything else (pool.service.ts claim).
 */
export function claimRoutes(pool: PoolService): Router {
  const router = new ApiRouter({ prefix: '/api' });
  router.post('/customers/:id/claim', async (ctx) => {
    ctx.body = await pool.claim(actorOf(ctx), parseInput(idParamSchema, ctx.params.id));
  });
  return router;
}

export function poolRoutes(pool: PoolService, customers: Pick<CustomersService, 'assertVisible'>): Router {
  const router = new ApiRouter({ prefix: '/api' });
  router.param('id', visibleCustomerParam(customers));
  // Another department's pool is 404 before its body is even read.
  router.param('poolId', async (id, ctx, next) => {
    await pool.assertPoolVisible(actorOf(ctx), parseInput(idParamSchema, id));
    return next();
  });
  router.get('/pools', async (ctx) => {
    ctx.body = await pool.listPools(actorOf(ctx));
  });
  router.post('/pools', async (ctx) => {
    const actor = actorOf(ctx);
    pool.assertMayCreatePool(actor); // 403 before the body is judged
    ctx.status = 201;
    ctx.body = await pool.createPool(actor, parseInput(createPoolSchema, ctx.request.body));
  });
  router.get('/me/holding', async (ctx) => {
    ctx.body = await pool.myHolding(actorOf(ctx));
  });
  router.put('/pools/:poolId/rules', async (ctx) => {
    const id = parseInput(idParamSchema, ctx.params.poolId);
    ctx.body = await pool.updateRules(actorOf(ctx), id, parseInput(poolRulesSchema, ctx.request.body));
  });
  router.get('/pools/:poolId/customers', async (ctx) => {
    const id = parseInput(idParamSchema, ctx.params.poolId);
    ctx.body = await pool.listCustomers(actorOf(ctx), id, parseInput(poolCustomersQuerySchema, ctx.query));
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
