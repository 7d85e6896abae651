import type Router from '@koa/router';
import { actorOf } from '../auth/auth.middleware.ts';
import { multipartBody } from '../http/body.ts';
import { ApiRouter } from '../http/router.ts';
import { parseInput } from '../http/validate.ts';
import { NotFoundError } from '../http/errors.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import { visibleCustomerParam } from '../customers/visible-customer.param.ts';
import type { ApprovalsService } from './approvals.service.ts';
import type { AttachmentsService } from './attachments/attachments.service.ts';
import { ATTACHMENT_LIMITS } from './attachments/attachments.service.ts';
import type { ExpensesService } from './expenses.service.ts';
import {
  approvalIdParam, createApprovalSchema, decideApprovalSchema, expenseReportSchema, listApprovalsSchema, policySchema, resubmitApprovalSchema,
} from './approvals.schemas.ts';
import { approvalMessages } from './approvals.errors.ts';

/** /api/approvals…, the customer's expenses and the monthly expense report. */
export function approvalsRoutes(approvals: ApprovalsService, attachments: AttachmentsService, expenses: ExpensesService,
  customers: Pick<CustomersService, 'assertVisible'>): Router {
  const router = new ApiRouter({ prefix: '/api' });
  // A request the caller cannot see is 404 before the body is read or a role checked.
  router.param('approvalId', async (id, ctx, next) => {
    await approvals.assertVisible(actorOf(ctx), parseInput(approvalIdParam, id));
    return next();
  });
  router.param('customerId', visibleCustomerParam(customers));

  router.get('/approvals/policy', async (ctx) => {
    ctx.body = await approvals.getPolicy();
  });
  router.put('/approvals/policy', async (ctx) => {
    ctx.body = await approvals.putPolicy(actorOf(ctx), parseInput(policySchema, ctx.request.body));
  });
  router.post('/approvals/attachments',
    multipartBody({ maxBytes: ATTACHMENT_LIMITS.maxFiles * ATTACHMENT_LIMITS.maxFileBytes + 1024 * 1024, ...ATTACHMENT_LIMITS }),
    async (ctx) => {
      ctx.status = 201;
      ctx.body = await attachments.upload(actorOf(ctx), ctx.request.files ?? []);
    });
  router.get('/approvals', async (ctx) => {
    ctx.body = await approvals.list(actorOf(ctx), parseInput(listApprovalsSchema, ctx.query));
  });
  router.post('/approvals', async (ctx) => {
    ctx.status = 201;
    ctx.body = await approvals.create(actorOf(ctx), parseInput(createApprovalSchema, ctx.request.body));
  });
  router.get('/approvals/:approvalId', async (ctx) => {
    ctx.body = await approvals.get(actorOf(ctx), parseInput(approvalIdParam, ctx.params.approvalId));
  });
  router.post('/approvals/:approvalId/decide', async (ctx) => {
    const id = parseInput(approvalIdParam, ctx.params.approvalId);
    ctx.body = (await approvals.decide(actorOf(ctx), id, parseInput(decideApprovalSchema, ctx.request.body))).approval;
  });
  router.post('/approvals/:approvalId/withdraw', async (ctx) => {
    ctx.body = await approvals.withdraw(actorOf(ctx), parseInput(approvalIdParam, ctx.params.approvalId));
  });
  router.post('/approvals/:approvalId/resubmit', async (ctx) => {
    const id = parseInput(approvalIdParam, ctx.params.approvalId);
    ctx.body = await approvals.resubmit(actorOf(ctx), id, parseInput(resubmitApprovalSchema, ctx.request.body ?? {}));
  });

  router.get('/customers/:customerId/expenses', async (ctx) => {
    ctx.body = await expenses.forCustomer(actorOf(ctx), parseInput(approvalIdParam, ctx.params.customerId));
  });
  router.get('/reports/expenses', async (ctx) => {
    const { month } = parseInput(expenseReportSchema, ctx.query);
    ctx.body = await expenses.monthReport(actorOf(ctx), month);
  });
  return router;
}

/** GET /api/approval-files/:id?exp=&sig= — no session: the signature is the permission. */
export function approvalFileRoutes(attachments: AttachmentsService): Router {
  const router = new ApiRouter({ prefix: '/api' });
  router.get('/approval-files/:fileId', async (ctx) => {
    const id = parseInput(approvalIdParam, ctx.params.fileId);
    const file = await attachments.open(id, ctx.query.exp, ctx.query.sig);
    if (!file) throw new NotFoundError(approvalMessages.notFound);
    ctx.set('Cache-Control', 'private, max-age=600');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.type = file.contentType;
    ctx.body = file.data;
  });
  return router;
}
