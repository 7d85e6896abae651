import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackendLabel } from '../helpers/test-database.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Guards against the MariaDB + Redis run silently falling back to the embedded defaults:
 * CI sets EXPECT_BACKEND, and this suite fails when the app runs on anything else.
 */
describe('selected backend', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => { await app?.close(); });

  it('should run on the database and cache the environment selects', async () => {
    const expected = process.env.EXPECT_BACKEND ?? testBackendLabel();
    expect(testBackendLabel()).toBe(expected);
    if (expected === 'mariadb') {
      expect(app.runtime.db.kind).toBe('mysql');
      const [{ v }] = await app.runtime.db.manager.query('SELECT VERSION() AS v');
      expect(String(v)).toMatch(/mariadb|^\d/i);
      expect(app.runtime.kv.kind).toBe(process.env.REDIS_URL ? 'redis' : 'memory');
    } else {
      expect(app.runtime.db.kind).toBe('sqlite');
    }
  });

  it('should share locks through the store when two callers race', async () => {
    const kv = app.runtime.kv;
    const key = `race:${Math.random()}`;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => kv.setIfAbsent(key, String(i), 5000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await kv.incr(`${key}:n`, 5000)).toBe(1);
    expect(await kv.incr(`${key}:n`, 5000)).toBe(2);
  });
});
