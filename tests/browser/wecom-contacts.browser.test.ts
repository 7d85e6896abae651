import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, screenshot, startDemoH5App, type DemoH5App } from '../helpers/browser.ts';

/**
 * A demo rep finds their 待建档 WeCom customers from the customers page, opens 建档 (the form comes
 * prefilled from WeCom), goes back and instead links one to a customer of theirs; the customer
 * detail then names who follows that contact in WeCom.
 */
describe('H5: a rep works through their 待建档 WeCom customers', () => {
  let app: DemoH5App;

  beforeAll(async () => {
    app = await startDemoH5App('wcc');
    // What the start-up sync does in `npm start`.
    await app.runtime.findJob('wecom-contacts-sync')!.run(app.runtime.jobContext(), { now: app.runtime.clock.now(), dryRun: false });
  });
  afterAll(async () => { await app?.close(); });
  const db = () => app.runtime.db.manager;

  it('should open 待建档, prefill 建档 from WeCom and link a WeCom customer to one of the rep\'s customers', async () => {
    const errors: string[] = [];
    const page = await app.loginAs('zhangsan', errors);

    const banner = page.locator('[data-testid="wecom-pending-banner"]');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toContain('3 位企业微信客户');
    await screenshot(page, 'wcc-01-customers-banner');
    await banner.click();

    const rows = page.locator('[data-testid^="wecom-contact-wm"]');
    await rows.first().waitFor({ timeout: 30_000 });
    expect(await rows.count()).toBe(3);
    await screenshot(page, 'wcc-02-pending-list');
    const ext = (await rows.first().getAttribute('data-testid'))!.replace('wecom-contact-', '');
    const [wecom] = await db().query('SELECT name, corp_name FROM wecom_contacts WHERE external_user_id = ?', [ext]);

    await page.locator(`[data-testid="wecom-create-${ext}"]`).click();
    await page.locator('[data-testid="wecom-prefill-hint"]').waitFor({ timeout: 30_000 });
    const name = field(page, 'customer-name');
    await expect.poll(() => name.inputValue(), { timeout: 10_000 }).toBe(wecom.corp_name);
    await screenshot(page, 'wcc-03-create-prefilled');
    await page.goBack();

    await page.locator(`[data-testid="wecom-link-${ext}"]`).click();
    const mine = page.locator('[data-testid^="wecom-mine-"]').first();
    await mine.waitFor({ timeout: 30_000 });
    await screenshot(page, 'wcc-04-link-page');
    const customerId = (await mine.getAttribute('data-testid'))!.replace('wecom-mine-', '');
    await mine.click();

    await page.locator('[data-testid="customer-detail"]').waitFor({ timeout: 30_000 });
    const linked = page.locator('[data-testid^="contact-wecom-"]').filter({ hasText: '张三' });
    await linked.first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'wcc-05-detail-linked');

    // Linked to the customer picked: one of the rep's own (owned or co-followed, as 我的 lists them).
    const stored = await db().query('SELECT customer_id FROM customer_contacts WHERE external_user_id = ?', [ext]);
    expect(stored.map((r: any) => String(r.customer_id))).toEqual([customerId]);
    const [{ n }] = await db().query(
      `SELECT COUNT(*) AS n FROM customers c JOIN users u ON u.wecom_user_id = 'zhangsan'
        WHERE c.id = ? AND (c.owner_id = u.id OR EXISTS (SELECT 1 FROM customer_followers f WHERE f.customer_id = c.id AND f.user_id = u.id))`, [Number(customerId)]);
    expect(Number(n)).toBe(1);
    expect(errors).toEqual([]);
  });
});
