import { ConfigError, loadConfig, type AppConfig } from '../config/config.ts';
import { createDataSource, runMigrations } from '../entities/data-source.ts';
import { Database } from '../server/infra/db.ts';
import { systemClock } from '../server/infra/clock.ts';
import { DEMO_LOGIN_HINTS, seedDemoCompany } from '../server/demo/seed-demo.ts';
import { createLogger } from '../server/infra/logger.ts';
import { MODULES } from '../server/modules/index.ts';
import { allJobs } from '../server/modules/module.ts';
import { listOutbox, retryOutbox } from '../server/notifications/outbox-admin.ts';
import { Runtime } from './runtime.ts';
import { createServices } from '../server/app.ts';
import { createDatabaseProbe } from '../server/health/db-probe.ts';
import { MemoryKeyValueStore } from '../server/infra/memory-kv.ts';

/** Every capability's jobs (server/modules/index.ts). */
const JOBS = allJobs(MODULES);
const findJob = (name: string) => JOBS.find((j) => j.name === name);

const USAGE = `用法 / usage: wecrm <command>
  start       migrate, then serve API + H5 app + bot jobs in one process
  serve       API + H5 only
  worker      bot jobs and the outbox dispatcher only
  migrate     apply migrations to DATABASE_URL
  seed-demo   load the demo company into an empty database
  job run <name> [--now ISO-8601] [--dry-run]
  outbox list [--status pending|sending|failed|sent] [--limit N]
  outbox retry <id> [<id> …] | --all-failed`;

/** Entry point of the `wecrm` bin; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  switch (command) {
    case 'start':
      return serve(config, { migrate: true });
    case 'serve':
      return serve(config, { migrate: false });
    case 'worker':
      return worker(config);
    case 'migrate':
      return migrate(config);
    case 'seed-demo':
      return seedDemo(config);
    case 'job':
      return job(config, rest);
    case 'outbox':
      return outbox(config, rest);
    default:
      console.error(`unknown command "${command}"\n${USAGE}`);
      return 1;
  }
}

async function serve(config: AppConfig, opts: { migrate: boolean }): Promise<number> {
  const runtime = await Runtime.create(config, { migrate: opts.migrate });
  const url = await runtime.listen(config.port);
  const lines = [
    '',
    `  wecrm 已启动 / is running: ${url}`,
    `  数据库 database: ${config.database.kind}${config.database.kind === 'sqlite' ? ` (${config.database.path})` : ''}` +
      `, 缓存 cache: ${runtime.kv.kind}, 企业微信 WeCom: ${config.wecom.mode}`,
  ];
  if (!runtime.h5Built) lines.push('  H5 应用未构建 / H5 app not built: run `npm run build:h5`');
  if (config.wecom.mode === 'simulator') {
    lines.push(`  企业微信模拟器 WeCom simulator (chats, cards, time travel): ${url}/sim`);
    lines.push(`  模拟时钟 simulated clock: ${runtime.clock.now().toLocaleString('zh-CN', { timeZone: config.tzBusiness })} (${config.tzBusiness})`, '  演示账号 demo users (pick one on the login page):');
    for (const hint of DEMO_LOGIN_HINTS) lines.push(`    - ${hint.name} (${hint.wecomUserId}, ${hint.role}) ${hint.note ?? ''}`);
  }
  console.log(lines.join('\n') + '\n');
  // `start` runs the bot (jobs, outbox, callbacks) in-process; `serve` leaves it to a `worker`.
  if (opts.migrate) runtime.startBackground();
  await waitForSignal();
  await runtime.close();
  return 0;
}

async function worker(config: AppConfig): Promise<number> {
  const runtime = await Runtime.create(config, { migrate: false, seedDemo: false, h5Root: null });
  runtime.startBackground();
  runtime.logger.info({ jobs: JOBS.map((j) => `${j.name} (${j.cron})`) }, 'worker started');
  await waitForSignal();
  await runtime.close();
  return 0;
}

async function migrate(config: AppConfig): Promise<number> {
  const ds = createDataSource(config.database);
  await ds.initialize();
  try {
    const applied = await runMigrations(ds);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    return 0;
  } finally {
    await ds.destroy();
  }
}

async function seedDemo(config: AppConfig): Promise<number> {
  const ds = createDataSource(config.database);
  await ds.initialize();
  try {
    await runMigrations(ds);
    const result = await seedDemoCompany(new Database(ds), systemClock);
    console.log(result.seeded
      ? `seeded: ${result.departments} departments, ${result.users} users, ${result.customers} customers, ${result.followUps} follow-ups`
      : 'the database already has users: nothing seeded');
    return 0;
  } finally {
    await ds.destroy();
  }
}

async function job(config: AppConfig, args: string[]): Promise<number> {
  const [sub, name, ...flags] = args;
  const usage = `usage: wecrm job run <name> [--now ISO-8601] [--dry-run]\njobs: ${JOBS.map((j) => j.name).join(', ')}`;
  if (sub !== 'run' || !name) {
    console.error(usage);
    return 1;
  }
  const found = findJob(name);
  if (!found) {
    console.error(`unknown job "${name}"\n${usage}`);
    return 1;
  }
  let now = new Date();
  let dryRun = false;
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i]!;
    if (flag === '--dry-run') dryRun = true;
    else if (flag === '--now' || flag.startsWith('--now=')) {
      const value = flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : flags[++i];
      const parsed = value && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : new Date(NaN);
      if (Number.isNaN(parsed.getTime())) {
        console.error(`--now: expected an ISO-8601 time such as 2026-12-01T09:00:00+08:00, got "${value ?? ''}"`);
        return 1;
      }
      now = parsed;
    } else {
      console.error(`unknown option "${flag}"\n${usage}`);
      return 1;
    }
  }
  const ds = createDataSource(config.database);
  await ds.initialize();
  try {
    await runMigrations(ds);
    const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
    const db = new Database(ds);
    const clock = { now: () => now };
    // The capabilities' services, for jobs that use them; this one-shot run talks to no WeCom and shares no cache.
    const noWecom = () => { throw new Error('WeCom is not reachable from `wecrm job run`'); };
    const services = createServices({
      config, db, dbProbe: createDatabaseProbe(config.database, db), kv: new MemoryKeyValueStore(), clock, wallClock: systemClock, logger,
      wecom: { jscode2session: noWecom, getUserInfoByCode: noWecom, getUser: noWecom, listDepartments: noWecom },
      publicBaseUrl: () => config.publicBaseUrl ?? `http://localhost:${config.port}`,
    });
    const summary = await found.run({ db, clock, tz: config.tzBusiness, logger, config, services }, { now, dryRun });
    console.log(JSON.stringify(summary, null, 2));
    return 0;
  } finally {
    await ds.destroy();
  }
}

async function outbox(config: AppConfig, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'list' && sub !== 'retry') {
    console.error('usage: wecrm outbox list [--status S] [--limit N] | wecrm outbox retry <id>… | --all-failed');
    return 1;
  }
  const ds = createDataSource(config.database);
  await ds.initialize();
  try {
    await runMigrations(ds);
    const db = new Database(ds);
    if (sub === 'list') {
      const status = flagValue(rest, '--status');
      if (status && !['pending', 'sending', 'failed', 'sent', 'cancelled'].includes(status)) {
        console.error('--status: pending, sending, failed, sent or cancelled');
        return 1;
      }
      const rows = await listOutbox(db, { status, limit: Number(flagValue(rest, '--limit') ?? 50) || 50 });
      if (!rows.length) console.log('no messages');
      for (const r of rows) {
        console.log(`${r.id}\t${r.status}\t${r.kind}\t${r.toUser}\tattempts=${r.attempts}\tdue=${r.dueAt}${r.lastError ? `\t${r.lastError}` : ''}`);
      }
      return 0;
    }
    const ids = rest.filter((a) => /^\d+$/.test(a)).map(Number);
    if (!rest.includes('--all-failed') && !ids.length) {
      console.error('outbox retry: give message ids or --all-failed');
      return 1;
    }
    const n = await retryOutbox(db, rest.includes('--all-failed') ? { allFailed: true } : { ids }, new Date());
    console.log(`${n} message(s) queued again`);
    return 0;
  } finally {
    await ds.destroy();
  }
}

function flagValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
