import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { countStatements, type StatementCounter } from '../helpers/statement-counter.ts';

/**
 * Database.sqlTx's deferred statements (the claim's round trips): `write` and `readWithNext` travel
 * with the next statement on MySQL, run at once on SQLite, and either way fail or commit with the
 * transaction as a whole.
 */
describe('sqlTx deferred statements', () => {
  let app: TestApp;
  let counter: StatementCounter;
  const mysql = () => app.runtime.db.kind === 'mysql';

  beforeAll(async () => {
    app = await startTestApp();
    counter = countStatements(app.runtime.dataSource);
  });
  afterAll(async () => { await app?.close(); });

  const auditCount = async (action: string) =>
    Number((await app.runtime.db.manager.query('SELECT COUNT(*) AS n FROM audit_log WHERE action = ?', [action]))[0].n);
  const insertAudit = 'INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before_json, after_json, request_id, at) VALUES (NULL, ?, ?, ?, NULL, NULL, NULL, ?)';
  const at = '2026-03-02 02:00:00';

  it('should answer a deferred read with the next statement, in its round trip on MySQL', async () => {
    counter.start();
    const { later, now } = await app.runtime.db.sqlTx(async (sql) => {
      await sql.write(insertAudit, ['test.deferred', 'probe', '1', at]);
      const pending = sql.readWithNext<{ n: number | string }>('SELECT COUNT(*) AS n FROM audit_log WHERE action = ?', ['test.deferred']);
      const rows = await sql.query<{ v: number | string }>('SELECT 41 + 1 AS v');
      return { later: await pending, now: rows };
    });
    const trips = counter.roundTrips();
    counter.stop();
    // The read ran after the write it was queued behind, and before the statement that carried it.
    expect(Number(later[0]!.n)).toBe(1);
    expect(Number(now[0]!.v)).toBe(42);
    if (mysql()) {
      expect(trips).toHaveLength(2);
      expect(trips[0]).toMatch(/^START TRANSACTION; INSERT INTO audit_log .*; SELECT COUNT\(\*\) AS n .*; SELECT 41 \+ 1 AS v$/);
      expect(trips[1]).toBe('COMMIT');
    }
    expect(await auditCount('test.deferred')).toBe(1);
  });

  it('should fail a deferred read and roll everything back when its round trip fails', async () => {
    const outcome = await app.runtime.db.sqlTx(async (sql) => {
      await sql.write(insertAudit, ['test.rolled-back', 'probe', '2', at]);
      const pending = sql.readWithNext('SELECT id FROM audit_log WHERE action = ?', ['test.rolled-back']);
      await sql.query('SELECT no_such_column FROM audit_log');
      return pending;
    }).then(() => 'committed', (err: Error) => err.message);
    expect(outcome).toMatch(/no_such_column/);
    expect(await auditCount('test.rolled-back')).toBe(0);
    // The connection went back usable.
    await app.runtime.db.sqlTx(async (sql) => { await sql.write(insertAudit, ['test.after', 'probe', '3', at]); });
    expect(await auditCount('test.after')).toBe(1);
  });

  it('should reject a deferred read left pending when the transaction gives up before sending it', async () => {
    let pending: Promise<unknown> | undefined;
    const outcome = await app.runtime.db.sqlTx(async (sql) => {
      pending = sql.readWithNext('SELECT 1 AS one');
      throw new Error('given up');
    }).then(() => 'committed', (err: Error) => err.message);
    expect(outcome).toBe('given up');
    // On SQLite the read ran at once; on MySQL it was never sent and fails with the transaction.
    if (mysql()) await expect(pending).rejects.toThrow('given up');
    else await expect(pending).resolves.toEqual([{ one: 1 }]);
  });
});
