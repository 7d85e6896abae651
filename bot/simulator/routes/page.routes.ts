import type { Router } from '@koa/router';
import { readFileSync } from 'node:fs';

const PAGE_URL = new URL('../page/sim-page.html', import.meta.url);
let cached: string | null = null;

/**
 * `GET /sim`: the members' WeCom chats, one self-contained HTML file (inline CSS and JS, no
 * build step, no external assets). It only talks to `/sim/api/*`.
 */
export function registerPageRoutes(router: Router): void {
  const servePage = (ctx: { type: string; body: unknown; set(name: string, value: string): void }) => {
    cached ??= readFileSync(PAGE_URL, 'utf8');
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('cache-control', 'no-store');
    ctx.body = cached;
  };
  router.get('/', servePage);
}
