import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type AppConfig } from '../../config/config.ts';
import { createLogger } from '../../server/infra/logger.ts';
import { Runtime } from '../../bot/runtime.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

const DAY = 24 * 3600_000;

/**
 * `npm start` in simulator mode, twice on one database: the time travelled in the first run
 * (POST /sim/api/clock) is where the second run resumes, so no timestamp goes backwards.
 */
describe('simulator clock across restarts', () => {
  let database: TestDatabase;
  let config: AppConfig;
  const running: Runtime[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    config = { ...loadConfig({ WECOM_MODE: 'simulator', DEMO_DATA: 'false', LOG_LEVEL: 'silent', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }), database: database.config };
  });
  afterAll(async () => {
    for (const r of running) await r.close();
    await database?.drop();
  });

  /** As `npm start` builds it: no injected clock. */
  async function start(): Promise<{ runtime: Runtime; url: string }> {
    const runtime = await Runtime.create(config, { logger: createLogger('silent'), seedDemo: false, h5Root: null, kvPrefix: `wecrm:test:clock:${process.pid}:${running.length}:` });
    running.push(runtime);
    return { runtime, url: await runtime.listen(0, '127.0.0.1') };
  }
  const clockOf = async (url: string) => new Date(((await (await fetch(`${url}/sim/api/clock`)).json()) as { now: string }).now);
  const close = async (runtime: Runtime) => {
    await runtime.close();
    running.splice(running.indexOf(runtime), 1);
  };

  it('should resume no earlier than the simulated time of the last run when restarted after a jump of 10 days', async () => {
    const first = await start();
    const startedAt = await clockOf(first.url);
    const jumped = await fetch(`${first.url}/sim/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceDays: 10 }) });
    expect(jumped.status).toBe(200);
    const before = await clockOf(first.url);
    expect(before.getTime() - startedAt.getTime()).toBeGreaterThanOrEqual(10 * DAY);
    await close(first.runtime);

    const second = await start();
    const after = await clockOf(second.url);
    expect(after.getTime()).toBeGreaterThanOrEqual(before.getTime());
    // Resumed, not frozen: it still runs, and no further than the restart took (plus a quiet-hours move).
    expect(after.getTime() - before.getTime()).toBeLessThan(13 * 3600_000);
    await close(second.runtime);
  });

  it('should keep a simulated past that the next run resumes when the clock was set back before the restart', async () => {
    const first = await start();
    const target = new Date(Date.now() - 40 * DAY);
    target.setUTCHours(2, 0, 0, 0); // 10:00 in Shanghai: outside the quiet hours
    const set = await fetch(`${first.url}/sim/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: target.toISOString() }) });
    expect(set.status).toBe(200);
    const before = await clockOf(first.url);
    await close(first.runtime);

    const second = await start();
    const after = await clockOf(second.url);
    expect(after.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(after.getTime()).toBeLessThan(Date.now() - 30 * DAY);
    await close(second.runtime);
  });

  it('should store the simulated time in app_settings when the clock changes, before the answer', async () => {
    const { runtime, url } = await start();
    await fetch(`${url}/sim/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceDays: 3 }) });
    const now = await clockOf(url);
    const [row] = await runtime.db.manager.query("SELECT value FROM app_settings WHERE `key` = 'simulator.clock'");
    const saved = JSON.parse(row.value) as { offsetMs: number; simulatedAt: string };
    expect(Math.abs(Date.parse(saved.simulatedAt) - now.getTime())).toBeLessThan(5_000);
    expect(Math.abs(Date.now() + saved.offsetMs - now.getTime())).toBeLessThan(5_000);
    await close(runtime);
  });
});
