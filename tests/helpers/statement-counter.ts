import { createRequire } from 'node:module';
import type { DataSource } from 'typeorm';

/**
 * Counts the SQL statements an app sends, on SQLite and MySQL alike: on MySQL at the mysql2
 * driver (TypeORM's runners and the pool reads of readQuery both end there), on SQLite at
 * TypeORM's query runner (every query, and the transaction's BEGIN/COMMIT, go through it).
 */
export interface StatementCounter {
  start(): void;
  /** The statements sent since start(), a multi-statement round trip counted statement by statement. */
  stop(): string[];
  /** The round trips of the last start()…stop(): each query sent (several statements may travel in one). */
  roundTrips(): string[];
}

let active: string[] | null = null;
let activeTrips: string[] | null = null;
const patched = new Set<object>();

function patch(proto: { query: (...args: unknown[]) => unknown }): void {
  if (patched.has(proto)) return;
  patched.add(proto);
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { sql?: string };
    const text = String(typeof first === 'string' ? first : first?.sql);
    const tidy = (t: string) => t.replace(/\s+/g, ' ').trim();
    activeTrips?.push(tidy(text));
    // sqlTx joins the statements of one round trip with ";\n".
    for (const part of text.split(/;\n/)) active?.push(tidy(part));
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
  let trips: string[] = [];
  return {
    start() { current = []; active = current; trips = []; activeTrips = trips; },
    stop() { const out = current ?? []; current = null; active = null; activeTrips = null; return out; },
    roundTrips() { return trips; },
  };
}
