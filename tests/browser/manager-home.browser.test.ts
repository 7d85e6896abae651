import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';
import { AdjustableClock } from '../../server/infra/clock.ts';
import { createLogger } from '../../server/infra/logger.ts';
import { Runtime } from '../../bot/runtime.ts';
import { launchBrowser, phonePage, screenshot } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

interface DemoUser { id: string; wecomUserId: string; name: string; role: string }

/**
 * The managers' home on the demo: 李经理 (华南) opens the app to his team's at-risk customers,
 * and reaches the departed 孙浩's customers (已离职) in two taps.
 */
describe('H5: the managers\' home', () => {
  let runtime: Runtime;
  let database: TestDatabase;
  let browser: Browser;
  let url: string;
  let users: DemoUser[];

  async function call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    const res = await fetch(url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json as T;
  }
  const user = (wecomUserId: string) => users.find((u) => u.wecomUserId === wecomUserId)!;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = { ...loadConfig({ WECOM_MODE: 'simulator', LOG_LEVEL: 'silent', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }), database: database.config };
    runtime = await Runtime.create(config, {
      clock: new AdjustableClock(), logger: createLogger('silent'), seedDemo: true,
      kvPrefix: `wecrm:browser-mgr-home:${process.pid}:`,
    });
    url = await runtime.listen(0, '127.0.0.1');
    browser = await launchBrowser();
    users = (await call<{ items: DemoUser[] }>('GET', '/api/auth/dev/users', null)).items;
  });
  afterAll(async () => {
    await browser?.close();
    await runtime?.close();
    await database?.drop();
  });

  async function loginAs(wecomUserId: string, errors: string[]): Promise<Page> {
    const page = await phonePage(browser);
    page.on('pageerror', (err) => errors.push(`h5 ${wecomUserId}: ${err.message}`));
    await page.goto(url + '/');
    await page.locator(`[data-testid="dev-user-${wecomUserId}"]:visible`).click({ timeout: 30_000 });
    return page;
  }

  it('should open on the team\'s at-risk customers and reach a departed rep\'s customers in two taps', async () => {
    const errors: string[] = [];
    const token = (await call<{ token: string }>('POST', '/api/auth/dev', null, { userId: user('manager.south').id })).token;
    const team = await call<{ soonReclaimed: { items: Array<{ customerId: string; customerName: string }> }; forgotten: { items: Array<{ customerId: string }> }; departed: Array<{ userId: string; name: string; holding: number }> }>('GET', '/api/home/team', token);

    const page = await loginAs('manager.south', errors);
    await page.locator('[data-testid="team-home"]').waitFor({ timeout: 30_000 });
    // The at-risk customers the server lists for his team are on screen.
    const atRisk = team.soonReclaimed.items[0] ?? null;
    if (atRisk) await page.locator(`[data-testid="team-soon-list"] [data-testid="team-customer-${atRisk.customerId}"]`).waitFor({ timeout: 15_000 });
    else await page.locator('[data-testid="team-soon"]').getByText('团队没有即将回收的客户').waitFor();
    await screenshot(page, 'mgr-home-01-overview');

    // The demo's 孙浩 left still holding key accounts nobody handed over.
    const departed = team.departed.find((d) => d.name === '孙浩')!;
    expect(departed?.holding).toBeGreaterThan(0);
    const sunhao = { id: departed.userId, name: departed.name };
    {
      // Tap 1: the departed rep on the home; the team list filtered to him, each row badged 已离职.
      const row = page.locator(`[data-testid="departed-${sunhao.id}"]`);
      await row.scrollIntoViewIfNeeded();
      expect(await row.innerText()).toContain('已离职');
      await row.getByText(sunhao.name).click();
      const list = page.locator('[data-testid="customer-list"]');
      await list.locator('[data-testid^="customer-row-"]').first().waitFor({ timeout: 15_000 });
      const firstRow = list.locator('[data-testid^="customer-row-"]').first();
      expect(await firstRow.innerText()).toContain('已离职');
      await expect.poll(async () => list.locator('[data-testid^="customer-row-"]').count()).toBe(Math.min(departed.holding, 20));
      await screenshot(page, 'mgr-home-02-departed-customers');
      // Tap 2: one of his customers opens.
      await firstRow.click();
      await page.waitForURL(/customer-detail/, { timeout: 15_000 });
      // The header names the owner with 已离职 too.
      await page.locator('[data-testid="owner-left-badge"]').waitFor({ timeout: 15_000 });
    }
    // A switch to 我的.
    await page.goto(url + '/');
    await page.locator('[data-testid="scope-tab-mine"]').click({ timeout: 30_000 });
    await page.locator('[data-testid="customer-list"]').waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
  });
});
