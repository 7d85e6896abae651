import { createRequire } from 'node:module';

/**
 * Times every statement at the driver (mysql2's Query command emits 'end' when its result is
 * in), for the diagnostics in this folder. Install once; collect between start() and stop().
 */
export interface SqlTiming { ms: number; sql: string; values?: unknown[] }

let current: SqlTiming[] | null = null;
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  type Cmd = { once(e: string, f: () => void): void };
  const mysql2 = createRequire(import.meta.url)('mysql2') as { Connection: { prototype: { query: (...args: unknown[]) => Cmd } } };
  const original = mysql2.Connection.prototype.query;
  mysql2.Connection.prototype.query = function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    const first = args[0] as string | { sql: string };
    const sql = typeof first === 'string' ? first : first.sql;
    const values = (Array.isArray(args[1]) ? args[1] : typeof first === 'object' ? (first as { values?: unknown[] }).values : undefined) as unknown[] | undefined;
    const cmd = original.apply(this, args);
    const into = current;
    if (into) cmd.once('end', () => into.push({ ms: performance.now() - t0, sql: sql.replace(/\s+/g, ' '), values }));
    return cmd;
  };
}

export function startSqlTrace(): SqlTiming[] {
  install();
  current = [];
  return current;
}

export function stopSqlTrace(): void {
  current = null;
}

/** Groups statements by their first words (e.g. "INSERT INTO ownership_events", "UPDATE customers"). */
export function summarize(trace: SqlTiming[], words = 3): Array<{ kind: string; n: number; ms: number }> {
  const by = new Map<string, { n: number; ms: number }>();
  for (const t of trace) {
    const kind = t.sql.replace(/`/g, '').split(' ').slice(0, words).join(' ');
    const e = by.get(kind) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += t.ms;
    by.set(kind, e);
  }
  return [...by.entries()].map(([kind, v]) => ({ kind, ...v })).sort((a, b) => b.ms - a.ms);
}
