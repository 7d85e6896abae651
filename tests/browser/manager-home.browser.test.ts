import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startDemoH5App, type DemoH5App } from '../helpers/browser.ts';

/**
 * The managers' home on the demo: 李经理 (华南) opens the app to his team's at-risk customers,
 * and reaches the departed 孙浩's customers (已离职) in two taps.
 */
describe('H5: the managers\' home', () => {
  let app: DemoH5App;

  // The demo at the real time of the run (the team's at-risk lists depend on today).
  beforeAll(async () => { app = await startDemoH5App('mgr-home', { at: new Date() }); });
  afterAll(async () => { await app?.close(); });

  const call = <T>(method: string, path: string, token: string | null, body?: unknown) => app.ok<T>(method, path, token, body);
  const user = (wecomUserId: string) => app.user(wecomUserId);
  const loginAs = (wecomUserId: string, errors: string[]) => app.loginAs(wecomUserId, errors);

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
    await page.goto(app.url + '/');
    await page.locator('[data-testid="scope-tab-mine"]').click({ timeout: 30_000 });
    await page.locator('[data-testid="customer-list"]').waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
  });
});
