import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Context, Next } from 'koa';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.map': 'application/json',
};

/** Precompressed copies written by the H5 build (miniprogram/scripts/compress-h5.mjs), best first. */
const ENCODINGS = [{ name: 'br', ext: '.br' }, { name: 'gzip', ext: '.gz' }] as const;

/** The encodings the client accepts (Accept-Encoding, `q=0` excluded). */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && !(Number(q.slice(2)) > 0)) continue;
    out.add(name);
  }
  return out;
}

/**
 * Serves the H5 build. Unknown paths fall back to index.html (the app routes on the client);
 * hashed assets are cached for a year, index.html never. A file with a precompressed copy beside it
 * (`.br`, `.gz`) is sent as that copy when the client accepts its encoding (`Vary: Accept-Encoding`).
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
    ctx.set('Cache-Control', ext === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable');
    let body = file;
    let size = info.size;
    const accepted = acceptedEncodings(ctx.get('Accept-Encoding'));
    let precompressed = false;
    for (const enc of ENCODINGS) {
      const copy = await stat(file + enc.ext).catch(() => null);
      if (!copy?.isFile()) continue;
      precompressed = true;
      if (!accepted.has(enc.name)) continue;
      body = file + enc.ext;
      size = copy.size;
      ctx.set('Content-Encoding', enc.name);
      break;
    }
    if (precompressed) ctx.vary('Accept-Encoding');
    if (ctx.method === 'HEAD') {
      ctx.status = 200; // no body: Koa would turn `body = null` into a 204 without Content-Length
    } else {
      ctx.body = createReadStream(body);
    }
    ctx.length = size;
  };
}
