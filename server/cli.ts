import { ConfigError, loadConfig, type AppConfig } from '../config/config.ts';
import { createDataSource, runMigrations } from '../entities/data-source.ts';
import { Database } from './infra/db.ts';
import { systemClock } from './infra/clock.ts';
import { Runtime } from './runtime.ts';
import { DEMO_LOGIN_HINTS, seedDemoCompany } from './demo/seed-demo.ts';

const USAGE = `用法 / usage: wecrm <command>
  start       migrate, then serve API + H5 app + bot jobs in one process
  serve       API + H5 only
  worker      bot jobs and the outbox dispatcher only
  migrate     apply migrations to DATABASE_URL
  seed-demo   load the demo company into an empty database
  job run <name> [--now ISO-8601] [--dry-run]`;

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
      return job(rest);
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
    lines.push(`  模拟器 simulator: ${url}/sim/api/clock`, '  演示账号 demo users (pick one on the login page):');
    for (const hint of DEMO_LOGIN_HINTS) lines.push(`    - ${hint.name} (${hint.wecomUserId}, ${hint.role}) ${hint.note ?? ''}`);
  }
  console.log(lines.join('\n') + '\n');
  await waitForSignal();
  await runtime.close();
  return 0;
}

async function worker(config: AppConfig): Promise<number> {
  const runtime = await Runtime.create(config, { migrate: false, seedDemo: false, h5Root: null });
  runtime.logger.info('worker started: no scheduled jobs are registered yet');
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

async function job(args: string[]): Promise<number> {
  const [sub, name] = args;
  if (sub !== 'run' || !name) {
    console.error('usage: wecrm job run <name> [--now ISO-8601] [--dry-run]');
    return 1;
  }
  console.error(`unknown job "${name}": no scheduled jobs are registered yet`);
  return 1;
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
