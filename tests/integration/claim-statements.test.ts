import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { countStatements, type StatementCounter } from '../helpers/statement-counter.ts';
import { ownershipFollowerCount } from '../../server/ownership/change-owner.ts';

/**
 * The claim path close to the database's limit (issue 8): a claim is one short transaction of
 * 7 statements on SQLite, 8 on MariaDB in 2 round trips there and nothing else (the session and the
 * pools from caches checked against the organisation's version in the store, one read with
 * the counts for the cap, the daily limit and the cooldown, the response built from the row and
 * the contacts read with it), plus one per
 * capability that has records of the customer to move with it (opportunities, contracts).
 */
describe('claim statements', () => {
  let app: TestApp;
  let counter: StatementCounter;
  let repA: string, repB: string;

  beforeAll(async () => {
    app = await startTestApp();
    counter = countStatements(app.runtime.dataSource);
    [repA, repB] = await Promise.all([app.tokenFor('repA'), app.tokenFor('repB')]);
  });
  afterAll(async () => { await app?.close(); });

  const create = async (name: string, phone: string) => {
    const created = await app.request('POST', '/api/customers', { token: repA, body: { name, contacts: [{ name: '李总', phone }] } });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const release = async (id: string) => {
    const released = await app.request('POST', `/api/customers/${id}/release`, { token: repA, body: { reason: '客户暂无预算' } });
    expect(released.status).toBe(200);
  };
  const inPool = async (name: string, phone: string) => {
    const id = await create(name, phone);
    await release(id);
    return id;
  };
  /** Claims as repB, counting the statements; returns the answer and the transaction's statements. */
  const countedClaim = async (id: string) => {
    counter.start();
    const res = await app.request('POST', `/api/customers/${id}/claim`, { token: repB });
    const statements = counter.stop();
    const trips = counter.roundTrips();
    expect(res.status).toBe(200);
    const begin = statements.findIndex((s) => /^(START TRANSACTION|BEGIN)/i.test(s));
    const commit = statements.findIndex((s) => /^COMMIT/i.test(s));
    expect(begin).toBeGreaterThanOrEqual(0);
    const transaction = statements.slice(begin, commit + 1);
    console.info(`claim: ${statements.length} statements in ${trips.length} round trips, ${transaction.length} in its transaction\n  ${statements.join('\n  ')}`);
    return { res, statements, transaction, trips };
  };
  // BEGIN, the locks (MySQL), the contacts, the read with the counts, the owner update, the event, the audit row, COMMIT.
  const core = () => (app.runtime.config.database.kind === 'mysql' ? 8 : 7);

  it('should claim in one transaction of at most 8 statements when the pool is warm', async () => {
    const first = await inPool('星图测绘有限公司', '13800001111');
    const second = await inPool('远帆物流有限公司', '13800002222');
    expect((await app.request('POST', `/api/customers/${first}/claim`, { token: repB })).status).toBe(200); // warms the pool and member caches
    const { res, statements, transaction, trips } = await countedClaim(second);
    expect(res.body.owner.id).toBe(String(app.users.repB));
    expect(res.body.contacts).toEqual([expect.objectContaining({ name: '李总' })]);
    // A customer without opportunities or contracts: no statement for the capabilities that follow ownership.
    expect(ownershipFollowerCount()).toBeGreaterThanOrEqual(2);
    expect(transaction.length).toBe(core());
    expect(transaction.length).toBeLessThanOrEqual(8);
    // Nothing outside it: the session check answers from the member cache, the pools from theirs
    // (both warmed by the first claim, and checked against the organisation's version in the store).
    expect(statements).toEqual(transaction);
    // On MySQL the BEGIN, the locks and the contacts travel with the read, and the owner update
    // (under the lock, it cannot miss), the event and the audit row with the COMMIT: two round trips.
    if (app.runtime.config.database.kind === 'mysql') {
      expect(trips.length).toBe(2);
      expect(trips[0]).toMatch(/^START TRANSACTION; SELECT c\.id, u\.id AS user_id .* FOR UPDATE; SELECT k\.id, .* FROM customer_contacts k .*; SELECT c\.id, /);
      expect(trips[1]).toMatch(/^UPDATE customers SET owner_id = .*; INSERT INTO ownership_events .*; INSERT INTO audit_log .*; COMMIT$/);
    } else {
      expect(trips.length).toBe(statements.length);
    }
  });

  it('should move the open opportunity and the contract with the claimed customer, one statement each', async () => {
    const id = await create('云栖软件有限公司', '13800003333');
    const opp = await app.request('POST', '/api/opportunities', { token: repA, body: { customerId: id, name: '年度采购', amountFen: 0 } });
    expect(opp.status).toBe(201);
    const contract = await app.request('POST', '/api/contracts', {
      token: repA, body: { customerId: id, number: 'HT-CLAIM-1', amountFen: 1_000_000, startOn: '2026-03-01', endOn: '2027-02-28' },
    });
    expect(contract.status).toBe(201);
    await release(id);
    const { transaction } = await countedClaim(id);
    expect(transaction.length).toBe(core() + 2);
    expect(transaction.some((s) => /^UPDATE opportunities/.test(s))).toBe(true);
    expect(transaction.some((s) => /^UPDATE contracts/.test(s))).toBe(true);
    const [moved] = await app.runtime.db.manager.query(
      'SELECT (SELECT owner_id FROM opportunities WHERE id = ?) AS opp_owner, (SELECT owner_id FROM contracts WHERE id = ?) AS contract_owner',
      [Number(opp.body.id), Number(contract.body.id)]);
    expect(Number(moved.opp_owner)).toBe(app.users.repB);
    expect(Number(moved.contract_owner)).toBe(app.users.repB);
  });
  it('should leave the customer in the pool when the audit row sent with the commit fails', async () => {
    const id = await inPool('青禾农业科技有限公司', '13800004444');
    const db = app.runtime.db;
    // Fault injection: the database refuses the claim's audit row, the last write before COMMIT.
    if (db.kind === 'mysql') {
      await db.manager.query(`CREATE TRIGGER t_fail_claim_audit BEFORE INSERT ON audit_log FOR EACH ROW
        BEGIN IF NEW.action = 'customer.claim' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected audit failure'; END IF; END`);
    } else {
      await db.manager.query(`CREATE TRIGGER t_fail_claim_audit BEFORE INSERT ON audit_log
        WHEN NEW.action = 'customer.claim' BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END`);
    }
    const state = async () => {
      const [row] = await db.manager.query(
        "SELECT c.owner_id, (SELECT COUNT(*) FROM ownership_events e WHERE e.customer_id = c.id AND e.type = 'claimed') AS claims FROM customers c WHERE c.id = ?", [Number(id)]);
      return { ownerId: row.owner_id === null ? null : Number(row.owner_id), claims: Number(row.claims) };
    };
    try {
      const res = await app.request('POST', `/api/customers/${id}/claim`, { token: repB });
      expect(res.status).toBe(500);
      expect(await state()).toEqual({ ownerId: null, claims: 0 });
    } finally {
      await db.manager.query('DROP TRIGGER t_fail_claim_audit');
    }
    // The connection went back to the pool usable: the same claim now goes through whole.
    expect((await app.request('POST', `/api/customers/${id}/claim`, { token: repB })).status).toBe(200);
    expect(await state()).toEqual({ ownerId: app.users.repB, claims: 1 });
  });
});
