import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';
import { AdjustableClock } from '../../server/infra/clock.ts';
import { createLogger } from '../../server/infra/logger.ts';
import { Runtime } from '../../bot/runtime.ts';
import { launchBrowser, phonePage, screenshot } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

/** A demo rep logs in on the H5 build, opens a customer and logs a follow-up in three taps. */
describe('H5: a rep logs a follow-up', () => {
  let runtime: Runtime;
  let database: TestDatabase;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = { ...loadConfig({ WECOM_MODE: 'simulator', LOG_LEVEL: 'silent', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }), database: database.config };
    runtime = await Runtime.create(config, {
      clock: new AdjustableClock(), logger: createLogger('silent'), seedDemo: true,
      kvPrefix: `wecrm:browser:${process.pid}:`,
    });
    url = await runtime.listen(0, '127.0.0.1');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await runtime?.close();
    await database?.drop();
  });

  it('should log in as a demo rep, open a customer and record a follow-up', async () => {
    const page = await phonePage(browser);
    const consoleErrors: string[] = [];
    page.on('pageerror', (err) => consoleErrors.push(err.message));

    await page.goto(url + '/');
    const pick = page.locator('[data-testid="dev-user-zhangsan"]');
    await pick.waitFor({ timeout: 30_000 });
    await screenshot(page, '01-login-picker');
    await pick.click();

    const firstRow = page.locator('[data-testid^="customer-row-"]').first();
    await firstRow.waitFor({ timeout: 30_000 });
    await screenshot(page, '02-customer-list');
    const rowId = (await firstRow.getAttribute('data-testid'))!.replace('customer-row-', '');
    await firstRow.click();

    const open = page.locator('[data-testid="followup-open"]');
    await open.waitFor({ timeout: 30_000 });
    await screenshot(page, '03-customer-detail');
    await open.click();

    const content = `浏览器测试跟进 ${Date.now()}`;
    await page.locator('[data-testid="followup-type-visit"]').click();
    await page.locator('[data-testid="followup-content"] textarea, textarea[data-testid="followup-content"]').first().fill(content);
    await screenshot(page, '04-follow-up-sheet');
    await page.locator('[data-testid="followup-submit"]').click();

    await page.getByText(content).first().waitFor({ timeout: 30_000 });
    await screenshot(page, '05-timeline-after-follow-up');

    // The follow-up is really stored, as a visit, by the rep, on that customer.
    const rows = await runtime.db.manager.query(
      'SELECT f.type, f.customer_id, u.wecom_user_id FROM follow_ups f JOIN users u ON u.id = f.author_id WHERE f.content = ?', [content]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'visit', wecom_user_id: 'zhangsan' });
    expect(String(rows[0].customer_id)).toBe(rowId);

    // A customer the rep cannot see (someone else's, or none): the page says so and offers the way back.
    const [hidden] = await runtime.db.manager.query("SELECT c.id FROM customers c JOIN users u ON u.id = c.owner_id WHERE u.wecom_user_id = 'zhaolei' ORDER BY c.id LIMIT 1");
    await page.goto(`${url}/#/pages/customer-detail/index?id=${hidden.id}`);
    await page.locator('[data-testid="state-back"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="state-error"]').innerText()).toContain('可能已转给他人');
    await page.waitForTimeout(1600); // the 已记录 toast fades and the page slides in
    await screenshot(page, '06-customer-not-visible');
    await page.locator('[data-testid="state-back"]').click();
    await page.locator('[data-testid="state-back"]').waitFor({ state: 'detached', timeout: 30_000 });
    expect(consoleErrors).toEqual([]);
  });
});
