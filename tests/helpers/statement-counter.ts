import { createRequire } from 'node:module';
import type { DataSource } from 'typeorm';

/**
 * Counts the SQL statements an app sends, on SQLite and MySQL alike: on MySQL at the mysql2
 * driver (TypeORM's runners and the pool reads of readQuery both end there), on SQLite at
 * TypeORM's query runner (every query, and the transaction's BEGIN/COMMIT, go through it).
 */
export interface StatementCounter {
  start(): void;
  stop(): string[];
}

let active: string[] | null = null;
const patched = new Set<object>();

function patch(proto: { query: (...args: unknown[]) => unknown }): void {
  if (patched.has(proto)) return;
  patched.add(proto);
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { sql?: string };
    active?.push(String(typeof first === 'string' ? first : first?.sql).replace(/\s+/g, ' ').trim());
    return original.apply(this, args);
  };
}

export function countStatements(ds: DataSource): StatementCounter {
  if (ds.options.type === 'mysql') {
    const mysql2 = createRequire(import.meta.url)('mysql2') as { Connection: { prototype: { query: (...args: unknown[]) => unknown } } };
    patch(mysql2.Connection.prototype);
  } else {
    const runner = ds.createQueryRunner();
    patch(Object.getPrototypeOf(runner));
    void runner.release();
  }
  let current: string[] | null = null;
  return {
    start() { current = []; active = current; },
    stop() { const out = current ?? []; current = null; active = null; return out; },
  };
}
