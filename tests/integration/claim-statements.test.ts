import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { countStatements, type StatementCounter } from '../helpers/statement-counter.ts';
import { ownershipFollowerCount } from '../../server/ownership/change-owner.ts';

/**
 * The claim path close to the database's limit (issue 8): a claim is one short transaction of
 * 6 statements on SQLite, 7 on MariaDB (pools from a cache, one combined count for the cap, the
 * daily limit and the cooldown, the response built from the row already loaded), plus one per
 * capability that moves its records with the customer.
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

  const inPool = async (name: string, phone: string) => {
    const created = await app.request('POST', '/api/customers', { token: repA, body: { name, contacts: [{ name: '李总', phone }] } });
    expect(created.status).toBe(201);
    const released = await app.request('POST', `/api/customers/${created.body.id}/release`, { token: repA, body: { reason: '客户暂无预算' } });
    expect(released.status).toBe(200);
    return created.body.id as string;
  };

  it('should claim in one transaction of at most 8 statements when the pool is warm', async () => {
    const first = await inPool('星图测绘有限公司', '13800001111');
    const second = await inPool('远帆物流有限公司', '13800002222');
    expect((await app.request('POST', `/api/customers/${first}/claim`, { token: repB })).status).toBe(200); // warms the pool cache
    counter.start();
    const res = await app.request('POST', `/api/customers/${second}/claim`, { token: repB });
    const statements = counter.stop();
    expect(res.status).toBe(200);
    expect(res.body.owner.id).toBe(String(app.users.repB));
    expect(res.body.contacts).toEqual([expect.objectContaining({ name: '李总' })]);
    const begin = statements.findIndex((s) => /^(START TRANSACTION|BEGIN)/i.test(s));
    const commit = statements.findIndex((s) => /^COMMIT/i.test(s));
    expect(begin).toBeGreaterThanOrEqual(0);
    const transaction = statements.slice(begin, commit + 1);
    console.info(`claim: ${statements.length} statements, ${transaction.length} in its transaction\n  ${statements.join('\n  ')}`);
    // BEGIN, the locks (MySQL), the read with the counts, the owner update, the event, the audit row, COMMIT — plus one
    // statement per capability whose records follow the customer's owner (opportunities, contracts: followOwnership).
    const followers = ownershipFollowerCount();
    const core = app.runtime.config.database.kind === 'mysql' ? 7 : 6;
    expect(transaction.length).toBeLessThanOrEqual(core + followers);
    // Outside it: the session check and the contacts for the answer.
    expect(statements.length).toBeLessThanOrEqual(transaction.length + 2);
  });
});
