import Router from '@koa/router';
import type { KeyValueStore } from '../infra/kv.ts';
import type { DatabaseProbe } from './db-probe.ts';

/** Short: a balancer's check should fail fast rather than hang. */
const PROBE_TIMEOUT_MS = 1000;

async function probe(fn: () => Promise<unknown>, timeoutMs = PROBE_TIMEOUT_MS): Promise<'ok' | 'error'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), timeoutMs); })]);
    return 'ok';
  } catch {
    return 'error';
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(db: DatabaseProbe, kv: KeyValueStore): Router {
  const router = new Router();
  router.get('/healthz', async (ctx) => {
    const [dbStatus, cacheStatus] = await Promise.all([probe(() => db.ping(PROBE_TIMEOUT_MS)), probe(() => kv.ping())]);
    const ok = dbStatus === 'ok' && cacheStatus === 'ok';
    ctx.status = ok ? 200 : 503;
    ctx.body = { status: ok ? 'ok' : 'degraded', db: dbStatus, cache: cacheStatus };
  });
  return router;
}
