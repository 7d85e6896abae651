import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startDemoH5App, type DemoH5App } from '../helpers/browser.ts';

interface Row { id: string; name: string; level: string; reclaimAt: string | null; owner?: { id: string } | null }

/**
 * The demo's /sim page: "+7 天" walks the week as production lives it. A rep of 王经理 has an
 * A-level customer due in a few days; on the way the rep is warned at 09:10, ignores it, and the
 * next morning at 09:15 王经理's chat gets the escalation digest. The page shows every run.
 */
describe('/sim: time travel with the run report', () => {
  let app: DemoH5App;

  beforeAll(async () => { app = await startDemoH5App('sim-travel'); });
  afterAll(async () => { await app?.close(); });

  it('should show the run report and the manager\'s escalation digest after +7 天', async () => {
    const errors: string[] = [];
    // An A-level customer of 王经理's team due at the end of its warning window (00:00 in three days'
    // time): warned tomorrow at 09:10, ignored, still the rep's at 09:15 the day after.
    const manager = await app.tokenOf('manager.east');
    const soon = await app.ok<{ items: Row[] }>('GET', '/api/customers?scope=team&soon=true', manager);
    const { now: simNow } = await app.ok<{ now: string }>('GET', '/sim/api/clock', null);
    const target = soon.items.filter((c) => c.reclaimAt && Date.parse(c.reclaimAt) - Date.parse(simNow) > 48 * 3_600_000)
      .sort((a, b) => Date.parse(a.reclaimAt!) - Date.parse(b.reclaimAt!))[0];
    expect(target, 'the demo has a team customer in its warning window').toBeDefined();
    if (target!.level !== 'A') await app.ok('PATCH', `/api/customers/${target!.id}`, manager, { level: 'A', reason: '时间旅行演示' });

    const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    const sim = await context.newPage();
    sim.on('pageerror', (err) => errors.push(`sim: ${err.message}`));
    await sim.goto(app.url + '/sim');
    await sim.locator('[data-testid="sim-member-manager.east"]').click({ timeout: 30_000 });
    await sim.locator('[data-testid="sim-clock"]').filter({ hasText: /\d{4}-\d{2}-\d{2}/ }).waitFor({ timeout: 15_000 });
    const before = await sim.locator('[data-testid="sim-clock"]').getAttribute('data-now');

    const started = Date.now();
    await sim.locator('[data-testid="sim-advance-7"]').click();
    // While it runs the buttons wait and the bar says where the travel is.
    await expect.poll(() => sim.locator('[data-testid="sim-advance-7"]').isDisabled(), { timeout: 5_000 }).toBe(true);
    await sim.locator('[data-testid="sim-travel-progress"]').filter({ hasText: '时间旅行中' }).waitFor({ timeout: 5_000 });
    await screenshot(sim, 'sim-travel-01-progress');
    const report = sim.locator('[data-testid="sim-travel-report"]');
    // A few seconds on a quiet machine; CI machines running several suites at once are slower.
    await report.locator('[data-testid="sim-travel-summary"]').waitFor({ timeout: 240_000 });
    const travelMs = Date.now() - started;
    console.log(`+7 天 on the demo: ${travelMs} ms until the report showed`);

    // The clock moved 7 days; the report lists the warnings before the escalation, with business times.
    await expect.poll(async () => Date.parse((await sim.locator('[data-testid="sim-clock"]').getAttribute('data-now'))!) - Date.parse(before!), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(7 * 86_400_000);
    const runs = report.locator('[data-testid^="sim-travel-run-"]');
    const texts = await runs.allInnerTexts();
    const firstIndex = (label: string) => texts.findIndex((t) => t.includes(label));
    expect(firstIndex('回收预警')).toBeGreaterThanOrEqual(0);
    expect(firstIndex('升级提醒')).toBeGreaterThan(firstIndex('回收预警'));
    expect(texts[firstIndex('回收预警')]).toMatch(/^\d{2}-\d{2} 周.\s*09:10\s*回收预警：\d+ 条$/);
    expect(texts[firstIndex('升级提醒')]).toMatch(/09:15\s*升级提醒：\d+ 条/);
    // Quiet runs are behind the toggle: every run is listed once it is pressed.
    const shown = texts.length;
    await report.locator('[data-testid="sim-travel-show-all"]').click();
    expect(await runs.count()).toBeGreaterThan(shown);
    await report.locator('[data-testid="sim-travel-show-all"]').click();
    await screenshot(sim, 'sim-travel-02-report');

    // 王经理's chat has the digest, and the report counts it among what he got.
    const digest = sim.locator('[data-testid^="sim-card-"]').filter({ hasText: '重点客户即将回收' }).first();
    await digest.waitFor({ timeout: 30_000 });
    expect(await digest.innerText()).toMatch(/你的团队有 \d+ 个重点客户即将回收/);
    await digest.scrollIntoViewIfNeeded();
    const mine = report.locator('[data-testid="sim-travel-deliveries-manager.east"]');
    await mine.locator('summary').click();
    expect(await mine.innerText()).toContain('重点客户即将回收');
    await screenshot(sim, 'sim-travel-03-manager-digest');
    expect(errors).toEqual([]);
  }, 300_000);
});
