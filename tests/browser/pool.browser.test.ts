import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, phonePage, screenshot, startDemoH5App, type DemoH5App, type DemoUser } from '../helpers/browser.ts';

interface PoolRules { holdingCap: number; dailyClaimLimit: number; exemptLevels: string[]; [rule: string]: unknown }

const SETUP_REASON = '测试准备：客户今年暂无预算';

/**
 * A demo rep claims a customer from the public pool on the H5 build, finds it among their own
 * customers, gives it back with a reason typed in the release sheet, and sees it return to the
 * pool with that reason; the ownership events are checked in the database.
 */
describe('H5: a rep claims a pool customer and releases it again', () => {
  let app: DemoH5App;

  beforeAll(async () => { app = await startDemoH5App('pool'); });
  afterAll(async () => { await app?.close(); });

  /** JSON over HTTP with a dev-login token: the test's setup uses the same API the app does. */
  const call = <T>(method: string, path: string, token: string | null, body?: unknown) => app.ok<T>(method, path, token, body);
  const login = async (user: DemoUser) => (await call<{ token: string }>('POST', '/api/auth/dev', null, { userId: user.id })).token;
  const count = async (sql: string, params: unknown[]) => Number((await app.runtime.db.manager.query(sql, params))[0].n);

  /**
   * Makes the flow independent of how the demo data happens to look: zhangsan gets room under the
   * holding cap and the daily limit (through the admin API), and a colleague releases one of their
   * customers — one zhangsan never gave up, so no claim cooldown applies — into zhangsan's pool.
   */
  async function preparePoolCustomer(users: DemoUser[], zhangsan: DemoUser): Promise<{ id: string; name: string; cooldownDays: number }> {
    const admin = users.find((u) => u.role === 'admin')!;
    const [adminToken, repToken] = [await login(admin), await login(zhangsan)];
    const pool = (await call<{ items: Array<{ id: string; rules: PoolRules & { claimCooldownDays: number } }> }>('GET', '/api/pools', repToken)).items[0]!;
    expect(pool, 'zhangsan belongs to a pool').toBeTruthy();

    const holding = await count('SELECT COUNT(*) AS n FROM customers WHERE owner_id = ?', [Number(zhangsan.id)]);
    // All of zhangsan's claims ever: an upper bound for today's.
    const claims = await count("SELECT COUNT(*) AS n FROM ownership_events WHERE to_user_id = ? AND type = 'claimed'", [Number(zhangsan.id)]);
    if (holding + 1 > pool.rules.holdingCap || claims + 1 > pool.rules.dailyClaimLimit) {
      await call('PUT', `/api/pools/${pool.id}/rules`, adminToken, {
        ...pool.rules,
        holdingCap: Math.max(pool.rules.holdingCap, holding + 5),
        dailyClaimLimit: Math.max(pool.rules.dailyClaimLimit, claims + 5),
      });
    }

    const exempt = pool.rules.exemptLevels;
    const [candidate] = await app.runtime.db.manager.query(
      `SELECT c.id, c.name, c.owner_id, c.pool_id FROM customers c JOIN users u ON u.id = c.owner_id
        WHERE u.role = 'rep' AND c.owner_id <> ? AND (c.pool_id = ? OR c.pool_id IS NULL)${exempt.length ? ` AND c.level NOT IN (${exempt.map(() => '?').join(', ')})` : ''}
          AND NOT EXISTS (SELECT 1 FROM ownership_events e WHERE e.customer_id = c.id AND e.from_user_id = ?)
        ORDER BY c.id LIMIT 1`,
      [Number(zhangsan.id), Number(pool.id), ...exempt, Number(zhangsan.id)],
    );
    expect(candidate, 'a colleague owns a customer to release').toBeTruthy();
    // Older demo data has no home pool on its customers; release needs one.
    if (candidate.pool_id === null) await app.runtime.db.manager.query('UPDATE customers SET pool_id = ? WHERE id = ?', [Number(pool.id), candidate.id]);
    const colleague = users.find((u) => u.id === String(candidate.owner_id))!;
    await call('POST', `/api/customers/${candidate.id}/release`, await login(colleague), { reason: SETUP_REASON });
    return { id: String(candidate.id), name: String(candidate.name), cooldownDays: pool.rules.claimCooldownDays };
  }

  /** Lets the H5 router's slide-in finish so screenshots show the page in place. */
  async function settle(page: Page): Promise<void> {
    await page.waitForTimeout(450);
  }

  async function searchPool(page: Page, name: string): Promise<void> {
    await field(page, 'pool-search').fill(name);
  }

  it('should claim from the pool, show it as mine, release it with a reason and show it back in the pool', async () => {
    const users = app.users;
    const zhangsan = users.find((u) => u.wecomUserId === 'zhangsan')!;
    const target = await preparePoolCustomer(users, zhangsan);

    const page = await phonePage(app.browser);
    const consoleErrors: string[] = [];
    page.on('pageerror', (err) => consoleErrors.push(err.message));

    await page.goto(app.url + '/');
    await page.locator('[data-testid="dev-user-zhangsan"]').click({ timeout: 30_000 });
    await page.locator('[data-testid^="customer-row-"]').first().waitFor({ timeout: 30_000 });

    // 公海 tab: rows say why each customer came back and how long it has waited.
    await page.locator('[data-testid="tab-pool"]').click();
    await page.locator('[data-testid^="pool-row-"]').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'pool-01-pool-list');
    await searchPool(page, target.name);
    const row = page.locator(`[data-testid="pool-row-${target.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid^="pool-row-"]').count()).toBe(1);
    expect(await page.locator(`[data-testid="pool-reason-${target.id}"]`).innerText()).toContain(SETUP_REASON);
    await screenshot(page, 'pool-02-pool-search');

    // 领取: a toast, and the customer leaves the pool list.
    await page.locator(`[data-testid="pool-claim-${target.id}"]`).click();
    await page.getByText('领取成功').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => row.count()).toBe(0);
    await screenshot(page, 'pool-03-claimed');

    // 我的 list: it is there, with its reclaim countdown.
    await page.locator('[data-testid="tab-customers"]').click();
    const mine = page.locator(`[data-testid="customer-row-${target.id}"]`);
    await mine.waitFor({ timeout: 30_000 });
    expect(await page.locator(`[data-testid="reclaim-days-${target.id}"]`).innerText()).toMatch(/^(\d+天后回收|今天回收)$/);
    await screenshot(page, 'pool-04-mine');

    // Detail: days until reclaim in the header, the claim at the top of the ownership history.
    await mine.click();
    await page.locator('[data-testid="customer-release"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="reclaim-days"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid^="history-item-"]').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid^="history-item-"]').first().innerText()).toContain(`${zhangsan.name} 从公海领取`);
    await settle(page);
    await screenshot(page, 'pool-05-detail');
    await page.locator('[data-testid="ownership-history"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'pool-06-ownership-history');

    // Release sheet: a quick reason plus typed words; both go into the record.
    await page.locator('[data-testid="customer-release"]').click();
    const typed = `浏览器测试：客户明年再评估 ${Date.now()}`;
    const chip = page.locator('[data-testid="release-reason-chip-0"]');
    const chipLabel = (await chip.innerText()).trim();
    await chip.click();
    await page.locator('[data-testid="release-reason-input"] textarea, textarea[data-testid="release-reason-input"]').first().fill(typed);
    await screenshot(page, 'pool-07-release-sheet');
    await page.locator('[data-testid="release-submit"]').click();

    // Back on the list, which no longer holds it.
    await page.getByText('已释放到公海').first().waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="customer-list"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => mine.count(), { timeout: 30_000 }).toBe(0);
    await settle(page);
    await screenshot(page, 'pool-08-after-release');

    // 公海 again: back in the pool, with the rep's reason.
    const expectedReason = `${chipLabel}：${typed}`;
    await page.locator('[data-testid="tab-pool"]').click();
    await page.locator('[data-testid^="pool-row-"]').first().waitFor({ timeout: 30_000 });
    await searchPool(page, target.name);
    await row.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator(`[data-testid="pool-reason-${target.id}"]`).innerText()).toContain(expectedReason);
    await screenshot(page, 'pool-09-back-in-pool');

    // Claiming it straight back is refused by the cooldown, in the server's own words.
    if (target.cooldownDays > 0) {
      // What the server says to zhangsan (a refused claim changes nothing)…
      const refused = await fetch(`${app.url}/api/customers/${target.id}/claim`, { method: 'POST', headers: { authorization: `Bearer ${await login(zhangsan)}` } });
      expect(refused.status).toBe(409);
      const { error } = await refused.json() as { error: { code: string; message: string } };
      expect(error.code).toBe('POOL_CLAIM_COOLDOWN');
      // The button already says why and until when (冷却至 MM-DD), greyed…
      const button = page.locator(`[data-testid="pool-claim-${target.id}"]`);
      await expect.poll(() => button.innerText()).toMatch(/^冷却至 \d{2}-\d{2}$/);
      expect(await button.getAttribute('data-claimable')).toBe('no');
      // …and a tap explains in the server's words.
      await button.click();
      const refusal = page.locator('[data-testid="claim-error"]');
      await refusal.waitFor({ timeout: 30_000 });
      expect((await refusal.innerText()).trim()).toBe(error.message);
      await settle(page);
      await screenshot(page, 'pool-10-claim-refused');
      await page.locator('[data-testid="claim-error-ok"]').click();
      expect(await row.count()).toBe(1);
    }

    // The ownership events: claimed by zhangsan, then released by zhangsan with the reason.
    const events: Array<{ type: string; reason: string | null; from_user_id: number | null; to_user_id: number | null; by_user_id: number | null }> =
      await app.runtime.db.manager.query('SELECT type, reason, from_user_id, to_user_id, by_user_id FROM ownership_events WHERE customer_id = ? ORDER BY at, id', [Number(target.id)]);
    const zid = Number(zhangsan.id);
    const claimedAt = events.findIndex((e) => e.type === 'claimed' && Number(e.to_user_id) === zid && Number(e.by_user_id) === zid);
    const releasedAt = events.findIndex((e) => e.type === 'released' && Number(e.from_user_id) === zid && e.reason === expectedReason);
    expect(claimedAt, JSON.stringify(events)).toBeGreaterThanOrEqual(0);
    expect(releasedAt, JSON.stringify(events)).toBeGreaterThan(claimedAt);
    expect(events.slice(-2).map((e) => e.type)).toEqual(['claimed', 'released']);
    expect(consoleErrors).toEqual([]);
  });
});
