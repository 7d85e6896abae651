import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../bot/runtime.ts';
import { field, screenshot, startDemoH5App, type DemoH5App, type DemoUser } from '../helpers/browser.ts';

const LEVEL_LABELS: Record<string, string> = { key: '重点', A: 'A', B: 'B', C: 'C' };

/**
 * Item 8 on the H5 build: a rep cannot make a customer 重点 themself, the form does not even offer it;
 * they ask, their manager approves on the customer's page, and the rep then sees 重点 and the history
 * line saying who and why. Also: the holding-cap line over 我的客户, and the duplicate notice in the
 * server's words with the one next step that fits.
 */
describe('H5: a rep asks for 重点 and the manager approves', () => {
  let app: DemoH5App;
  let runtime: Runtime;
  let url: string;

  // The demo at the real time of the run.
  beforeAll(async () => {
    app = await startDemoH5App('level', { at: new Date() });
    ({ runtime, url } = app);
  });
  afterAll(async () => { await app?.close(); });

  const call = <T>(method: string, path: string, token: string | null, body?: unknown) => app.ok<T>(method, path, token, body);
  const user = (wecomUserId: string) => app.user(wecomUserId);
  const login = (u: DemoUser) => app.tokenOf(u.wecomUserId);
  /** Lets the H5 router's slide-in finish so screenshots show the page in place. */
  const settle = (page: Page) => page.waitForTimeout(450);
  async function loginAs(wecomUserId: string): Promise<{ page: Page; errors: string[] }> {
    const errors: string[] = [];
    return { page: await app.loginAs(wecomUserId, errors), errors };
  }

  async function openFromList(page: Page, name: string, id: string): Promise<void> {
    await field(page, 'customer-search').fill(name);
    await page.locator(`[data-testid="customer-row-${id}"]`).click({ timeout: 30_000 });
    await page.locator('[data-testid="customer-detail-name"]').waitFor({ timeout: 30_000 });
  }

  it('should offer the rep no 重点, take their request to the manager, and show 重点 with who and why once approved', async () => {
    const zhangsan = user('zhangsan');
    const manager = user('manager.east');
    const repToken = await login(zhangsan);
    const pools = (await call<{ items: Array<{ id: string; rules: { exemptLevels: string[] } }> }>('GET', '/api/pools', repToken)).items;
    const exempt = pools[0]!.rules.exemptLevels;
    expect(exempt).toContain('key');
    const [target] = await runtime.db.manager.query(
      `SELECT id, name, level FROM customers WHERE owner_id = ? AND level NOT IN (${exempt.map(() => '?').join(', ')})
         AND stage NOT IN ('deal', 'repeat') ORDER BY id LIMIT 1`,
      [Number(zhangsan.id), ...exempt],
    );
    expect(target, 'zhangsan owns an ordinary customer').toBeTruthy();
    const id = String(target.id);
    const fromLabel = LEVEL_LABELS[target.level as string]!;

    // The rep's list: the holding line is the server's own sentence, the one a cap refusal agrees with.
    const rep = await loginAs('zhangsan');
    const holding = await call<{ text: string }>('GET', '/api/me/holding', repToken);
    await expect.poll(() => rep.page.locator('[data-testid="holding-summary"]').innerText(), { timeout: 30_000 }).toBe(holding.text);
    await settle(rep.page);
    await screenshot(rep.page, 'level-01-rep-list-holding');

    // The edit form offers no exempt level and no deal stage to the rep.
    await openFromList(rep.page, target.name, id);
    await rep.page.locator('[data-testid="customer-edit"]').click();
    await rep.page.locator('[data-testid="customer-edit-page"]').waitFor({ timeout: 30_000 });
    await rep.page.locator(`[data-testid="customer-level-${target.level}"]`).waitFor({ timeout: 30_000 });
    expect(await rep.page.locator('[data-testid="customer-level-key"]').count()).toBe(0);
    expect(await rep.page.locator('[data-testid="customer-stage-deal"]').count()).toBe(0);
    expect(await rep.page.locator('[data-testid="customer-stage-repeat"]').count()).toBe(0);
    await rep.page.locator('[data-testid="customer-stage-lead"]').waitFor();
    await settle(rep.page);
    await screenshot(rep.page, 'level-02-rep-form-no-key');
    await rep.page.goBack();

    // 申请设为重点 with a reason.
    const open = rep.page.locator('[data-testid="level-request-open"]');
    await open.waitFor({ timeout: 30_000 });
    await settle(rep.page);
    await screenshot(rep.page, 'level-03-rep-detail');
    await open.click();
    const reason = `年采购额预计超过五百万 ${Date.now()}`;
    const chip = rep.page.locator('[data-testid="level-request-reason-chip-0"]');
    const chipLabel = (await chip.innerText()).trim();
    await chip.click();
    await rep.page.locator('[data-testid="level-request-reason-input"] textarea, textarea[data-testid="level-request-reason-input"]').first().fill(reason);
    await screenshot(rep.page, 'level-04-rep-request-sheet');
    await rep.page.locator('[data-testid="level-request-submit"]').click();
    const pending = rep.page.locator('[data-testid="level-request-pending"]');
    await pending.waitFor({ timeout: 30_000 });
    expect(await pending.innerText()).toContain('已申请设为重点，等待审批');
    expect(await pending.innerText()).toContain(zhangsan.name);
    expect(await rep.page.locator('[data-testid="level-request-open"]').count()).toBe(0);
    await settle(rep.page);
    await screenshot(rep.page, 'level-05-rep-pending');

    // The manager, in his own session, finds it in his team and approves it on the customer's page.
    const mgr = await loginAs('manager.east');
    await mgr.page.locator('[data-testid="scope-tab-team"]').click();
    await openFromList(mgr.page, target.name, id);
    const decide = mgr.page.locator('[data-testid="level-request-pending"]');
    await decide.waitFor({ timeout: 30_000 });
    expect(await decide.innerText()).toContain(`${zhangsan.name} 申请设为重点`);
    expect(await decide.innerText()).toContain(reason);
    await settle(mgr.page);
    await screenshot(mgr.page, 'level-06-manager-pending');
    await mgr.page.locator('[data-testid="level-request-approve"]').click();
    await mgr.page.locator('[data-testid="level-approve-sheet"]').waitFor({ timeout: 30_000 });
    await screenshot(mgr.page, 'level-07-manager-approve-sheet');
    await mgr.page.locator('[data-testid="level-approve-submit"]').click();
    await mgr.page.getByText('已同意').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => mgr.page.locator('[data-testid="level-request-pending"]').count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => mgr.page.locator('.detail-head .level-badge').innerText(), { timeout: 30_000 }).toBe('重点');
    await settle(mgr.page);
    await screenshot(mgr.page, 'level-08-manager-approved');

    // The rep sees 重点 and the history line: the change, who made it, and why.
    await rep.page.reload();
    await rep.page.locator('[data-testid="customer-detail-name"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => rep.page.locator('.detail-head .level-badge').innerText(), { timeout: 30_000 }).toBe('重点');
    expect(await rep.page.locator('[data-testid="level-request-open"]').count()).toBe(0);
    const line = rep.page.locator('[data-testid^="history-item-"]').first();
    await line.waitFor({ timeout: 30_000 });
    const text = await line.innerText();
    expect(text).toContain(`等级：${fromLabel} → 重点 · ${manager.name}`);
    expect(text).toContain(`${chipLabel}：${reason}`);
    await rep.page.locator('[data-testid="ownership-history"]').scrollIntoViewIfNeeded();
    await settle(rep.page);
    await screenshot(rep.page, 'level-09-rep-history');

    // Now 重点, the level is the manager's to change: the form shows it read-only.
    await rep.page.locator('[data-testid="customer-edit"]').click();
    const locked = rep.page.locator('[data-testid="customer-level-locked"]');
    await locked.waitFor({ timeout: 30_000 });
    expect((await locked.innerText()).trim()).toBe('重点');
    expect(await rep.page.getByText('由经理设置').count()).toBeGreaterThan(0);
    await settle(rep.page);
    await screenshot(rep.page, 'level-10-rep-form-locked');

    // The manager takes 重点 away again in the form: he is asked why, and the history says it.
    await mgr.page.locator('[data-testid="customer-edit"]').click();
    await mgr.page.locator('[data-testid="customer-level-key"]').waitFor({ timeout: 30_000 });
    await mgr.page.locator('[data-testid="customer-level-A"]').click();
    await mgr.page.locator('[data-testid="customer-submit"]').click();
    const factSheet = mgr.page.locator('[data-testid="fact-sheet"]');
    await factSheet.waitFor({ timeout: 30_000 });
    expect(await factSheet.innerText()).toContain('等级：重点 → A');
    const why = `客户年度预算削减 ${Date.now()}`;
    await mgr.page.locator('[data-testid="fact-reason-input"] textarea, textarea[data-testid="fact-reason-input"]').first().fill(why);
    await settle(mgr.page);
    await screenshot(mgr.page, 'level-11-manager-reason-sheet');
    await mgr.page.locator('[data-testid="fact-submit"]').click();
    await mgr.page.locator('[data-testid="customer-detail-name"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => mgr.page.locator('[data-testid^="history-item-"]').first().innerText(), { timeout: 30_000 }).toContain(`等级：重点 → A · ${manager.name}`);
    expect(await mgr.page.locator('[data-testid^="history-item-"]').first().innerText()).toContain(why);

    // Stored once: the request approved by the manager, the level changed with the history events.
    const [request] = await runtime.db.manager.query('SELECT status, decided_by FROM customer_level_requests WHERE customer_id = ?', [target.id]);
    expect(request).toMatchObject({ status: 'approved' });
    expect(String(request.decided_by)).toBe(manager.id);
    const events = await runtime.db.manager.query("SELECT from_value, to_value, reason FROM ownership_events WHERE customer_id = ? AND type = 'level_changed' ORDER BY id", [target.id]);
    expect(events).toMatchObject([{ from_value: target.level, to_value: 'key' }, { from_value: 'key', to_value: 'A', reason: why }]);
    expect([...rep.errors, ...mgr.errors]).toEqual([]);
  });

  it('should show a duplicate in the server\'s words, offering 查看该客户 for my own and 去领取 for a pool customer', async () => {
    const zhangsan = user('zhangsan');
    const repToken = await login(zhangsan);
    const [mine] = await runtime.db.manager.query('SELECT id, name FROM customers WHERE owner_id = ? ORDER BY id LIMIT 1', [Number(zhangsan.id)]);
    const pool = (await call<{ items: Array<{ id: string }> }>('GET', '/api/pools', repToken)).items[0]!;
    const inPool = (await call<{ items: Array<{ id: string; name: string }> }>('GET', `/api/pools/${pool.id}/customers?pageSize=1`, repToken)).items[0]!;
    expect(inPool, 'a customer waits in the pool').toBeTruthy();

    const rep = await loginAs('zhangsan');
    const tryCreate = async (name: string) => {
      const refused = await fetch(`${url}/api/customers`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${repToken}` }, body: JSON.stringify({ name }),
      });
      expect(refused.status).toBe(409);
      const { error } = await refused.json() as { error: { code: string; message: string } };
      expect(error.code).toBe('CUSTOMER_DUPLICATE');
      await rep.page.locator('[data-testid="customer-new"]').click();
      await field(rep.page, 'customer-name').fill(name);
      await rep.page.locator('[data-testid="customer-submit"]').click();
      const message = rep.page.locator('[data-testid="duplicate-message"]');
      await message.waitFor({ timeout: 30_000 });
      expect((await message.innerText()).trim()).toBe(error.message);
      return error.message;
    };

    const ownMessage = await tryCreate(mine.name);
    expect(ownMessage).toContain(mine.name);
    expect(await rep.page.locator('[data-testid="duplicate-claim"]').count()).toBe(0);
    await rep.page.locator('[data-testid="duplicate-notice"]').scrollIntoViewIfNeeded();
    await settle(rep.page);
    await screenshot(rep.page, 'level-12-duplicate-mine');
    await rep.page.locator('[data-testid="duplicate-view"]').click();
    await expect.poll(() => rep.page.locator('[data-testid="customer-detail-name"]').innerText(), { timeout: 30_000 }).toBe(mine.name);
    await rep.page.goBack();
    await rep.page.goBack();
    await rep.page.locator('[data-testid="customer-new"]').waitFor({ timeout: 30_000 });

    await tryCreate(inPool.name);
    expect(await rep.page.locator('[data-testid="duplicate-view"]').count()).toBe(0);
    await rep.page.locator('[data-testid="duplicate-notice"]').scrollIntoViewIfNeeded();
    await settle(rep.page);
    await screenshot(rep.page, 'level-13-duplicate-in-pool');
    await rep.page.locator('[data-testid="duplicate-claim"]').click();
    await rep.page.locator('[data-testid="customer-claim"]').waitFor({ timeout: 30_000 });
    expect(await rep.page.locator('[data-testid="customer-detail-name"]').innerText()).toBe(inPool.name);
    expect(rep.errors).toEqual([]);
  });
});
