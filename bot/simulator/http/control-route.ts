import type { RouterContext, RouterMiddleware } from '@koa/router';
import { ZodError, type z } from 'zod';
import { SimulatorError } from '../simulator-errors.ts';
import { BodyReadError, readJsonBody } from './read-json-body.ts';

/**
 * Wraps a `/sim/api/*` handler: its return value is the 200 JSON answer, and failures become
 * the product's error shape `{"error": {code, message, details}}`. The simulator answers its
 * own errors so it does not depend on how the app's error middleware is set up.
 */
export function controlRoute(handler: (ctx: RouterContext) => unknown): RouterMiddleware {
  return async (ctx) => {
    try {
      const body = await handler(ctx);
      ctx.status = 200;
      ctx.body = body;
    } catch (err) {
      const failure = toSimulatorError(err);
      if (!failure) throw err;
      ctx.status = failure.status;
      ctx.body = { error: { code: failure.code, message: failure.message, ...(failure.details ? { details: failure.details } : {}) } };
    }
  };
}

/** The JSON body validated by `schema`; a malformed or invalid one answers 400 VALIDATION_FAILED. */
export async function parseJsonBody<S extends z.ZodType>(ctx: RouterContext, schema: S): Promise<z.infer<S>> {
  return schema.parse((await readJsonBody(ctx)) ?? {});
}

function toSimulatorError(err: unknown): SimulatorError | null {
  if (err instanceof SimulatorError) return err;
  if (err instanceof ZodError) {
    const fields: Record<string, string> = {};
    for (const issue of err.issues) fields[issue.path.join('.') || '(body)'] = issue.message;
    return new SimulatorError('VALIDATION_FAILED', '请求参数不合法', { fields });
  }
  if (err instanceof BodyReadError) {
    return err.kind === 'too-large'
      ? new SimulatorError('PAYLOAD_TOO_LARGE', '请求体过大')
      : new SimulatorError('VALIDATION_FAILED', '请求体不是合法的 JSON');
  }
  return null;
}
