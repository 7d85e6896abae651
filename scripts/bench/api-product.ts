/**
 * The product side of bench:api: the real app (Runtime, as `wecrm serve` runs it in live mode) in
 * a process of its own, like the baseline, so that neither shares a process with the load generator.
 * Logs a line per request at PRODUCT_LOG_LEVEL into /dev/null (production logs to stdout for a
 * collector: the same work). Counts the statements it sends (at the mysql2 driver) on ask.
 *
 * Env: PRODUCT_ROOT (a checkout whose server/ to run), PRODUCT_DB_URL, PRODUCT_NOW, PRODUCT_LOG_LEVEL,
 * REDIS_URL, SESSION_SECRET, TZ_BUSINESS.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { startSqlTrace, stopSqlTrace } from './sql-timer.ts';

const env = process.env;
const root = env.PRODUCT_ROOT!;
const { loadConfig } = await import(pathToFileURL(join(root, 'config', 'config.ts')).href) as typeof import('../../config/config.ts');
const { Runtime } = await import(pathToFileURL(join(root, 'server', 'runtime.ts')).href) as typeof import('../../bot/runtime.ts');
const { AdjustableClock } = await import(pathToFileURL(join(root, 'server', 'infra', 'clock.ts')).href) as typeof import('../../server/infra/clock.ts');
const { SessionTokens } = await import(pathToFileURL(join(root, 'server', 'auth', 'session-token.ts')).href) as typeof import('../../server/auth/session-token.ts');

const level = env.PRODUCT_LOG_LEVEL === 'silent' ? 'silent' : 'info';
// Live mode, as production runs (no simulator routes in front of the API); the WeCom settings
// are placeholders: nothing these requests do calls WeCom (pushes wait in the outbox).
const config = loadConfig({
  WECOM_MODE: 'live', WECOM_CORP_ID: 'wwbench0000000000', WECOM_AGENT_ID: '1000002', WECOM_SECRET: 'bench-secret',
  WECOM_CALLBACK_TOKEN: 'benchToken', WECOM_CALLBACK_AES_KEY: 'a'.repeat(43), PUBLIC_BASE_URL: 'https://crm.bench.invalid',
  DEMO_DATA: 'false', LOG_LEVEL: level, REDIS_URL: env.REDIS_URL!, SESSION_SECRET: env.SESSION_SECRET!,
  ...(env.TZ_BUSINESS ? { TZ_BUSINESS: env.TZ_BUSINESS } : {}),
});
const clock = new AdjustableClock();
clock.set(new Date(env.PRODUCT_NOW!));
const logger = pino({ level, base: { service: 'wecrm' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: '/dev/null', sync: false }));
const runtime = await Runtime.create({ ...config, database: { kind: 'mysql', url: env.PRODUCT_DB_URL! } }, {
  clock, logger: logger as never, seedDemo: false, migrate: false, h5Root: null, kvPrefix: `wecrm:bench-api:${process.pid}:`,
});
await runtime.listen(0, '127.0.0.1');
// Counting only between 'reset' and 'stats' (a trace kept for the whole run would grow the heap).
let trace: ReturnType<typeof startSqlTrace> = [];
process.send?.({ type: 'ready', port: runtime.port });

process.on('message', async (msg: { type: string; users?: number[] }) => {
  if (msg.type === 'reset') { trace = startSqlTrace(); process.send?.({ type: 'reset' }); }
  if (msg.type === 'stats') {
    stopSqlTrace();
    process.send?.({ type: 'stats', statements: trace.length, sql: trace.map((t) => t.sql) });
  }
  if (msg.type === 'session') {
    // The session check alone: token HMAC and the caller's row, one after another, unloaded.
    const tokens = new SessionTokens(env.SESSION_SECRET!, 3600);
    const list = (msg.users ?? []).map((id) => tokens.issue(id, new Date()));
    for (const t of list.slice(0, 20)) await runtime.services.auth.authenticate(t);
    const t0 = performance.now();
    for (let r = 0; r < 5; r++) for (const t of list) await runtime.services.auth.authenticate(t);
    process.send?.({ type: 'session', ms: (performance.now() - t0) / (5 * list.length) });
  }
  if (msg.type === 'close') {
    await runtime.close();
    process.exit(0);
  }
});
