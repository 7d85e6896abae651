import type { Context, Next } from 'koa';
import { actorOf } from '../auth/auth.middleware.ts';
import { parseInput } from '../http/validate.ts';
import { idParamSchema } from './customers.schemas.ts';
import type { CustomersService } from './customers.service.ts';

/**
 * `router.param('id', …)` for every route with a customer `:id`: what the caller cannot see is
 * 404 before any other check (body validation, roles, state), so no answer tells a hidden
 * customer from a missing one. Services check again inside their transactions.
 */
export function visibleCustomerParam(customers: Pick<CustomersService, 'assertVisible'>) {
  return async (id: string, ctx: Context, next: Next): Promise<unknown> => {
    await customers.assertVisible(actorOf(ctx), parseInput(idParamSchema, id));
    return next();
  };
}
