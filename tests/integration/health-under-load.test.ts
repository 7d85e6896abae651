import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * /healthz must not report the database down because it is busy with real work: a balancer
 * would take healthy instances out exactly when they are loaded. The app's own database
 * capacity is saturated here (MariaDB: every pooled connection in a slow query and more
 * waiting; SQLite: transactions queued behind a long one) and the probe must still answer.
 */
describe('health under a saturated database pool', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp({ fixtures: false }); });
  afterAll(async () => { await app?.close(); });

  it('should answer /healthz 200 within a second when every app connection is busy with slow queries', async () => {
    const db = app.runtime.db;
    const SLOW_MS = 4000;
    const busy: Array<Promise<unknown>> = [];
    if (db.kind === 'mysql') {
      // More slow queries than the pool has connections (20): the rest wait in its queue.
      for (let i = 0; i < 30; i++) busy.push(db.manager.query(`SELECT SLEEP(${SLOW_MS / 1000}) AS s`));
    } else {
      for (let i = 0; i < 5; i++) busy.push(db.tx(() => new Promise((r) => setTimeout(r, SLOW_MS / 5))));
    }
    await new Promise((r) => setTimeout(r, 200));

    // Proof that the app's capacity is taken: real work waits for the slow queries.
    const starved = (async () => {
      const t0 = performance.now();
      if (db.kind === 'mysql') await db.manager.query('SELECT 1');
      else await db.tx(async (em) => em.query('SELECT 1'));
      return performance.now() - t0;
    })();

    const statuses: number[] = [];
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const res = await app.request('GET', '/healthz');
      times.push(performance.now() - t0);
      statuses.push(res.status);
      expect(res.body).toEqual({ status: 'ok', db: 'ok', cache: 'ok' });
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    // Well before the slow queries end (the machine may be loaded: a second, not milliseconds).
    expect(Math.max(...times)).toBeLessThan(1000);
    expect(await starved).toBeGreaterThan(2500);
    await Promise.all(busy);
  });

  it('should report the database as an error (503) when the probe cannot reach it', async () => {
    const probe = app.runtime.deps.dbProbe;
    const original = probe.ping;
    probe.ping = () => Promise.reject(new Error('down'));
    try {
      const res = await app.request('GET', '/healthz');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'degraded', db: 'error', cache: 'ok' });
    } finally {
      probe.ping = original;
    }
  });
});
