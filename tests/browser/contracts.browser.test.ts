import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../bot/runtime.ts';
import { field, phonePage, screenshot, startDemoH5App, type DemoH5App, type DemoUser } from '../helpers/browser.ts';

interface TargetCard { me: { actual: { wonAmountFen: number; paymentsFen: number }; target: { wonAmountFen: number } | null } }


const yuan = (fen: number) => `¥${Math.floor(fen / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(fen % 100).padStart(2, '0')}`;

/**
 * A rep on the demo company: the home page shows this month's 业绩 card; the rep creates a
 * contract within the limit (signed at once), adds its payment plan, records a partial payment,
 * and sees the card move by exactly those amounts.
 */
describe('H5: a rep signs a contract, records a payment and sees the target card move', () => {
  let app: DemoH5App;
  let runtime: Runtime;
  let browser: Browser;
  let url: string;
  let users: DemoUser[];

  beforeAll(async () => {
    app = await startDemoH5App('contracts');
    ({ runtime, browser, url, users } = app);
  });
  afterAll(async () => { await app?.close(); });

  const call = <T>(method: string, path: string, token: string | null, body?: unknown) => app.ok<T>(method, path, token, body);

  const settle = (page: Page) => page.waitForTimeout(450);

  it('should move 本月业绩 by the signed amount and the payment recorded', async () => {
    const errors: string[] = [];
    const zhangsan = users.find((u) => u.wecomUserId === 'zhangsan')!;
    const token = (await call<{ token: string }>('POST', '/api/auth/dev', null, { userId: zhangsan.id })).token;
    const before = (await call<{ target: TargetCard }>('GET', '/api/home', token)).target;
    expect(before.me.target, 'the demo sets 张三\'s target').not.toBeNull();
    const [customer] = await runtime.db.manager.query('SELECT id, name FROM customers WHERE owner_id = ? ORDER BY id DESC LIMIT 1', [Number(zhangsan.id)]);
    const number = `HT-B-${Date.now()}`;

    const page = await phonePage(browser);
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(url + '/');
    await page.locator('[data-testid="dev-user-zhangsan"]:visible').click({ timeout: 30_000 });
    const won = page.locator('[data-testid="target-me-won"]');
    await won.waitFor({ timeout: 30_000 });
    await expect.poll(() => won.innerText(), { timeout: 30_000 }).toContain(yuan(before.me.actual.wonAmountFen));
    await settle(page);
    await screenshot(page, 'contracts-00-home-target-card');

    // 合同 › → 新建合同
    await page.locator('[data-testid="target-card"]').getByText('合同 ›').click();
    await page.locator('[data-testid="contracts-page"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="contract-new"]').click();
    await page.locator('[data-testid="contract-new-page"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="contract-submit"]').click();
    await page.getByText('请选择客户').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="contract-customer"]').click();
    await field(page, 'customer-picker-search').fill(customer.name);
    await page.locator(`[data-testid="pick-customer-${customer.id}"]`).click({ timeout: 30_000 });
    await field(page, 'contract-number').fill(number);
    await field(page, 'contract-amount').fill('12345.67');
    await field(page, 'contract-discount').fill('5');
    await page.getByText('合计 ¥12,345.67').waitFor();
    await settle(page);
    await screenshot(page, 'contracts-01-new-filled');
    await page.locator('[data-testid="contract-submit"]').click();
    await page.locator('[data-testid="contract-detail"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid="contract-status"]').innerText(), { timeout: 30_000 }).toBe('已签订');
    expect(await page.locator('[data-testid="contract-amount-text"]').innerText()).toBe('¥12,345.67');

    // 添加回款计划 (the whole amount, due today), then 登记回款 of 5,000 元.
    await page.locator('[data-testid="plan-add"]').click();
    await page.locator('[data-testid="plan-sheet"]').waitFor();
    expect(await field(page, 'plan-amount').inputValue()).toBe('12345.67');
    await page.locator('[data-testid="plan-save"]').click();
    const payButton = page.locator('[data-testid^="payment-add-"]').first();
    await payButton.waitFor({ timeout: 30_000 });
    await payButton.click();
    await page.locator('[data-testid="payment-sheet"]').waitFor();
    await field(page, 'payment-amount').fill('99999');
    await page.locator('[data-testid="payment-save"]').click();
    await page.getByText('不能超过未收金额 ¥12,345.67').waitFor({ timeout: 10_000 });
    await field(page, 'payment-amount').fill('5000');
    await page.locator('[data-testid="payment-save"]').click();
    await page.getByText(/收到 ¥5,000\.00/).waitFor({ timeout: 30_000 });
    await settle(page);
    await screenshot(page, 'contracts-02-detail-with-payment');

    // Back home: the card shows the new figures.
    const after = (await call<{ target: TargetCard }>('GET', '/api/home', token)).target;
    expect(after.me.actual.wonAmountFen).toBe(before.me.actual.wonAmountFen + 1_234_567);
    expect(after.me.actual.paymentsFen).toBe(before.me.actual.paymentsFen + 500_000);
    await page.goto(url + '/#/pages/customers/index');
    await expect.poll(() => page.locator('[data-testid="target-me-won"]').innerText(), { timeout: 30_000 }).toContain(yuan(after.me.actual.wonAmountFen));
    await expect.poll(() => page.locator('[data-testid="target-me-payments"]').innerText(), { timeout: 30_000 }).toContain(yuan(after.me.actual.paymentsFen));
    await settle(page);
    await screenshot(page, 'contracts-03-home-target-moved');
    expect(errors).toEqual([]);
  }, 180_000);
  it('should let a manager see the department\'s ranking and set a rep\'s target for the month', async () => {
    const errors: string[] = [];
    const manager = users.find((u) => u.wecomUserId === 'manager.east')!;
    const zhangsan = users.find((u) => u.wecomUserId === 'zhangsan')!;
    const page = await phonePage(browser);
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(url + '/');
    await page.locator('[data-testid="dev-user-manager.east"]:visible').click({ timeout: 30_000 });
    await page.locator('[data-testid="target-ranking"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="target-ranking"]').innerText()).toContain(zhangsan.name);
    await page.locator('[data-testid="target-department"]').scrollIntoViewIfNeeded();
    await settle(page);
    await screenshot(page, 'contracts-04-manager-home-ranking');

    await page.locator('[data-testid="tab-profile"]').click();
    await page.locator('[data-testid="profile-targets"]').click({ timeout: 30_000 });
    const row = page.locator(`[data-testid="target-row-user-${zhangsan.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await page.locator('[data-testid="target-sheet"]').waitFor();
    await field(page, 'target-won').fill('900000');
    await field(page, 'target-payments').fill('350000');
    await page.locator('[data-testid="target-save"]').click();
    await expect.poll(() => row.innerText(), { timeout: 30_000 }).toContain('¥900,000.00');
    await settle(page);
    await screenshot(page, 'contracts-05-manager-targets');
    const token = (await call<{ token: string }>('POST', '/api/auth/dev', null, { userId: manager.id })).token;
    const period = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const targets = await call<{ items: Array<{ type: string; id: string; target: { wonAmountFen: number; paymentsFen: number } | null }> }>('GET', `/api/targets?period=${period}`, token);
    expect(targets.items.find((i) => i.type === 'user' && i.id === zhangsan.id)?.target).toEqual({ wonAmountFen: 90_000_000, paymentsFen: 35_000_000 });
    expect(errors).toEqual([]);
  }, 180_000);
});
