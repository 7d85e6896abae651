import { loadConfig, type AppConfig } from '../../config/config.ts';
import { AdjustableClock } from '../../server/infra/clock.ts';
import { createLogger } from '../../server/infra/logger.ts';
import { loadSimulatorDirectory, Runtime } from '../../bot/runtime.ts';
import { insertFixtures, type FixtureUserKey } from './fixtures.ts';
import type { CapabilityModule } from '../../server/modules/module.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as-is (for malformed-input tests). */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** The real app over real HTTP on a throwaway database (SQLite, or MariaDB + Redis when configured). */
export interface TestApp {
  url: string;
  runtime: Runtime;
  clock: AdjustableClock;
  users: Record<FixtureUserKey, number>;
  database: TestDatabase;
  request<T = any>(method: string, path: string, opts?: RequestOptions): Promise<HttpResult<T>>;
  /** A session token for a fixture user, through the simulator-mode dev login. */
  tokenFor(user: FixtureUserKey): Promise<string>;
  close(): Promise<void>;
}

export const TEST_NOW = new Date('2026-03-02T02:00:00.000Z'); // Monday 10:00 in Shanghai

export async function startTestApp(opts: { env?: Record<string, string>; fixtures?: boolean; config?: Partial<AppConfig>; modules?: readonly CapabilityModule[] } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const base = loadConfig({ WECOM_MODE: 'simulator', DEMO_DATA: 'false', LOG_LEVEL: 'silent', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}), ...opts.env });
  const config: AppConfig = { ...base, database: database.config, ...opts.config };
  const clock = new AdjustableClock();
  clock.set(TEST_NOW);
  const runtime = await Runtime.create(config, {
    ...(opts.modules ? { modules: opts.modules } : {}),
    clock, logger: createLogger('silent'), seedDemo: false, h5Root: null,
    kvPrefix: `wecrm:test:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`,
  });
  const users = opts.fixtures === false ? ({} as Record<FixtureUserKey, number>) : await insertFixtures(runtime.db, clock.now());
  if (runtime.simulator && opts.fixtures !== false) await loadSimulatorDirectory(runtime.db, runtime.simulator);
  const url = await runtime.listen(0, '127.0.0.1');
  const tokens = new Map<FixtureUserKey, string>();

  const request = async <T>(method: string, path: string, o: RequestOptions = {}): Promise<HttpResult<T>> => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.rawBody !== undefined) body = o.rawBody;
    else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(url + path, { method, headers, body });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers, text };
  };

  return {
    url, runtime, clock, users, database, request,
    async tokenFor(user) {
      const cached = tokens.get(user);
      if (cached) return cached;
      const res = await request<any>('POST', '/api/auth/dev', { body: { userId: String(users[user]) } });
      if (res.status !== 200) throw new Error(`dev login for ${user} failed: ${res.status} ${res.text}`);
      tokens.set(user, res.body.token);
      return res.body.token;
    },
    async close() {
      await runtime.close();
      await database.drop();
    },
  };
}
