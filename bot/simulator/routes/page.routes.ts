import type { Router } from '@koa/router';
import { readFileSync } from 'node:fs';

const PAGE_DIR = new URL('../page/', import.meta.url);
const HTML = 'text/html; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';

/** `/sim` itself, then the page's own files under `/sim/assets/` — these and nothing else from the folder. */
const PAGE = { file: 'sim-page.html', type: HTML };
const ASSETS: ReadonlyMap<string, string> = new Map([
  ['sim-page.css', CSS],
  ['app.js', JS],
  ['card.js', JS],
  ['dom.js', JS],
  ['http.js', JS],
  ['time-format.js', JS],
  ['travel-report.js', JS],
  ['sidebar-host.js', JS],
  ['sidebar-host.css', CSS],
]);

const cache = new Map<string, string>();
function read(file: string): string {
  let text = cache.get(file);
  if (text === undefined) cache.set(file, (text = readFileSync(new URL(file, PAGE_DIR), 'utf8')));
  return text;
}

interface PageContext {
  status: number;
  type: string;
  body: unknown;
  params: Record<string, string>;
  set(name: string, value: string): void;
}

/** Never cached: the simulator is a development tool and its page changes with the code. */
function send(ctx: PageContext, file: string, type: string): void {
  ctx.type = type;
  ctx.set('cache-control', 'no-store');
  ctx.set('x-content-type-options', 'nosniff');
  ctx.body = read(file);
}

/**
 * `GET /sim`: the members' WeCom chats. Plain HTML, one stylesheet and a few ES modules
 * (`page/`), served as they are: no build step, no external assets. They only talk to `/sim/api/*`.
 */
export function registerPageRoutes(router: Router): void {
  router.get('/', (ctx) => send(ctx, PAGE.file, PAGE.type));
  router.get('/assets/:file', (ctx) => {
    const type = ASSETS.get(ctx.params.file!);
    if (!type) {
      ctx.status = 404;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = 'Not Found';
      return;
    }
    send(ctx, ctx.params.file!, type);
  });
}
