import type { DataSource, EntityManager } from 'typeorm';

/**
 * Transactions that behave the same on both databases. better-sqlite3 has one connection,
 * so two interleaved transactions in one process would nest; on SQLite they are queued.
 * MySQL transactions run concurrently, each on its own pooled connection.
 */
export class Database {
  private queue: Promise<unknown> = Promise.resolve();
  readonly kind: 'sqlite' | 'mysql';

  constructor(readonly ds: DataSource) {
    this.kind = ds.options.type === 'mysql' ? 'mysql' : 'sqlite';
  }

  get manager(): EntityManager {
    return this.ds.manager;
  }

  tx<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.kind === 'mysql') return this.mysqlTx(fn);
    const run = this.queue.then(() => this.ds.transaction(fn));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * A transaction of raw statements, for hot paths that need no entity: on MySQL straight on one
   * connection of a pool of its own (the driver's options plus multi-statements), without
   * TypeORM's QueryRunner and the mysql2 promise wrapper, which took a sixth of a claim's busy time
   * at load (a require() and a captured stack trace per statement). There the BEGIN travels with
   * the first statement, and the writes whose answer nobody reads (`Sql.write`: history and audit
   * rows) travel with the next statement or the COMMIT: a claim makes 4 round trips, not 8. On
   * SQLite it is tx() with its manager. Deadlock victims are retried as in tx().
   */
  sqlTx<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    const pool = this.batchingPool();
    if (!pool) return this.tx((em) => fn(asSql(em)));
    return withLockRetry(() => mysqlConnectionTx(pool, fn));
  }

  private batchPool?: CallbackPool & { end(cb: (err?: Error | null) => void): void };

  /** Ends the claim's pool (the DataSource's own pool ends with ds.destroy()). */
  async close(): Promise<void> {
    const pool = this.batchPool;
    this.batchPool = undefined;
    if (pool) await new Promise<void>((resolve) => pool.end(() => resolve()));
  }

  /**
   * Multi-statement text is only ever built here, from statements with `?` placeholders whose
   * values mysql2 escapes; everything else keeps using the driver's pool, where it is off.
   */
  private batchingPool(): CallbackPool | undefined {
    if (this.kind !== 'mysql') return undefined;
    if (!this.batchPool) {
      const driver = this.ds.driver as unknown as {
        mysql: { createPool(options: object): CallbackPool & { end(cb: (err?: Error | null) => void): void; on(event: 'connection', cb: (c: { stream?: { unref?: () => void } }) => void): void } };
        createConnectionOptions(options: object, credentials: object): object;
      };
      const pool = driver.mysql.createPool({ ...driver.createConnectionOptions(this.ds.options, this.ds.options), multipleStatements: true });
      // Idle connections of this pool never hold a process open (a CLI run, a script that never calls close()).
      pool.on('connection', (c) => c.stream?.unref?.());
      this.batchPool = pool;
    }
    return this.batchPool;
  }

  /**
   * InnoDB may pick a transaction as a deadlock victim (or time out a lock wait); the whole
   * transaction is safe to run again. Writers take their locks in one order (the customer row
   * first), so this is rare; when it happens, retry with exponential backoff and jitter so the
   * contenders spread out instead of colliding again.
   */
  private mysqlTx<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return withLockRetry(() => this.ds.transaction(fn));
  }
}

const MAX_TX_ATTEMPTS = 6;

async function withLockRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= MAX_TX_ATTEMPTS || !isRetryableLockError(err)) throw err;
      const backoff = Math.min(400, 10 * 2 ** (attempt - 1));
      await new Promise((r) => setTimeout(r, backoff / 2 + Math.random() * backoff));
    }
  }
}

/**
 * Raw SQL with `?` placeholders, rows back (query) or the number of rows changed (execute): what
 * a repository or the ownership change needs of a transaction, whichever runs it (sqlTx's pooled
 * connection, or an EntityManager through asSql).
 */
export interface Sql {
  readonly kind: 'sqlite' | 'mysql';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  execute(sql: string, params?: unknown[]): Promise<number>;
  /**
   * A statement whose answer nobody reads (a history or audit row, a row lock taken before a
   * read): it may be sent with the next statement or the commit, in one round trip. Its failure
   * fails that statement or the commit, so the transaction still rolls back as a whole.
   */
  write(sql: string, params?: unknown[]): Promise<void>;
  /**
   * A read sent with the next statement (or the commit) in the same round trip; its rows arrive
   * with that statement's answer. Await it only after sending that statement. Through an
   * EntityManager (SQLite, TypeORM transactions) it runs at once.
   */
  readWithNext<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

const isSql = (x: EntityManager | Sql): x is Sql => typeof (x as Partial<Sql>).execute === 'function' && 'kind' in x;

/** The statements of an EntityManager (a transaction's, or the default one) as Sql; an Sql as it is. */
export function asSql(runner: EntityManager | Sql): Sql {
  if (isSql(runner)) return runner;
  const em = runner;
  return {
    kind: em.connection.options.type === 'mysql' ? 'mysql' : 'sqlite',
    query: (sql, params = []) => em.query(sql, params),
    execute: (sql, params = []) => execute(em, sql, params),
    write: async (sql, params = []) => {
      await em.query(sql, params);
    },
    readWithNext: (sql, params = []) => em.query(sql, params),
  };
}

interface CallbackConnection {
  query(sql: string, params: unknown[], cb: (err: Error | null, result: unknown) => void): void;
  release(): void;
  destroy(): void;
}

interface CallbackPool {
  query(sql: string, params: unknown[], cb: (err: Error | null, rows: unknown) => void): void;
  getConnection(cb: (err: Error | null, conn: CallbackConnection) => void): void;
}

async function mysqlConnectionTx<T>(pool: CallbackPool, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const conn = await new Promise<CallbackConnection>((resolve, reject) => pool.getConnection((err, c) => (err ? reject(err) : resolve(c))));
  // Statements not sent yet: the BEGIN, then writes nobody reads the answer of and reads whose
  // answer can wait for the next statement's (`answer` set).
  type Pending = { text: string; params: unknown[]; answer?: { resolve: (rows: unknown) => void; reject: (err: unknown) => void } };
  let pending: Pending[] = [{ text: 'START TRANSACTION', params: [] }];
  let begun = false;
  /** Sends what is pending and `text` as one multi-statement round trip; answers `text`'s result. */
  const run = (text: string, params: unknown[] = []) => new Promise<unknown>((resolve, reject) => {
    const batch: Pending[] = [...pending, { text, params, answer: { resolve, reject } }];
    pending = [];
    begun = true;
    const combined = batch.length > 1;
    conn.query(
      combined ? batch.map((b) => b.text).join(';\n') : text,
      combined ? batch.flatMap((b) => b.params) : params,
      (err, result) => {
        batch.forEach((b, i) => {
          if (!b.answer) return;
          if (err) b.answer.reject(err);
          else b.answer.resolve(combined ? (result as unknown[])[i] : result);
        });
      },
    );
  });
  const sql: Sql = {
    kind: 'mysql',
    query: (text, params) => run(text, params) as Promise<never[]>,
    execute: async (text, params) => Number((await run(text, params) as { affectedRows?: number }).affectedRows ?? 0),
    write: async (text, params = []) => {
      pending.push({ text, params });
    },
    readWithNext: <T>(text: string, params: unknown[] = []) => {
      const rows = new Promise<T[]>((resolve, reject) => {
        pending.push({ text, params, answer: { resolve: resolve as (rows: unknown) => void, reject } });
      });
      rows.catch(() => undefined); // the failure also fails the statement it travels with
      return rows;
    },
  };
  try {
    const result = await fn(sql);
    await run('COMMIT');
    return result;
  } catch (err) {
    for (const p of pending) p.answer?.reject(err);
    pending = [];
    if (begun) {
      try {
        await run('ROLLBACK');
      } catch {
        // A connection that cannot roll back is not given back to the pool.
        conn.destroy();
        throw err;
      }
    }
    throw err;
  } finally {
    conn.release();
  }
}

/** ER_LOCK_DEADLOCK (1213) or ER_LOCK_WAIT_TIMEOUT (1205). */
export function isRetryableLockError(err: unknown): boolean {
  const e = err as { driverError?: { code?: string; errno?: number }; code?: string; errno?: number };
  const code = e.driverError?.code ?? e.code;
  const errno = e.driverError?.errno ?? e.errno;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || errno === 1213 || errno === 1205;
}

/**
 * A read through `em`. Outside a transaction on MySQL it goes straight to the driver's pool:
 * TypeORM's path (a QueryRunner per statement, the promise wrapper that captures a stack
 * trace, a require() per call) cost a fifth of a list request's CPU at load. Inside a
 * transaction, or on SQLite, it is em.query. Same pool, same options, same rows.
 */
export function readQuery<T = Record<string, unknown>>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const pool = !em.queryRunner && em.connection.options.type === 'mysql' ? (em.connection.driver as unknown as { pool?: CallbackPool }).pool : undefined;
  if (!pool) return em.query(sql, params);
  return new Promise((resolve, reject) => {
    pool.query(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[])));
  });
}

/** True when a write failed on a unique index (MySQL ER_DUP_ENTRY or SQLite UNIQUE constraint). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; driverError?: { code?: string; errno?: number }; message?: string };
  const code = e.driverError?.code ?? e.code;
  const errno = e.driverError?.errno ?? e.errno;
  return code === 'ER_DUP_ENTRY' || errno === 1062 || code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e.message ?? '');
}

/**
 * A timestamp as a raw-SQL parameter. Both databases compare it correctly with stored
 * datetime(3) columns: SQLite stores TypeORM's UTC text "YYYY-MM-DD HH:MM:SS.SSS", and
 * MySQL (timezone 'Z') parses the same literal as a UTC datetime.
 */
export function sqlTime(at: Date): string {
  return at.toISOString().replace('T', ' ').replace('Z', '');
}

/** Runs a raw INSERT/UPDATE/DELETE and returns the rows it changed, whichever driver ran it. */
export async function execute(em: EntityManager, sql: string, params: unknown[] = []): Promise<number> {
  const own = !em.queryRunner;
  const runner = em.queryRunner ?? em.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, params, true);
    return Number(result.affected ?? 0);
  } finally {
    if (own) await runner.release();
  }
}

/** "INSERT IGNORE" in each dialect: rows hitting a unique key are skipped, not errors. */
export function insertIgnore(kind: 'sqlite' | 'mysql'): string {
  return kind === 'mysql' ? 'INSERT IGNORE' : 'INSERT OR IGNORE';
}

/** Locks the selected rows until commit on MySQL; SQLite transactions are already serialised. */
export function forUpdate(kind: 'sqlite' | 'mysql'): string {
  return kind === 'mysql' ? ' FOR UPDATE' : '';
}

const PLACEHOLDER_LISTS: string[] = [];

/** `?, ?, …` for n values (the short lists every request builds are made once). */
export function placeholders(n: number): string {
  if (n > 64) return Array.from({ length: n }, () => '?').join(', ');
  return (PLACEHOLDER_LISTS[n] ??= Array.from({ length: n }, () => '?').join(', '));
}

/** A datetime read by raw SQL: mysql2 gives a Date, SQLite TypeORM's UTC text. */
export function fromSqlTime(v: string | Date): Date;
export function fromSqlTime(v: string | Date | null): Date | null;
export function fromSqlTime(v: string | Date | null): Date | null {
  if (v === null) return null;
  return v instanceof Date ? v : new Date(String(v).replace(' ', 'T') + 'Z');
}

/** LIKE pattern matching `text` anywhere, taken literally ("!" is the escape: write `LIKE ? ESCAPE '!'`). */
export function likeContains(text: string): string {
  return `%${text.replace(/[!%_]/g, '!$&')}%`;
}

/** LIKE pattern matching values that start with `text`, taken literally (write `LIKE ? ESCAPE '!'`). */
export function likePrefix(text: string): string {
  return `${text.replace(/[!%_]/g, '!$&')}%`;
}
