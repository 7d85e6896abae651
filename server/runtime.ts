import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Koa from 'koa';
import { IsNull, type DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.ts';
import { createDataSource, runMigrations } from '../entities/data-source.ts';
import { Department } from '../entities/department.entity.ts';
import { User } from '../entities/user.entity.ts';
import { homePoolFor } from './pool/pools.repository.ts';
import type { JobContext } from '../bot/jobs/job.ts';
import { mountJobTrigger } from '../bot/simulator/routes/jobs.routes.ts';
import { OutboxDispatcher } from '../bot/outbox/dispatcher.ts';
import { inQuietHours, quietHoursEnd } from '../bot/outbox/dispatcher.rules.ts';
import { cardRenderers, h5Links } from '../bot/outbox/wecom-rendering.ts';
import { CallbackInbox, type CallbackInboxOptions } from '../bot/callback/callback-inbox.ts';
import { callbackRoutes } from '../bot/callback/callback.routes.ts';
import { cardActionHandler } from '../bot/callback/handlers/card-action.handler.ts';
import { JOBS } from '../bot/jobs/job-registry.ts';
import { startScheduler } from '../bot/jobs/scheduler.ts';
import { WecomClient } from '../bot/wecom/wecom-client.ts';
import { createSimulator, type Simulator } from '../bot/simulator/simulator.ts';
import { AppSettingsRepository } from './infra/app-settings.repository.ts';
import { AdjustableClock, systemClock, type Clock } from './infra/clock.ts';
import { Database } from './infra/db.ts';
import type { KeyValueStore } from './infra/kv.ts';
import { createLogger, type Logger } from './infra/logger.ts';
import { MemoryKeyValueStore } from './infra/memory-kv.ts';
import { RedisKeyValueStore } from './infra/redis-kv.ts';
import { SimulatorClockStore } from './infra/simulator-clock.ts';
import { createApp, createServices, type AppDeps, type AppServices } from './app.ts';
import { createDatabaseProbe } from './health/db-probe.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_H5_ROOT = join(ROOT, 'miniprogram', 'dist', 'h5');

export interface RuntimeOptions {
  logger?: Logger;
  /** Business clock; defaults to an adjustable clock in simulator mode, the system clock in live mode. */
  clock?: Clock;
  /** Apply pending migrations on start (npm start does; `serve` in production may not). */
  migrate?: boolean;
  /** Seed the demo company into an empty database (defaults to config.demoData). */
  seedDemo?: boolean;
  /** Key prefix in Redis, so test runs do not see each other. */
  kvPrefix?: string;
  h5Root?: string | null;
  /** Callback inbox tuning and hooks (crash tests stop the process right after a row is taken). */
  inbox?: CallbackInboxOptions;
}

/** Everything one process needs, wired once from the configuration. */
export class Runtime {
  private server: Server | null = null;
  private boundPort: number | null = null;

  private constructor(
    readonly config: AppConfig,
    readonly logger: Logger,
    readonly dataSource: DataSource,
    readonly db: Database,
    readonly kv: KeyValueStore,
    readonly clock: Clock,
    readonly simulator: Simulator | null,
    readonly wecom: WecomClient,
    readonly deps: AppDeps,
    readonly services: AppServices,
    readonly app: Koa,
    readonly dispatcher: OutboxDispatcher,
    readonly inbox: CallbackInbox,
  ) {}

  private background: { stop(): Promise<void> } | null = null;
  /** Simulator mode: saves the clock one last time on close. */
  private clockStore: { store: SimulatorClockStore; clock: AdjustableClock; unfollow(): void } | null = null;

  /**
   * The bot side: scheduled jobs, the outbox dispatcher and the recovery of callbacks a crash
   * left unprocessed. `start` and `worker` run it; `serve` does not.
   */
  startBackground(opts: { dispatchIntervalMs?: number; jobs?: boolean } = {}): void {
    if (this.background) return;
    const scheduler = opts.jobs === false ? null : startScheduler(JOBS, this.jobContext(), this.kv);
    this.dispatcher.start(opts.dispatchIntervalMs ?? 1000);
    const recovery = setInterval(() => {
      this.inbox.processPending().catch((err) => this.logger.error({ err }, 'callback recovery failed'));
    }, 30_000);
    recovery.unref();
    this.background = {
      stop: async () => {
        clearInterval(recovery);
        await scheduler?.stop();
        await this.dispatcher.stop();
        await this.inbox.settle();
      },
    };
  }

  static async create(config: AppConfig, opts: RuntimeOptions = {}): Promise<Runtime> {
    const logger = opts.logger ?? createLogger(config.logLevel);
    const dataSource = createDataSource(config.database);
    await dataSource.initialize();
    try {
      if (opts.migrate !== false) {
        const applied = await runMigrations(dataSource);
        if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
      }
      const db = new Database(dataSource);
      const kv: KeyValueStore = config.redisUrl ? RedisKeyValueStore.connect(config.redisUrl, opts.kvPrefix) : new MemoryKeyValueStore();
      const simulatorMode = config.wecom.mode === 'simulator';
      const clock = opts.clock ?? (simulatorMode ? new AdjustableClock() : systemClock);
      const clockStore = simulatorMode && !opts.clock && clock instanceof AdjustableClock
        ? await startSimulatorClock(db, clock, config, logger)
        : null;

      let runtime: Runtime | null = null;
      const localBase = () => `http://127.0.0.1:${runtime?.boundPort ?? config.port}`;
      const publicBaseUrl = () => config.publicBaseUrl ?? `http://localhost:${runtime?.boundPort ?? config.port}`;

      const simulator = simulatorMode
        ? createSimulator({
          wecom: config.wecom,
          clock: clock instanceof AdjustableClock ? clock : new AdjustableClock(clock),
          // The simulator calls our real callback endpoint, signed and encrypted as WeCom does.
          callback: { token: config.wecom.callbackToken, aesKey: config.wecom.callbackAesKey, url: () => `${localBase()}/wecom/callback` },
        })
        : null;
      if (simulator) {
        // POST /sim/api/jobs/:name/run — a scheduled job once, now (by the Clock).
        mountJobTrigger(simulator, () => ({ db, clock, tz: config.tzBusiness, logger, forgottenDays: config.forgottenDays }));
      }
      const wecom = new WecomClient({
        baseUrl: () => config.wecom.apiBase ?? `${localBase()}/sim`,
        corpId: config.wecom.corpId,
        secret: config.wecom.secret,
        agentId: config.wecom.agentId,
        store: kv,
        clock,
        logger,
      });

      if (opts.seedDemo ?? config.demoData) {
        const { seedDemoCompany } = await import('./demo/seed-demo.ts');
        const seeded = await seedDemoCompany(db, clock);
        if (seeded.seeded) logger.info(seeded, 'demo company seeded');
      }
      await ensureCompanyPool(db, clock);
      if (simulator) await loadSimulatorDirectory(db, simulator);

      const h5Root = opts.h5Root === null ? undefined : opts.h5Root ?? DEFAULT_H5_ROOT;
      const deps: AppDeps = {
        config, db, dbProbe: createDatabaseProbe(config.database, db), kv, clock, wallClock: systemClock, logger, wecom,
        simulatorRouter: simulator?.router, h5Root, publicBaseUrl,
      };
      const services = createServices(deps);
      const links = h5Links(publicBaseUrl);
      const dispatcher = new OutboxDispatcher({
        db, kv, clock, logger, agentId: config.wecom.agentId, tz: config.tzBusiness, quietHours: config.quietHours,
        sender: { sendMessage: (body) => wecom.call('POST', 'message/send', { body }) },
        ...cardRenderers(config.tzBusiness, links),
      });
      const inbox = new CallbackInbox(db, clock, logger, {
        template_card_event: cardActionHandler({
          db, pool: services.pool, agentId: config.wecom.agentId, logger,
          updater: { updateTemplateCard: (body) => wecom.call('POST', 'message/update_template_card', { body }) },
          cardContext: () => ({ now: clock.now(), tz: config.tzBusiness, links }),
        }),
      }, opts.inbox);
      deps.rawRouters = [callbackRoutes({
        token: config.wecom.callbackToken, aesKey: config.wecom.callbackAesKey, corpId: config.wecom.corpId, clock, inbox, logger,
      })];
      const app = createApp(deps, services);
      runtime = new Runtime(config, logger, dataSource, db, kv, clock, simulator, wecom, deps, services, app, dispatcher, inbox);
      runtime.clockStore = clockStore;
      return runtime;
    } catch (err) {
      await dataSource.destroy().catch(() => undefined);
      throw err;
    }
  }

  jobContext(): JobContext {
    return { db: this.db, clock: this.clock, tz: this.config.tzBusiness, logger: this.logger, forgottenDays: this.config.forgottenDays };
  }

  get port(): number | null {
    return this.boundPort;
  }

  get h5Built(): boolean {
    return !!this.deps.h5Root && existsSync(join(this.deps.h5Root, 'index.html'));
  }

  async listen(port = this.config.port, host?: string): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      const server = this.app.listen(port, host, () => resolve());
      server.once('error', reject);
      this.server = server;
    });
    const address = this.server!.address();
    this.boundPort = typeof address === 'object' && address ? address.port : port;
    return `http://localhost:${this.boundPort}`;
  }

  async close(): Promise<void> {
    await this.background?.stop();
    this.background = null;
    if (this.server) {
      const server = this.server;
      this.server = null;
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    if (this.clockStore) {
      const { store, clock, unfollow } = this.clockStore;
      unfollow();
      await clock.settled();
      await store.save({ offsetMs: clock.offsetMs, now: clock.now() }).catch((err) => this.logger.error({ err }, 'simulator clock not saved'));
      this.clockStore = null;
    }
    await this.kv.close().catch(() => undefined);
    await this.deps.dbProbe.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** The simulator's WeCom contacts mirror our users, as a real corp's would. */
export async function loadSimulatorDirectory(db: Database, simulator: Pick<Simulator, 'state'>): Promise<void> {
  const departments = await db.manager.find(Department, { order: { id: 'ASC' } });
  const users = await db.manager.find(User, { order: { id: 'ASC' } });
  if (!departments.length) return;
  simulator.state.setDirectory({
    departments: departments.map((d) => ({ id: d.id, name: d.name, parentid: d.parentId ?? 0, order: d.sortOrder })),
    users: users.map((u) => ({
      userid: u.wecomUserId, name: u.name, department: [u.departmentId], main_department: u.departmentId,
      position: u.position ?? '', status: u.status === 'active' ? 1 : 5,
    })),
  });
}

/**
 * Simulator mode without an injected clock: the simulated time resumes where the last run left
 * it (never earlier), a demo started in the evening moves forward past the quiet hours, and
 * every later change (POST /sim/api/clock) is saved.
 */
async function startSimulatorClock(db: Database, clock: AdjustableClock, config: AppConfig, logger: Logger) {
  const store = new SimulatorClockStore(new AppSettingsRepository(db), systemClock, logger);
  if (await store.restore(clock)) logger.info({ now: clock.now().toISOString() }, 'simulator clock resumed');
  if (inQuietHours(clock.now(), config.quietHours, config.tzBusiness)) {
    // A demo started in the evening would hold every card until morning: start the simulated
    // day just after the quiet hours instead (only ever forward).
    const morning = new Date(quietHoursEnd(clock.now(), config.quietHours!, config.tzBusiness).getTime() + 30 * 60_000);
    if (morning > clock.now()) {
      clock.set(morning);
      logger.info({ now: clock.now().toISOString() }, 'simulator clock moved past the quiet hours');
    }
  }
  await store.save({ offsetMs: clock.offsetMs, now: clock.now() });
  return { store, clock, unfollow: store.follow(clock) };
}

/** Every company has at least its root pool once it has departments. */
async function ensureCompanyPool(db: Database, clock: Clock): Promise<void> {
  const root = await db.manager.findOne(Department, { where: { parentId: IsNull() }, order: { id: 'ASC' } });
  if (root) await db.tx((em) => homePoolFor(em, root.path, clock.now()));
}
