import type { Context } from 'koa';

/** Far above any WeCom payload (message content tops out at a few KB). */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export class BodyReadError extends Error {
  constructor(readonly kind: 'too-large' | 'malformed') {
    super(kind === 'too-large' ? 'request body too large' : 'request body is not JSON');
    this.name = 'BodyReadError';
  }
}

/**
 * The request's JSON body, read straight from the socket. The simulator is mounted before
 * the app's body parser so it can answer malformed JSON the way WeCom does (47001) instead
 * of the app's 400. An empty body reads as undefined.
 */
export async function readJsonBody(ctx: Context, limitBytes = DEFAULT_BODY_LIMIT_BYTES): Promise<unknown> {
  // Mounted behind a parser after all: use what it parsed rather than wait on a drained stream.
  const parsed = (ctx.request as { body?: unknown }).body;
  if (parsed !== undefined || ctx.req.readableEnded) return parsed;

  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limitBytes) throw new BodyReadError('too-large');

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new BodyReadError('too-large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyReadError('malformed');
  }
}
