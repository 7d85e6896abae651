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
import { homePoolFor } from '../server/ownership/pools.repository.ts';
import type { JobContext, ScheduledJob } from '../server/jobs/job.ts';
import { startScheduler } from '../server/jobs/scheduler.ts';
import { inQuietHours, quietHoursEnd } from '../server/notifications/quiet-hours.ts';
import { AppSettingsRepository } from '../server/infra/app-settings.repository.ts';
import { AdjustableClock, systemClock, type Clock } from '../server/infra/clock.ts';
import { Database } from '../server/infra/db.ts';
import type { KeyValueStore } from '../server/infra/kv.ts';
import { createLogger, type Logger } from '../server/infra/logger.ts';
import { MemoryKeyValueStore } from '../server/infra/memory-kv.ts';
import { RedisKeyValueStore } from '../server/infra/redis-kv.ts';
import { SimulatorClockStore } from '../server/infra/simulator-clock.ts';
import { createApp, createServices, type AppDeps, type AppServices } from '../server/app.ts';
import { createDatabaseProbe } from '../server/health/db-probe.ts';
import { MODULES } from '../server/modules/index.ts';
import { allJobs, allNotifications, type CapabilityModule } from '../server/modules/module.ts';
import { mountJobTrigger } from './simulator/routes/jobs.routes.ts';
import { mountTimeTravel } from './simulator/routes/travel.routes.ts';
import { TimeTravel } from './simulator/time-travel/time-travel.ts';
import { OutboxDispatcher } from './outbox/dispatcher.ts';
import { cardRenderers, h5Links } from './outbox/wecom-rendering.ts';
import { CallbackInbox, type CallbackHandler, type CallbackInboxOptions } from './callback/callback-inbox.ts';
import { callbackRoutes } from './callback/callback.routes.ts';
import { cardActionHandler } from './callback/handlers/card-action.handler.ts';
import { assertCardsFor } from './cards/build-card.ts';
import { WecomClient } from './wecom/wecom-client.ts';
import { createSimulator, type Simulator } from './simulator/simulator.ts';
import { loadSimulatorExternalContacts } from './simulator/demo-external-contacts.ts';

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
  /** The capabilities (server/modules/index.ts); tests may plug in one more. */
  modules?: readonly CapabilityModule[];
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
    /** Every capability's scheduled jobs. */
    readonly jobs: readonly ScheduledJob[],
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
    const scheduler = opts.jobs === false ? null : startScheduler(this.jobs, this.jobContext(), this.kv);
    this.dispatcher.start(opts.dispatchIntervalMs ?? 1000);
    const recovery = setInterval(() => {
      this.inbox.processPending().catch((err) => this.logger.error({ err }, 'callback recovery failed'));
    }, 30_000);
    recovery.unref();
    if (opts.jobs !== false) {
      // Jobs that must not wait for their first tick (the WeCom contacts sync).
      for (const job of this.jobs.filter((j) => j.runAtStart)) {
        job.run(this.jobContext(), { now: this.clock.now(), dryRun: false })
          .then((summary) => this.logger.info(summary, 'start-up job done'))
          .catch((err) => this.logger.error({ err, job: job.name }, 'start-up job failed'));
      }
    }
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
      const modules = opts.modules ?? MODULES;
      // Every kind of card a capability sends needs its builder here: fail at start, not at 3 a.m.
      assertCardsFor(allNotifications(modules));
      const jobs = allJobs(modules);
      let jobContext: JobContext | null = null;
      if (simulator) {
        // POST /sim/api/jobs/:name/run — a scheduled job once, now (by the Clock).
        mountJobTrigger(simulator, jobs, () => jobContext!);
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
        const { seedDemoCompany } = await import('../server/demo/seed-demo.ts');
        const seeded = await seedDemoCompany(db, clock);
        if (seeded.seeded) logger.info(seeded, 'demo company seeded');
      }
      await ensureCompanyPool(db, clock);
      if (simulator) {
        await loadSimulatorDirectory(db, simulator);
        await loadSimulatorExternalContacts(db, simulator, { demo: opts.seedDemo ?? config.demoData });
      }

      const h5Root = opts.h5Root === null ? undefined : opts.h5Root ?? DEFAULT_H5_ROOT;
      const deps: AppDeps = {
        config, db, dbProbe: createDatabaseProbe(config.database, db), kv, clock, wallClock: systemClock, logger, wecom,
        externalContacts: wecom,
        jssdk: wecom,
        groupChats: wecom,
        appChats: wecom,
        simulatorRouter: simulator?.router, h5Root, publicBaseUrl,
      };
      const services = createServices(deps, modules);
      jobContext = { db, clock, tz: config.tzBusiness, logger, config, services };
      const links = h5Links(publicBaseUrl);
      const updater = { updateTemplateCard: (body: Record<string, unknown>) => wecom.call('POST', 'message/update_template_card', { body }) };
      const renderers = cardRenderers(config.tzBusiness, links);
      const dispatcher = new OutboxDispatcher({
        db, kv, clock, logger, agentId: config.wecom.agentId, tz: config.tzBusiness, quietHours: config.quietHours,
        sender: { sendMessage: (body) => wecom.call('POST', 'message/send', { body }) },
        updater,
        ...renderers,
      });
      if (simulator) {
        // POST /sim/api/clock/travel — days of jobs and deliveries, in the order production lives them.
        mountTimeTravel(simulator, new TimeTravel({
          state: simulator.state, jobs, context: () => jobContext!, dispatcher, tz: config.tzBusiness, quietHours: config.quietHours,
        }));
      }
      const moduleContext = { deps, services };
      // Card clicks go to the capability that owns the button's key; other events to whoever handles them.
      const clicks = cardActionHandler({
        db, clock, actions: modules.flatMap((m) => m.cardActions?.(moduleContext) ?? []), agentId: config.wecom.agentId, logger, updater,
        renderUpdate: renderers.renderUpdate,
      });
      const handlers: Record<string, CallbackHandler> = { template_card_event: clicks, template_card_menu_event: clicks };
      for (const m of modules) {
        for (const [event, handler] of Object.entries(m.callbackEvents?.(moduleContext) ?? {})) {
          if (handlers[event]) throw new Error(`two handlers for the WeCom callback event "${event}" (module ${m.name})`);
          handlers[event] = (message, delivery) => handler(message as Record<string, unknown>, delivery);
        }
      }
      const inbox = new CallbackInbox(db, clock, logger, handlers, opts.inbox);
      deps.rawRouters = [callbackRoutes({
        token: config.wecom.callbackToken, aesKey: config.wecom.callbackAesKey, corpId: config.wecom.corpId, clock, inbox, logger,
      })];
      // The contacts-sync assistant's callback: change_contact reaches it whatever the app's permissions; the same inbox dedupes.
      if (config.wecom.contactsCallback) {
        deps.rawRouters.push(callbackRoutes({
          path: '/wecom/contacts-callback', token: config.wecom.contactsCallback.token, aesKey: config.wecom.contactsCallback.aesKey,
          corpId: config.wecom.corpId, clock, inbox, logger,
        }));
      }
      const app = createApp(deps, services, modules);
      runtime = new Runtime(config, logger, dataSource, db, kv, clock, simulator, wecom, deps, services, app, dispatcher, inbox, jobs);
      runtime.clockStore = clockStore;
      return runtime;
    } catch (err) {
      await dataSource.destroy().catch(() => undefined);
      throw err;
    }
  }

  jobContext(): JobContext {
    return { db: this.db, clock: this.clock, tz: this.config.tzBusiness, logger: this.logger, config: this.config, services: this.services as never };
  }

  findJob(name: string): ScheduledJob | undefined {
    return this.jobs.find((j) => j.name === name);
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
    await this.db.close();
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
