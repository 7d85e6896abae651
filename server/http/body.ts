import type { Context, Next } from 'koa';
import { AppError } from './errors.ts';

const MAX_BODY_BYTES = 1024 * 1024;

declare module 'koa' {
  interface Request {
    body?: unknown;
  }
}

/** JSON-only body parser with a hard size limit; never lets malformed input reach a handler. */
export async function jsonBody(ctx: Context, next: Next): Promise<void> {
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method)) return next();
  const length = Number(ctx.get('content-length') || 0);
  if (length > MAX_BODY_BYTES) throw new AppError(413, 'PAYLOAD_TOO_LARGE', '请求体过大');
  const raw = await readRaw(ctx);
  if (raw.length === 0) {
    ctx.request.body = undefined;
    return next();
  }
  if (!ctx.is('application/json', '+json')) {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请求体必须是 JSON（Content-Type: application/json）');
  }
  try {
    ctx.request.body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError(400, 'INVALID_JSON', '请求体不是合法的 JSON');
  }
  return next();
}

async function readRaw(ctx: Context): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new AppError(413, 'PAYLOAD_TOO_LARGE', '请求体过大');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
