import { DataSource } from 'typeorm';
import { cardRenderers, h5Links } from '../../bot/outbox/wecom-rendering.ts';
import { OutboxDispatcher, type DispatcherOptions, type DispatchRound, type MessageSender } from '../../bot/outbox/dispatcher.ts';
import { enqueueOutbox, type OutboxEntry } from '../../server/notifications/outbox.repository.ts';
import { WecomApiError } from '../../bot/wecom/wecom-api-error.ts';
import { WecomClient } from '../../bot/wecom/wecom-client.ts';
import { createDataSource } from '../../entities/data-source.ts';
import { User } from '../../entities/user.entity.ts';
import { Database } from '../../server/infra/db.ts';
import type { KeyValueStore } from '../../server/infra/kv.ts';
import { RedisKeyValueStore } from '../../server/infra/redis-kv.ts';
import { loadSimulatorDirectory, type Runtime } from '../../bot/runtime.ts';

/**
 * Helpers for the outbox reliability tests and `npm run bench:outbox`: bulk members and cards,
 * dispatchers wired like the runtime's (same renderers, same WeCom client) but with their own
 * worker id, lease, batch and sender, and a second "process" (its own DB pool, store and client).
 */

/** Inserts `count` active reps `${prefix}000…` and reloads the simulator's directory; returns their userids. */
export async function insertMembers(runtime: Runtime, count: number, opts: { prefix?: string; departmentId?: number } = {}): Promise<string[]> {
  const prefix = opts.prefix ?? 'm';
  const ids = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
  const now = runtime.clock.now();
  await runtime.db.tx(async (em) => {
    for (let i = 0; i < ids.length; i += 200) {
      await em.insert(User, ids.slice(i, i + 200).map((userid, j) => ({
        wecomUserId: userid, name: `成员${i + j}`, role: 'rep' as const, departmentId: opts.departmentId ?? 1,
        status: 'active' as const, position: null, createdAt: now,
      })));
    }
  });
  if (runtime.simulator) await loadSimulatorDirectory(runtime.db, runtime.simulator);
  return ids;
}

/** A valid non-digest card (alternating co-follower / reclaimed) for outbox row `n`. */
export function cardEntry(n: number, toUser: string, dueAt: Date, keyPrefix = 'rel'): OutboxEntry {
  const at = dueAt.toISOString();
  const customerId = String(100_000 + n);
  if (n % 2 === 0) {
    return {
      dedupeKey: `${keyPrefix}:co-follower:${n}`, kind: 'co-follower', toUser, customerId: null, dueAt,
      payload: { customerId, customerName: `可靠性测试${n}号有限公司`, authorName: '张三', followUpType: 'call', content: `第 ${n} 条跟进：电话沟通了报价`, at },
    };
  }
  return {
    dedupeKey: `${keyPrefix}:reclaimed:${n}`, kind: 'reclaimed', toUser, customerId: null, dueAt,
    payload: { customerId, customerName: `可靠性测试${n}号有限公司`, reason: '15 天未跟进，按公海规则自动回收', at },
  };
}

/** Queues entries in one transaction (as a job would); returns how many were new. */
export async function queueCards(runtime: Runtime, entries: OutboxEntry[]): Promise<number> {
  const now = runtime.clock.now();
  return runtime.db.tx((em) => enqueueOutbox(em, entries, now));
}

/** The runtime's own sender: message/send through its WeCom client. */
export function runtimeSender(runtime: Runtime): MessageSender {
  return { sendMessage: (body) => runtime.wecom.call('POST', 'message/send', { body }) };
}

export type DispatcherOverrides = Partial<Pick<DispatcherOptions, 'batchSize' | 'concurrency' | 'leaseMs' | 'workerId' | 'random' | 'quietHours'>> & {
  sender?: MessageSender;
  db?: Database;
  kv?: KeyValueStore;
};

/** A dispatcher wired exactly like `runtime.dispatcher`, with overrides. */
export function makeDispatcher(runtime: Runtime, o: DispatcherOverrides = {}): OutboxDispatcher {
  const { config } = runtime;
  const base = () => runtime.port ? `http://localhost:${runtime.port}` : `http://localhost:${config.port}`;
  return new OutboxDispatcher({
    db: o.db ?? runtime.db,
    kv: o.kv ?? runtime.kv,
    clock: runtime.clock,
    logger: runtime.logger,
    agentId: config.wecom.agentId,
    tz: config.tzBusiness,
    quietHours: o.quietHours === undefined ? config.quietHours : o.quietHours,
    sender: o.sender ?? runtimeSender(runtime),
    ...cardRenderers(config.tzBusiness, h5Links(() => config.publicBaseUrl ?? base())),
    ...(o.batchSize !== undefined ? { batchSize: o.batchSize } : {}),
    ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
    ...(o.leaseMs !== undefined ? { leaseMs: o.leaseMs } : {}),
    ...(o.workerId !== undefined ? { workerId: o.workerId } : {}),
    ...(o.random !== undefined ? { random: o.random } : {}),
  });
}

/**
 * What a second worker would have. On MySQL/MariaDB: its own connection pool to the same
 * database, its own connection to the same Redis (same key prefix, so rate windows and the
 * token are shared) and its own WeCom client — as a second process would. On SQLite the
 * deployment is one instance (in-memory store), so the second worker shares the process's
 * database handle (better-sqlite3's single connection, transactions queued) and store.
 */
export async function openSecondProcess(runtime: Runtime): Promise<{ db: Database; kv: KeyValueStore; sender: MessageSender; close(): Promise<void> }> {
  const separate = runtime.config.database.kind === 'mysql';
  const ds: DataSource | null = separate ? createDataSource(runtime.config.database) : null;
  await ds?.initialize();
  const db = ds ? new Database(ds) : runtime.db;
  let kv: KeyValueStore = runtime.kv;
  let ownKv = false;
  if (runtime.kv.kind === 'redis' && runtime.config.redisUrl) {
    const prefix = (runtime.kv as unknown as { prefix: string }).prefix;
    kv = RedisKeyValueStore.connect(runtime.config.redisUrl, prefix);
    ownKv = true;
  }
  const { wecom } = runtime.config;
  const client = new WecomClient({
    baseUrl: () => `http://127.0.0.1:${runtime.port}/sim`,
    corpId: wecom.corpId, secret: wecom.secret, agentId: wecom.agentId, store: kv, clock: runtime.clock,
  });
  return {
    db, kv,
    sender: { sendMessage: (body) => client.call('POST', 'message/send', { body }) },
    async close() {
      if (ownKv) await kv.close();
      await ds?.destroy();
    },
  };
}

type SendResult = Awaited<ReturnType<MessageSender['sendMessage']>>;

/** Counts what a sender sees: calls, outcomes by errcode, and which task_ids were attempted. */
export class CountingSender implements MessageSender {
  calls = 0;
  ok = 0;
  readonly errcodes = new Map<number, number>();
  readonly attemptsByTask = new Map<string, number>();
  readonly latenciesMs: number[] = [];

  constructor(private readonly inner: MessageSender, private readonly keepLatencies = false) {}

  async sendMessage(body: Record<string, unknown>) {
    const taskId = (body.template_card as { task_id?: string } | undefined)?.task_id;
    if (taskId) this.attemptsByTask.set(taskId, (this.attemptsByTask.get(taskId) ?? 0) + 1);
    this.calls++;
    const t0 = performance.now();
    try {
      const res = await this.inner.sendMessage(body);
      this.ok++;
      return res;
    } catch (err) {
      const code = err instanceof WecomApiError ? err.errcode : NaN;
      this.errcodes.set(code, (this.errcodes.get(code) ?? 0) + 1);
      throw err;
    } finally {
      if (this.keepLatencies) this.latenciesMs.push(performance.now() - t0);
    }
  }

  errcode(code: number): number {
    return this.errcodes.get(code) ?? 0;
  }
}

/**
 * A sender for a worker that dies: after WeCom has accepted `acceptedBeforeDeath` of its
 * sends the process "dies" — between WeCom accepting a send and the DB update. Sends already
 * on the wire still reach WeCom but never return, later ones never leave, so the round in
 * progress records nothing: its rows stay leased, some of them already in members' chats.
 */
export class DyingSender implements MessageSender {
  accepted = 0;
  inFlight = 0;
  dead = false;
  private idleWaiters: Array<() => void> = [];
  private deathWaiters: Array<() => void> = [];

  constructor(private readonly inner: MessageSender, private readonly acceptedBeforeDeath: number) {}

  async sendMessage(body: Record<string, unknown>): Promise<SendResult> {
    if (this.dead) return never<SendResult>();
    this.inFlight++;
    let res: SendResult | undefined;
    let error: unknown = null;
    try {
      res = await this.inner.sendMessage(body);
    } catch (err) {
      error = err;
    } finally {
      this.inFlight--;
    }
    if (!this.dead && error === null && ++this.accepted >= this.acceptedBeforeDeath) {
      this.dead = true;
      for (const w of this.deathWaiters.splice(0)) w();
    }
    if (this.dead) {
      if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
      return never<SendResult>();
    }
    if (error !== null) throw error;
    return res!;
  }

  /** Resolves once the worker has died and no send of it is still on the wire. */
  async dieAndSettle(): Promise<void> {
    if (!this.dead) await new Promise<void>((r) => this.deathWaiters.push(r));
    if (this.inFlight > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
  }
}

function never<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}

/** Datetime as either driver returns it (SQLite: UTC text without zone). */
export function dbDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const s = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
}

/** Rows by status. */
export async function outboxStatusCounts(db: Database, where = '1 = 1', params: unknown[] = []): Promise<Record<string, number>> {
  const rows: Array<{ status: string; n: number | string }> = await db.manager.query(
    `SELECT status, COUNT(*) AS n FROM outbox_messages WHERE ${where} GROUP BY status`, params);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** When the next pending row falls due or the next lease runs out (null when nothing is left). */
export async function nextWake(db: Database): Promise<Date | null> {
  const [row] = await db.manager.query(
    `SELECT MIN(CASE WHEN status = 'pending' THEN due_at ELSE locked_until END) AS at FROM outbox_messages WHERE status IN ('pending', 'sending')`);
  return dbDate(row?.at);
}

export function addRounds(total: DispatchRound, round: DispatchRound): void {
  for (const k of Object.keys(total) as Array<keyof DispatchRound>) total[k] += round[k];
}

export const emptyRound = (): DispatchRound => ({ claimed: 0, sent: 0, retried: 0, failed: 0, deferred: 0 });

export function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
