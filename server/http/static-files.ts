import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Context, Next } from 'koa';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.map': 'application/json',
};

/**
 * Serves the H5 build. Unknown paths fall back to index.html (the app routes on the client);
 * hashed assets are cached for a year, index.html never.
 */
export function staticFiles(root: string, skipPrefixes: string[]) {
  const rootWithSep = normalize(root + sep);
  return async (ctx: Context, next: Next): Promise<void> => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || skipPrefixes.some((p) => ctx.path.startsWith(p))) return next();
    let rel: string;
    try {
      rel = decodeURIComponent(ctx.path);
    } catch {
      return next();
    }
    let file = normalize(join(root, rel));
    if (!file.startsWith(rootWithSep) && file !== normalize(root)) return next();
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info) {
      if (extname(rel)) return next(); // a missing asset is a 404, not the app shell
      file = join(root, 'index.html');
      info = await stat(file).catch(() => null);
      if (!info) {
        ctx.status = 503;
        ctx.type = 'text/html; charset=utf-8';
        ctx.body = '<!doctype html><meta charset="utf-8"><p>H5 应用尚未构建：请运行 <code>npm run build:h5</code>。</p>';
        return;
      }
    }
    const ext = extname(file);
    ctx.type = TYPES[ext] ?? 'application/octet-stream';
    ctx.length = info.size;
    ctx.set('Cache-Control', ext === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable');
    ctx.body = ctx.method === 'HEAD' ? null : createReadStream(file);
  };
}
