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
    if (this.kind === 'mysql') return this.ds.transaction(fn);
    const run = this.queue.then(() => this.ds.transaction(fn));
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** True when a write failed on a unique index (MySQL ER_DUP_ENTRY or SQLite UNIQUE constraint). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; driverError?: { code?: string; errno?: number }; message?: string };
  const code = e.driverError?.code ?? e.code;
  const errno = e.driverError?.errno ?? e.errno;
  return code === 'ER_DUP_ENTRY' || errno === 1062 || code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e.message ?? '');
}
