import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { AppError } from './errors.ts';

/**
 * The one place errors become responses. Expected errors keep their code; everything
 * else is logged with the request id and answered with a plain 500.
 */
export function errorMiddleware(logger: Logger) {
  return async (ctx: Context, next: Next): Promise<void> => {
    try {
      await next();
      // Router-made answers (404 unknown route, 405 wrong method) get the error shape too.
      if (ctx.status >= 400 && (ctx.body === undefined || ctx.body === null || ctx.body === '') && ctx.path.startsWith('/api')) {
        const status = ctx.status;
        ctx.body = { error: { code: httpCode(status), message: status === 404 ? '接口不存在' : status === 405 ? '不支持该请求方法' : '请求无效' } };
        ctx.status = status;
      }
    } catch (err) {
      if (err instanceof AppError) {
        ctx.status = err.status;
        ctx.body = { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
        return;
      }
      const status = (err as { status?: number; expose?: boolean }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        // Koa/http-errors raised by ctx.throw or the router (e.g. 405).
        ctx.status = status;
        ctx.body = { error: { code: httpCode(status), message: (err as Error).message || '请求无效' } };
        return;
      }
      logger.error({ err, requestId: ctx.state.requestId, method: ctx.method, path: ctx.path }, 'unhandled error');
      ctx.status = 500;
      ctx.body = { error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试', details: { requestId: ctx.state.requestId } } };
    }
  };
}

function httpCode(status: number): string {
  switch (status) {
    case 401: return 'UNAUTHENTICATED';
    case 403: return 'FORBIDDEN';
    case 404: return 'NOT_FOUND';
    case 405: return 'METHOD_NOT_ALLOWED';
    case 413: return 'PAYLOAD_TOO_LARGE';
    default: return 'BAD_REQUEST';
  }
}
