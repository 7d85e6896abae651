import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { countStatements, type StatementCounter } from '../helpers/statement-counter.ts';
import { ownershipFollowerCount } from '../../server/ownership/change-owner.ts';

/**
 * The claim path close to the database's limit (issue 8): a claim is one short transaction of
 * 6 statements on SQLite, 7 on MariaDB (pools from a cache, one combined count for the cap, the
 * daily limit and the cooldown, the response built from the row and contacts already loaded), plus one per
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
    expect(res.status).toBe(200);
    const begin = statements.findIndex((s) => /^(START TRANSACTION|BEGIN)/i.test(s));
    const commit = statements.findIndex((s) => /^COMMIT/i.test(s));
    expect(begin).toBeGreaterThanOrEqual(0);
    const transaction = statements.slice(begin, commit + 1);
    console.info(`claim: ${statements.length} statements, ${transaction.length} in its transaction\n  ${statements.join('\n  ')}`);
    return { res, statements, transaction };
  };
  // BEGIN, the locks (MySQL), the read with the counts, the owner update, the event, the audit row, COMMIT.
  const core = () => (app.runtime.config.database.kind === 'mysql' ? 7 : 6);

  it('should claim in one transaction of at most 8 statements when the pool is warm', async () => {
    const first = await inPool('星图测绘有限公司', '13800001111');
    const second = await inPool('远帆物流有限公司', '13800002222');
    expect((await app.request('POST', `/api/customers/${first}/claim`, { token: repB })).status).toBe(200); // warms the pool cache
    const { res, statements, transaction } = await countedClaim(second);
    expect(res.body.owner.id).toBe(String(app.users.repB));
    expect(res.body.contacts).toEqual([expect.objectContaining({ name: '李总' })]);
    // A customer without opportunities or contracts: no statement for the capabilities that follow ownership.
    expect(ownershipFollowerCount()).toBeGreaterThanOrEqual(2);
    expect(transaction.length).toBe(core());
    expect(transaction.length).toBeLessThanOrEqual(8);
    // Outside it only the session check: the contacts for the answer come with the read.
    expect(statements.length).toBeLessThanOrEqual(transaction.length + 1);
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
});
