import type Router from '@koa/router';
import { actorOf } from '../auth/auth.middleware.ts';
import { ApiRouter } from '../http/router.ts';
import { parseInput } from '../http/validate.ts';
import type { ContractsService } from './contracts.service.ts';
import {
  contractIdParam, contractSettingsSchema, createContractSchema, createPaymentSchema, createPlanSchema, listContractsSchema, patchContractSchema,
} from './contracts.schemas.ts';

/** /api/contracts…, /api/payment-plans/:planId/payments, /api/contract-settings. */
export function contractsRoutes(contracts: ContractsService): Router {
  const router = new ApiRouter({ prefix: '/api' });
  // What the caller cannot see is 404 before the body is read or a role checked.
  router.param('contractId', async (id, ctx, next) => {
    await contracts.assertVisible(actorOf(ctx), parseInput(contractIdParam, id));
    return next();
  });
  router.param('planId', async (id, ctx, next) => {
    await contracts.assertPlanVisible(actorOf(ctx), parseInput(contractIdParam, id));
    return next();
  });

  router.get('/contract-settings', async (ctx) => {
    ctx.body = await contracts.getSettings();
  });
  router.put('/contract-settings', async (ctx) => {
    ctx.body = await contracts.putSettings(actorOf(ctx), parseInput(contractSettingsSchema, ctx.request.body));
  });
  router.get('/contracts', async (ctx) => {
    ctx.body = await contracts.list(actorOf(ctx), parseInput(listContractsSchema, ctx.query));
  });
  router.post('/contracts', async (ctx) => {
    ctx.status = 201;
    ctx.body = await contracts.create(actorOf(ctx), parseInput(createContractSchema, ctx.request.body));
  });
  router.get('/contracts/:contractId', async (ctx) => {
    ctx.body = await contracts.get(actorOf(ctx), parseInput(contractIdParam, ctx.params.contractId));
  });
  router.patch('/contracts/:contractId', async (ctx) => {
    const id = parseInput(contractIdParam, ctx.params.contractId);
    ctx.body = await contracts.patch(actorOf(ctx), id, parseInput(patchContractSchema, ctx.request.body));
  });
  router.post('/contracts/:contractId/payment-plans', async (ctx) => {
    const id = parseInput(contractIdParam, ctx.params.contractId);
    ctx.status = 201;
    ctx.body = await contracts.addPlan(actorOf(ctx), id, parseInput(createPlanSchema, ctx.request.body));
  });
  router.post('/payment-plans/:planId/payments', async (ctx) => {
    const id = parseInput(contractIdParam, ctx.params.planId);
    ctx.status = 201;
    ctx.body = await contracts.addPayment(actorOf(ctx), id, parseInput(createPaymentSchema, ctx.request.body));
  });
  return router;
}
