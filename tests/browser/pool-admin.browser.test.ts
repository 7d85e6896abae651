import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../bot/runtime.ts';
import { field, screenshot, startDemoH5App, type DemoH5App } from '../helpers/browser.ts';
interface PoolRules { holdingCap: number; [rule: string]: unknown }
interface Pool { id: string; name: string; departmentId: string; member?: boolean; rules: PoolRules }

/**
 * Item 1 on the H5 build: an admin creates a department's pool (新建公海) from the rules page; the
 * admin, above that department, sees its customers read-only with 分配 instead of 领取; a member whose
 * claim comes a moment after a colleague's is told in the server's words and the list refreshes,
 * without a dialog to dismiss.
 */
describe('H5: department pools', () => {
  let app: DemoH5App;
  let runtime: Runtime;
  let url: string;

  // The demo at the real time of the run.
  beforeAll(async () => {
    app = await startDemoH5App('pool-admin', { at: new Date() });
    ({ runtime, url } = app);
  });
  afterAll(async () => { await app?.close(); });

  const call = <T>(method: string, path: string, token: string | null, body?: unknown) => app.ok<T>(method, path, token, body);
  const user = (wecomUserId: string) => app.user(wecomUserId);
  const login = (wecomUserId: string) => app.tokenOf(wecomUserId);
  const settle = (page: Page) => page.waitForTimeout(450);
  async function loginAs(wecomUserId: string): Promise<{ page: Page; errors: string[] }> {
    const errors: string[] = [];
    return { page: await app.loginAs(wecomUserId, errors), errors };
  }

  /** A customer of `owner` goes back to its pool (the owner's nearest), released through the API. */
  async function release(ownerWecomId: string, reason: string): Promise<{ id: string; name: string }> {
    const owner = user(ownerWecomId);
    const [c] = await runtime.db.manager.query(
      `SELECT c.id, c.name FROM customers c WHERE c.owner_id = ? AND c.level <> 'key'
         AND NOT EXISTS (SELECT 1 FROM customer_followers f WHERE f.customer_id = c.id) ORDER BY c.id LIMIT 1`, [Number(owner.id)]);
    expect(c, `${ownerWecomId} owns a customer to release`).toBeTruthy();
    await call('POST', `/api/customers/${c.id}/release`, await login(ownerWecomId), { reason });
    return { id: String(c.id), name: String(c.name) };
  }

  it('should let an admin create a department pool, show it read-only with 分配 above it, and refresh a claim a colleague beat', async () => {
    const bossToken = await login('boss');
    const departments = (await call<{ items: Array<{ id: string; name: string; parentId: string | null; poolId: string | null }> }>('GET', '/api/departments', bossToken)).items;
    const root = departments.find((d) => d.parentId === null)!;
    const east = departments.find((d) => d.name === '华东销售组')!;
    const south = departments.find((d) => d.name === '华南销售组')!;
    const company = (await call<{ items: Pool[] }>('GET', '/api/pools', bossToken)).items.find((p) => p.departmentId === root.id)!;
    expect(root.poolId).toBe(company.id);

    // 新建公海 from the rules page: the company's department has a pool and is not offered; rules start as the company pool's.
    const boss = await loginAs('boss');
    await boss.page.locator('[data-testid="tab-profile"]').click();
    await boss.page.locator('[data-testid="profile-pool-rules"]').click({ timeout: 30_000 });
    await boss.page.locator('[data-testid="pool-new-open"]').click({ timeout: 30_000 });
    await boss.page.locator(`[data-testid="pool-new-dept-${east.id}"]`).waitFor({ timeout: 30_000 });
    expect(await boss.page.locator(`[data-testid="pool-new-dept-${root.id}"]`).count()).toBe(0);
    const holdingCap = field(boss.page, 'pool-rule-holdingCap');
    expect(await holdingCap.inputValue()).toBe(String(company.rules.holdingCap));
    await settle(boss.page);
    await screenshot(boss.page, 'pool-admin-01-new-pool-form');

    // Another admin made 华南's pool meanwhile: the server's words, and the department is no longer offered.
    const taken = await fetch(`${url}/api/pools`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bossToken}` },
      body: JSON.stringify({ name: '华南公海', departmentId: south.id, rules: company.rules }),
    });
    expect(taken.status).toBe(201);
    const again = await fetch(`${url}/api/pools`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bossToken}` },
      body: JSON.stringify({ name: '华南公海', departmentId: south.id, rules: company.rules }),
    });
    const { error: exists } = await again.json() as { error: { code: string; message: string } };
    expect(exists.code).toBe('POOL_EXISTS');
    await boss.page.locator(`[data-testid="pool-new-dept-${south.id}"]`).click();
    await boss.page.locator('[data-testid="pool-new-submit"]').click();
    const formError = boss.page.locator('[data-testid="form-error"]');
    await formError.waitFor({ timeout: 30_000 });
    expect((await formError.innerText()).trim()).toBe(exists.message);
    await expect.poll(() => boss.page.locator(`[data-testid="pool-new-dept-${south.id}"]`).count(), { timeout: 30_000 }).toBe(0);
    await formError.scrollIntoViewIfNeeded();
    await settle(boss.page);
    await screenshot(boss.page, 'pool-admin-02-pool-exists');

    // 华东: the name follows the department; created, the rules page shows the new pool.
    await boss.page.locator(`[data-testid="pool-new-dept-${east.id}"]`).click();
    const name = field(boss.page, 'pool-new-name');
    expect(await name.inputValue()).toBe(`${east.name}公海`);
    await boss.page.locator('[data-testid="pool-new-submit"]').click();
    await boss.page.locator('[data-testid="pool-rules-form"]').waitFor({ timeout: 30_000 });
    const eastPool = (await call<{ items: Pool[] }>('GET', '/api/pools', bossToken)).items.find((p) => p.departmentId === east.id)!;
    expect(eastPool).toMatchObject({ name: `${east.name}公海`, member: false });
    expect(eastPool.rules).toEqual(company.rules);
    await expect.poll(() => boss.page.locator(`[data-testid="pool-rules-tab-${eastPool.id}"]`).getAttribute('class'), { timeout: 30_000 }).toContain('rules__pool--active');
    await settle(boss.page);
    await screenshot(boss.page, 'pool-admin-03-created');

    // Two 华东 customers go back to the new pool.
    const first = await release('zhangsan', '测试准备：客户暂停采购');
    const second = await release('wangfang', '测试准备：联系人离职');
    const [row] = await runtime.db.manager.query('SELECT pool_id FROM customers WHERE id = ?', [Number(first.id)]);
    expect(String(row.pool_id)).toBe(eastPool.id);

    // The admin is above 华东, not in it: its customers are read-only with 分配.
    await boss.page.goto(url + '/#/pages/pool/index');
    await boss.page.locator(`[data-testid="pool-tab-${eastPool.id}"]`).click({ timeout: 30_000 });
    await boss.page.locator('[data-testid="pool-readonly"]').waitFor({ timeout: 30_000 });
    await boss.page.locator(`[data-testid="pool-assign-${first.id}"]`).waitFor({ timeout: 30_000 });
    expect(await boss.page.locator('[data-testid^="pool-claim-"]').count()).toBe(0);
    await settle(boss.page);
    await screenshot(boss.page, 'pool-admin-04-readonly-assign');
    await boss.page.locator(`[data-testid="pool-assign-${first.id}"]`).click();
    await boss.page.locator('[data-testid^="pick-user-"]').first().waitFor({ timeout: 30_000 });
    expect(await boss.page.locator('[data-testid="customer-claim"]').count()).toBe(0);
    await settle(boss.page);
    await screenshot(boss.page, 'pool-admin-05-assign-picker');

    // A member: 领取 on the row; a colleague claims it first → the server's words in a toast, the row goes.
    const rep = await loginAs('zhangsan');
    await rep.page.locator('[data-testid="tab-pool"]').click();
    await rep.page.locator(`[data-testid="pool-tab-${eastPool.id}"]`).click({ timeout: 30_000 });
    const claim = rep.page.locator(`[data-testid="pool-claim-${second.id}"]`);
    await claim.waitFor({ timeout: 30_000 });
    expect(await rep.page.locator('[data-testid="pool-readonly"]').count()).toBe(0);
    await call('POST', `/api/customers/${second.id}/claim`, await login('lisi'));
    const beaten = await fetch(`${url}/api/customers/${second.id}/claim`, { method: 'POST', headers: { authorization: `Bearer ${await login('zhangsan')}` } });
    expect(beaten.status).toBe(404);
    const { error: gone } = await beaten.json() as { error: { message: string } };
    await claim.click();
    await rep.page.getByText(gone.message).first().waitFor({ timeout: 30_000 });
    expect(await rep.page.locator('[data-testid="claim-error"]').count()).toBe(0);
    await screenshot(rep.page, 'pool-admin-06-claim-beaten');
    await expect.poll(() => rep.page.locator(`[data-testid="pool-row-${second.id}"]`).count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => rep.page.locator(`[data-testid="pool-row-${first.id}"]`).count(), { timeout: 30_000 }).toBe(1);
    expect([...boss.errors, ...rep.errors]).toEqual([]);
  });
});
