import type { DataSource } from 'typeorm';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Every stored value, checked against what MariaDB (utf8mb4, strict mode) would accept, so a
 * test on SQLite — which stores anything — still catches what production would refuse with a
 * 500: varchar lengths in code points, no lone surrogates, real dates, datetimes within
 * MariaDB's range, ints within 32 bits. Reads the column types from the entity metadata.
 */
export async function findUnstorableValues(ds: DataSource): Promise<string[]> {
  const problems: string[] = [];
  for (const meta of ds.entityMetadatas) {
    const rows: Array<Record<string, unknown>> = await ds.query(`SELECT * FROM ${meta.tableName}`);
    for (const row of rows) {
      for (const col of meta.columns) {
        const v = row[col.databaseName];
        if (v === null || v === undefined) continue;
        const where = `${meta.tableName}.${col.databaseName} (id ${String(row.id)})`;
        const type = String(col.type);
        if (typeof v === 'string') {
          if (LONE_SURROGATE.test(v)) problems.push(`${where}: lone surrogate`);
          if (type === 'varchar' && col.length && [...v].length > Number(col.length)) problems.push(`${where}: ${[...v].length} > ${col.length} characters`);
        }
        if (type === 'date') {
          const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
          const [y, m, d] = s.split('-').map(Number) as [number, number, number];
          const back = new Date(Date.UTC(y, m - 1, d));
          if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) problems.push(`${where}: not a date "${s}"`);
        }
        if (type === 'datetime') {
          const t = v instanceof Date ? v : new Date(String(v).replace(' ', 'T') + 'Z');
          const y = t.getUTCFullYear();
          if (Number.isNaN(t.getTime()) || y < 1000 || y > 9999) problems.push(`${where}: datetime out of range "${String(v)}"`);
        }
        if (type === 'int' || type === 'integer') {
          const n = Number(v);
          if (!Number.isInteger(n) || n > 2147483647 || n < -2147483648) problems.push(`${where}: int out of range ${String(v)}`);
        }
      }
    }
  }
  return problems;
}
