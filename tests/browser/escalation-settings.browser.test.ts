import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, screenshot, startDemoH5App, type DemoH5App } from '../helpers/browser.ts';

interface Settings { enabled: boolean; levels: string[]; graceDays: number; dueWithinDays: number | null }
interface Forecast { period: string; targetFen: number | null; wonFen: number; weightedOpenFen: number; forecastFen: number; gapFen: number | null; openCount: number }
interface TeamHome { forecast: Forecast; members: Array<{ userId: string; name: string; forecastFen: number | null; wonFen: number | null }> }

/** The app's money format: ¥1,234.50. */
const yuan = (fen: number) => `${fen < 0 ? '-' : ''}¥${Math.floor(Math.abs(fen) / 100).toLocaleString('en-US')}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

/**
 * On the H5 build: the admin tunes the escalation (升级提醒) from 我的 — a refusal shows the
 * server's words, a save is what the job then reads — and a manager's home shows the team's
 * target, won, forecast and gap, and each member's forecast, as the server computed them.
 */
describe('H5: escalation settings and the team forecast', () => {
  let app: DemoH5App;

  beforeAll(async () => { app = await startDemoH5App('escalation-settings', { at: new Date() }); });
  afterAll(async () => { await app?.close(); });

  it('should let the admin change the escalation settings on their screen, with the server\'s refusals shown as they come', async () => {
    const errors: string[] = [];
    const bossToken = await app.tokenOf('boss');
    expect(await app.ok<Settings>('GET', '/api/escalation-settings', bossToken)).toEqual({ enabled: true, levels: ['key', 'A'], graceDays: 1, dueWithinDays: null });

    const page = await app.loginAs('boss', errors);
    await page.locator('[data-testid="tab-profile"]').click();
    await page.locator('[data-testid="profile-escalation"]').click({ timeout: 30_000 });
    const form = page.locator('[data-testid="escalation-settings"]');
    await form.waitFor({ timeout: 30_000 });
    expect(await form.innerText()).toContain('你的团队有 N 个重点客户即将回收');
    expect(await page.locator('[data-testid="esc-summary"]').innerText()).toContain('重点、A 级客户');
    await page.waitForTimeout(500); // the page's slide-in
    await screenshot(page, 'escalation-01-settings');

    // Out of range: the server refuses, in its words, under the field and on top; nothing is stored.
    await field(page, 'esc-grace-input').fill('9');
    await page.locator('[data-testid="esc-save"]').click();
    await page.locator('[data-testid="esc-grace-error"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="esc-grace-error"]').innerText()).toBe('跟进宽限天数须为 1 到 7 的整数');
    expect(await page.locator('[data-testid="form-error"]').innerText()).toBe('跟进宽限天数须为 1 到 7 的整数');
    expect((await app.ok<Settings>('GET', '/api/escalation-settings', bossToken)).graceDays).toBe(1);
    await screenshot(page, 'escalation-02-refused');

    // Two days' grace, B customers too, only those due within 3 days.
    await field(page, 'esc-grace-input').fill('2');
    await page.locator('[data-testid="esc-level-B"]').click();
    await page.locator('[data-testid="esc-due-toggle"]').click();
    await field(page, 'esc-due-input').fill('3');
    expect(await page.locator('[data-testid="esc-summary"]').innerText()).toContain('且距回收不超过 3 天');
    await page.locator('[data-testid="esc-save"]').click();
    await expect.poll(async () => app.ok<Settings>('GET', '/api/escalation-settings', bossToken), { timeout: 15_000 })
      .toEqual({ enabled: true, levels: ['key', 'A', 'B'], graceDays: 2, dueWithinDays: 3 });
    expect(await page.locator('[data-testid="form-error"]').count()).toBe(0);
    await screenshot(page, 'escalation-03-saved');

    // The job reads what was saved: turned off, it sends nothing.
    await page.locator('[data-testid="esc-enabled-toggle"]').click();
    await page.locator('[data-testid="esc-save"]').click();
    await expect.poll(async () => (await app.ok<Settings>('GET', '/api/escalation-settings', bossToken)).enabled, { timeout: 15_000 }).toBe(false);
    const run = await app.ok<{ enabled: boolean; affected: number }>('POST', '/sim/api/jobs/escalation/run', null);
    expect(run).toMatchObject({ enabled: false, affected: 0 });
    // After a reload the screen shows what is stored.
    await page.reload();
    await page.locator('[data-testid="escalation-settings"]').waitFor({ timeout: 30_000 });
    expect(await field(page, 'esc-grace-input').inputValue()).toBe('2');
    expect(await page.locator('[data-testid="esc-summary"]').innerText()).toContain('升级提醒已关闭');
    await screenshot(page, 'escalation-04-off');
    expect(errors).toEqual([]);
  });

  it('should show a manager his team\'s forecast next to the target, per member too, and no escalation entry', async () => {
    const errors: string[] = [];
    const mgrToken = await app.tokenOf('manager.south');
    // An open opportunity of one of his reps, closing this month, so the pipeline has something to weigh.
    const before = await app.ok<TeamHome>('GET', '/api/home/team', mgrToken);
    const team = await app.ok<{ items: Array<{ id: string; ownerId: string | null; ownerLeft: boolean }> }>('GET', '/api/customers?scope=team&pageSize=50', mgrToken);
    const held = team.items.find((c) => c.ownerId && !c.ownerLeft && before.members.some((m) => m.userId === c.ownerId))!;
    expect(held).toBeTruthy();
    const rep = app.users.find((u) => u.id === held.ownerId)!;
    await app.ok('POST', '/api/opportunities', await app.tokenOf(rep.wecomUserId), {
      customerId: held.id, name: '年度框架采购', amountFen: 123_456_00, probability: 50, expectedCloseOn: `${before.forecast.period}-28`,
    });
    const data = await app.ok<TeamHome>('GET', '/api/home/team', mgrToken);
    expect(data.forecast.weightedOpenFen - before.forecast.weightedOpenFen).toBeGreaterThanOrEqual(61_728_00 - 1);
    expect(data.forecast.forecastFen).toBe(data.forecast.wonFen + data.forecast.weightedOpenFen);

    const page = await app.loginAs('manager.south', errors);
    const card = page.locator('[data-testid="team-forecast"]');
    await card.scrollIntoViewIfNeeded({ timeout: 30_000 });
    expect(await card.locator('[data-testid="team-forecast-forecast"]').innerText()).toContain(yuan(data.forecast.forecastFen));
    expect(await card.locator('[data-testid="team-forecast-won"]').innerText()).toContain(yuan(data.forecast.wonFen));
    expect(await card.locator('[data-testid="team-forecast-open"]').innerText()).toContain(`${data.forecast.openCount} 个商机`);
    expect(await card.locator('[data-testid="team-forecast-open"]').innerText()).toContain(yuan(data.forecast.weightedOpenFen));
    if (data.forecast.targetFen === null) expect(await card.locator('[data-testid="team-forecast-target"]').innerText()).toContain('未设目标');
    else expect(await card.locator('[data-testid="team-forecast-target"]').innerText()).toContain(yuan(data.forecast.targetFen));
    const member = data.members.find((m) => m.userId === rep.id)!;
    expect(await page.locator(`[data-testid="member-forecast-${rep.id}"]`).innerText()).toBe(`成交 ${yuan(member.wonFen!)} · 预测 ${yuan(member.forecastFen!)}`);
    await page.waitForTimeout(400);
    await screenshot(page, 'escalation-05-manager-forecast');

    // 升级提醒 is the admins' only: not offered to a manager, and refused if reached anyway.
    await page.locator('[data-testid="tab-profile"]').click();
    await page.locator('[data-testid="profile-handover"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="profile-escalation"]').count()).toBe(0);
    expect((await app.call('GET', '/api/escalation-settings', mgrToken)).status).toBe(403);
    expect(errors).toEqual([]);
  });
});
