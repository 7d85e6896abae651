import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Context, Next } from 'koa';
import { acceptedEncodings } from './static-files.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Below this a JSON answer is sent as it is: compressing it would save less than it costs. */
export const COMPRESS_MIN_BYTES = 1024;

/**
 * Compresses JSON answers (bodies set as objects or arrays) with brotli, or gzip, when the client
 * accepts it: a page of customers shrinks from ~17 KB to ~3 KB, which matters on a phone network.
 * Anything else (files, streams, text, answers already encoded such as the precompressed H5 assets)
 * is left alone, so nothing is compressed twice.
 */
export function compressJson(minBytes = COMPRESS_MIN_BYTES) {
  return async (ctx: Context, next: Next): Promise<void> => {
    await next();
    const body: unknown = ctx.body;
    if (ctx.method === 'HEAD' || body === null || typeof body !== 'object' || Buffer.isBuffer(body)
      || typeof (body as { pipe?: unknown }).pipe === 'function' || ctx.response.get('Content-Encoding')) return;
    const json = Buffer.from(JSON.stringify(body));
    ctx.vary('Accept-Encoding');
    if (json.length < minBytes) {
      // Sent as it is, without Koa stringifying it a second time (the type stays JSON: it was set with the object).
      ctx.body = json;
      return;
    }
    const accepted = acceptedEncodings(ctx.get('Accept-Encoding'));
    const type = ctx.response.get('Content-Type') || 'application/json; charset=utf-8';
    let encoded: Buffer;
    let encoding: string;
    if (accepted.has('br')) {
      encoded = await brotli(json, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: json.length } });
      encoding = 'br';
    } else if (accepted.has('gzip')) {
      encoded = await gzipAsync(json, { level: 6 });
      encoding = 'gzip';
    } else {
      ctx.body = json;
      return;
    }
    ctx.body = encoded;
    ctx.type = type;
    ctx.set('Content-Encoding', encoding);
  };
}
