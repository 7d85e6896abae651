import { createPool, type Pool } from 'mysql2/promise';
import type { DatabaseConfig } from '../../config/config.ts';
import type { Database } from '../infra/db.ts';

/**
 * The database check of /healthz, on its own connection budget. Through the app's pool a probe
 * queues behind real work: 20 slow queries in flight and the balancer sees a timeout, takes
 * a healthy instance out and sends its load to the others. On MySQL the probe has one
 * connection of its own with short timeouts; SQLite is in-process and has no pool to starve.
 */
export interface DatabaseProbe {
  /** Resolves when the database answered within `timeoutMs`. */
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export function createDatabaseProbe(config: DatabaseConfig, db: Database): DatabaseProbe {
  if (config.kind === 'sqlite') {
    return { ping: async () => { await db.manager.query('SELECT 1'); }, close: async () => undefined };
  }
  let pool: Pool | null = null;
  return {
    async ping(timeoutMs) {
      // An instance whose own data source is closed cannot serve, however well the server answers.
      if (!db.ds.isInitialized) throw new Error('data source closed');
      pool ??= createPool({ uri: config.url, connectionLimit: 1, maxIdle: 1, connectTimeout: timeoutMs, enableKeepAlive: true, queueLimit: 10 });
      await pool.query({ sql: 'SELECT 1', timeout: timeoutMs });
    },
    async close() {
      await pool?.end().catch(() => undefined);
      pool = null;
    },
  };
}
