import type { Context, Middleware, Next } from 'koa';
import { AppError } from './errors.ts';

declare module 'koa' {
  interface Request {
    body?: unknown;
    /** Files of a multipart body (multipartBody). */
    files?: UploadedFile[];
  }
}

/** A file of a multipart body, held in memory within the route's limits. */
export interface UploadedFile {
  field: string;
  filename: string;
  /** The type the client declared; check the content yourself before trusting it. */
  declaredType: string;
  size: number;
  data: Buffer;
}

/** Parsers are tagged so a router can tell whether a route chose one (router.ts). */
export type BodyParser = Middleware & { bodyParser: 'json' | 'multipart' | 'none' };

const MB = 1024 * 1024;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const bodyMessages = {
  tooLarge: (limit: number) => `请求体过大（不能超过 ${formatBytes(limit)}）`,
  fileTooLarge: (name: string, limit: number) => `文件「${name}」过大（不能超过 ${formatBytes(limit)}）`,
  tooManyFiles: (max: number) => `一次最多上传 ${max} 个文件`,
  notJson: '请求体必须是 JSON（Content-Type: application/json）',
  notMultipart: '请以 multipart/form-data 上传文件',
  invalidJson: '请求体不是合法的 JSON',
  invalidMultipart: '上传的表单格式不正确',
  noBody: '该接口不接受请求体',
};

function formatBytes(n: number): string {
  return n >= MB ? `${Math.round((n / MB) * 10) / 10} MB` : `${Math.ceil(n / 1024)} KB`;
}

const tooLarge = (limit: number) => new AppError(413, 'PAYLOAD_TOO_LARGE', bodyMessages.tooLarge(limit), { limitBytes: limit });
const unsupported = (message: string) => new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', message);

/** Reads the raw body, refusing it (413) as soon as it passes `limit` — before it is all in memory. */
async function readRaw(ctx: Context, limit: number): Promise<Buffer> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** JSON bodies (the default of every API route): 413 past `limitBytes`, 415 for anything but JSON, 400 for broken JSON. */
export function jsonBody(opts: { limitBytes?: number } = {}): BodyParser {
  const limit = opts.limitBytes ?? MB;
  const mw = async (ctx: Context, next: Next) => {
    if (!WRITE_METHODS.has(ctx.method)) return next();
    const raw = await readRaw(ctx, limit);
    if (raw.length === 0) {
      ctx.request.body = undefined;
      return next();
    }
    if (!ctx.is('application/json', '+json')) throw unsupported(bodyMessages.notJson);
    try {
      ctx.request.body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AppError(400, 'INVALID_JSON', bodyMessages.invalidJson);
    }
    return next();
  };
  return Object.assign(mw, { bodyParser: 'json' as const });
}

/**
 * multipart/form-data (photo uploads, Excel imports): fields become `ctx.request.body`, files
 * `ctx.request.files`. Limits: the whole body, the number of files and each file's size, each
 * refused with its own 413 message; anything but multipart is 415.
 */
export function multipartBody(opts: { maxBytes: number; maxFiles: number; maxFileBytes: number }): BodyParser {
  const mw = async (ctx: Context, next: Next) => {
    if (!WRITE_METHODS.has(ctx.method)) return next();
    if (!ctx.is('multipart/form-data')) throw unsupported(bodyMessages.notMultipart);
    const raw = await readRaw(ctx, opts.maxBytes);
    let form: FormData;
    try {
      // undici (Node's fetch) parses multipart; the body is already bounded above.
      form = await new Response(raw, { headers: { 'content-type': ctx.get('content-type') } }).formData();
    } catch {
      throw new AppError(400, 'INVALID_MULTIPART', bodyMessages.invalidMultipart);
    }
    const fields: Record<string, string | string[]> = {};
    const files: UploadedFile[] = [];
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') {
        const prev = fields[name];
        fields[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
        continue;
      }
      if (files.length >= opts.maxFiles) throw new AppError(413, 'PAYLOAD_TOO_LARGE', bodyMessages.tooManyFiles(opts.maxFiles), { maxFiles: opts.maxFiles });
      if (value.size > opts.maxFileBytes) throw new AppError(413, 'PAYLOAD_TOO_LARGE', bodyMessages.fileTooLarge(value.name, opts.maxFileBytes), { limitBytes: opts.maxFileBytes });
      files.push({ field: name, filename: value.name, declaredType: value.type, size: value.size, data: Buffer.from(await value.arrayBuffer()) });
    }
    ctx.request.body = fields;
    ctx.request.files = files;
    return next();
  };
  return Object.assign(mw, { bodyParser: 'multipart' as const });
}

/** For write routes that take no body at all: a body is 413-free but refused (415). */
export function noBody(): BodyParser {
  const mw = async (ctx: Context, next: Next) => {
    if (WRITE_METHODS.has(ctx.method) && Number(ctx.get('content-length') || 0) > 0) {
      const raw = await readRaw(ctx, 64 * 1024);
      if (raw.length) throw unsupported(bodyMessages.noBody);
    }
    return next();
  };
  return Object.assign(mw, { bodyParser: 'none' as const });
}
