import Router from '@koa/router';
import type { Database } from '../infra/db.ts';
import type { KeyValueStore } from '../infra/kv.ts';

async function probe(fn: () => Promise<unknown>, timeoutMs = 2000): Promise<'ok' | 'error'> {
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref())]);
    return 'ok';
  } catch {
    return 'error';
  }
}

export function healthRoutes(db: Database, kv: KeyValueStore): Router {
  const router = new Router();
  router.get('/healthz', async (ctx) => {
    const [dbStatus, cacheStatus] = await Promise.all([probe(() => db.manager.query('SELECT 1')), probe(() => kv.ping())]);
    const ok = dbStatus === 'ok' && cacheStatus === 'ok';
    ctx.status = ok ? 200 : 503;
    ctx.body = { status: ok ? 'ok' : 'degraded', db: dbStatus, cache: cacheStatus };
  });
  return router;
}
