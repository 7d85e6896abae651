import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { AdjustableClock } from '../../server/infra/clock.ts';
import { ARTIFACTS, screenshot, startDemoH5App, type DemoH5App } from '../helpers/browser.ts';
import { addCalendarDays, nextMonday, wallClockAt, weekdayLabel } from '../../miniprogram/src/utils/wall-clock.ts';

/**
 * A rep's rough edges, on the demo: the login picker grouped by role (with what each role can
 * try, the departed rep shown as such), the tab bar's icons, and 下次跟进 with a date and a time —
 * on a phone whose own time zone is not the business one, so nothing may lean on the phone's zone.
 */
describe('H5: a rep\'s polish', () => {
  let app: DemoH5App;
  let page: Page;
  let now: Date;
  const errors: string[] = [];
  const TZ = 'Asia/Shanghai';

  beforeAll(async () => {
    app = await startDemoH5App('rep-polish');
    now = app.runtime.clock.now();
    const context = await app.browser.newContext({
      viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'zh-CN', isMobile: true, hasTouch: true,
      timezoneId: 'America/New_York',
    });
    page = await context.newPage();
    // The phone's clock reads the server's (simulated) now, and runs on from there (the picker's columns
    // glide to the chosen row over time: a clock stopped still would hold them where they start).
    await page.clock.install({ time: now });
    page.on('pageerror', (err) => errors.push(err.message));
  });
  afterAll(async () => { await app?.close(); });

  /**
   * Turns column `column` of the open picker until `value` is its selected row: scrolls the column a few
   * rows at a time (its own scroll position, where a drag or a wheel leaves it), lets the picker settle on
   * a row, and reads which one it chose.
   */
  async function pickInColumn(overlay: Locator, column: number, value: string): Promise<void> {
    const group = overlay.locator('.taro-picker__group').nth(column);
    for (let attempt = 0; attempt < 15; attempt++) {
      const offset = await group.evaluate((g, want) => {
        const items = [...g.querySelectorAll('.taro-picker__item:not(.taro-picker__item--blank)')];
        const current = items.findIndex((el) => el.classList.contains('taro-picker__item--selected'));
        // A column may repeat a value: the nearest occurrence.
        const targets = items.map((el, i) => (el.textContent === want ? i : -1)).filter((i) => i >= 0);
        const target = targets.reduce((best, i) => (Math.abs(i - current) < Math.abs(best - current) ? i : best), targets[0]!);
        const rows = Math.max(-5, Math.min(5, target - current));
        if (rows !== 0) g.querySelector('.taro-picker__content')!.scrollBy(0, rows * items[0]!.getBoundingClientRect().height);
        return target - current;
      }, value);
      if (offset === 0) return;
      await page.waitForTimeout(700); // the column settles on a row after the scroll ends
    }
    throw new Error(`the picker column ${column} did not reach ${value}`);
  }

  const openPicker = async (testId: string): Promise<Locator> => {
    await page.locator(`[data-testid="${testId}"]`).click();
    const overlay = page.locator('.taro-picker__overlay');
    await overlay.locator('.taro-picker__bd').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(600); // it slides up (0.3 s) and scrolls each column to its value
    return overlay;
  };
  const confirmPicker = async (overlay: Locator) => {
    await overlay.locator('.taro-picker__action', { hasText: '确定' }).click();
    await page.locator('.taro-picker__overlay').waitFor({ state: 'detached', timeout: 10_000 });
  };

  it('should log in through the picker grouped by role, with what each role can try and the departed rep shown as such', async () => {
    await page.goto(app.url + '/');
    await page.locator('[data-testid="dev-user-picker"]').waitFor({ timeout: 30_000 });
    const groups = await page.locator('[data-testid^="dev-group-"]:not([data-testid$="-try"])').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(groups).toEqual(['dev-group-admin', 'dev-group-manager', 'dev-group-rep']);
    expect(await page.locator('[data-testid="dev-group-manager"]').innerText()).toMatch(/^经理/);
    expect(await page.locator('[data-testid="dev-group-manager-try"]').innerText()).toContain('交接');
    expect(await page.locator('[data-testid="dev-group-rep-try"]').innerText()).toContain('下次跟进');
    // Each person in their role's group.
    await page.locator('[data-testid="dev-group-manager"] [data-testid="dev-user-manager.east"]').waitFor();
    await page.locator('[data-testid="dev-group-admin"] [data-testid="dev-user-boss"]').waitFor();
    // 孙浩 left: shown in 销售 as 已离职, and not offered for login.
    const departed = page.locator('[data-testid="dev-group-rep"] [data-testid="dev-departed-sunhao"]');
    expect(await departed.innerText()).toContain('已离职');
    expect(await page.locator('[data-testid="dev-user-sunhao"]').count()).toBe(0);
    await screenshot(page, 'rep-polish-01-login-picker');
    await departed.scrollIntoViewIfNeeded();
    await screenshot(page, 'rep-polish-02-login-picker-reps');

    await page.locator('[data-testid="dev-group-rep"] [data-testid="dev-user-zhangsan"]').click();
    await page.locator('[data-testid="customer-list"] [data-testid^="customer-row-"]').first().waitFor({ timeout: 30_000 });
  });

  it('should draw an icon for every tab, the active one in its own colour', async () => {
    const icons = await page.locator('.tab-bar [data-testid$="-icon"] img').evaluateAll((imgs) => imgs.map((img) => ({
      src: img.getAttribute('src') ?? '', width: (img as unknown as { naturalWidth: number }).naturalWidth, shown: img.getBoundingClientRect().width,
    })));
    expect(icons).toHaveLength(5);
    const svgs = icons.map((i) => {
      expect(i.src).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(i.width).toBeGreaterThan(0); // the browser decoded and drew it
      expect(i.shown).toBeGreaterThan(15);
      return Buffer.from(i.src.split(',')[1]!, 'base64').toString('latin1');
    });
    expect(svgs[0]).toContain('stroke="#0082ef"'); // 客户, the page we are on
    for (const idle of svgs.slice(1)) expect(idle).toContain('stroke="#8f959e"');
    expect(svgs.reduce((n, s) => n + s.length, 0)).toBeLessThan(4_000);
    await screenshot(page, 'rep-polish-03-list');
    await page.locator('.tab-bar').screenshot({ path: join(ARTIFACTS, 'rep-polish-04-tab-bar.png') });
  });

  it('should plan the next follow-up on a chosen date and time, refuse a time already past, and show the server\'s refusal as it is', async () => {
    const row = page.locator('[data-testid^="customer-row-"]').first();
    const customerId = (await row.getAttribute('data-testid'))!.replace('customer-row-', '');
    await row.click();
    const open = page.locator('[data-testid="followup-open"]');
    await open.waitFor({ timeout: 30_000 });
    const content = page.locator('[data-testid="followup-content"] textarea, textarea[data-testid="followup-content"]').first();

    // 下周一 at 14:30, business time.
    const today = wallClockAt(now, TZ).date;
    const monday = nextMonday(today);
    await open.click();
    await content.fill('约了下周一下午当面演示');
    await page.locator('[data-testid="followup-next-nextMonday"]').click();
    expect(await page.locator('[data-testid="followup-next-nextMonday"]').innerText()).toContain(`${monday.slice(5)} 周一`);
    let overlay = await openPicker('followup-next-time');
    await pickInColumn(overlay, 0, '14');
    await pickInColumn(overlay, 1, '30');
    await confirmPicker(overlay);
    const planned = `${monday.slice(5)} 周一 14:30`;
    expect(await page.locator('[data-testid="followup-next-summary"]').innerText()).toBe(`下次跟进：${planned}`);
    await screenshot(page, 'rep-polish-05-next-follow-up');
    await page.locator('[data-testid="followup-submit"]').click();
    await page.locator('[data-testid="followup-sheet"]').waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByText('约了下周一下午当面演示').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid^="followup-item-next-"]').first().innerText()).toBe(`下次跟进：${planned}`);
    // …and in the customer's header, the plan now in force.
    expect(await page.locator('[data-testid="customer-next-follow-up"]').innerText()).toBe(`下次跟进 ${planned}`);
    await page.waitForTimeout(1600); // the 已记录 toast fades
    await screenshot(page, 'rep-polish-06-timeline');

    // Stored as the instant of Monday 14:30 in Shanghai.
    const token = await app.tokenOf('zhangsan');
    const list = await app.ok<{ items: Array<{ content: string; nextFollowUpAt: string | null }> }>('GET', `/api/customers/${customerId}/follow-ups`, token);
    const saved = list.items.find((f) => f.content === '约了下周一下午当面演示')!;
    expect(saved.nextFollowUpAt).toBe(new Date(`${monday}T14:30:00+08:00`).toISOString());

    // Today at 09:00 has passed (it is 10:00): the form says so and sends nothing.
    const count = list.items.length;
    await open.click();
    await content.fill('再约时间');
    overlay = await openPicker('followup-next-date');
    await confirmPicker(overlay); // the picker opens on today
    expect(await page.locator('[data-testid="followup-next-date"]').innerText()).toContain(`${today.slice(5)} ${weekdayLabel(today)}`);
    const pastError = page.locator('[data-testid="followup-next-error"]');
    expect(await pastError.innerText()).toBe(`下次跟进时间 ${today} 09:00 已过，请选择之后的时间`);
    await page.locator('[data-testid="followup-submit"]').click();
    await page.waitForTimeout(500);
    await screenshot(page, 'rep-polish-07-past-refused');
    expect((await app.ok<{ items: unknown[] }>('GET', `/api/customers/${customerId}/follow-ups`, token)).items).toHaveLength(count);
    // Two hours on, 11:00 today is ahead: the refusal goes.
    overlay = await openPicker('followup-next-time');
    await pickInColumn(overlay, 0, '11');
    await confirmPicker(overlay);
    await pastError.waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid="followup-next-summary"]').innerText()).toBe(`下次跟进：${today.slice(5)} ${weekdayLabel(today)} 11:00`);
    await page.locator('[data-testid="followup-sheet-close"]').click();

    // A phone whose clock runs a day behind still plans from the server's now: 明天 is the server's tomorrow.
    await page.clock.setFixedTime(new Date(now.getTime() - 24 * 3_600_000));
    const tomorrow = page.locator('[data-testid="followup-next-tomorrow"]');
    await open.click();
    await expect.poll(() => tomorrow.innerText(), { timeout: 10_000 }).toContain(addCalendarDays(today, 1).slice(5));
    await content.fill('明早再打');
    await tomorrow.click();
    // Meanwhile the simulator's clock moves a day on (as /sim does): tomorrow 09:00 is now past for the
    // server, which refuses it; its message is shown as it comes.
    (app.runtime.clock as AdjustableClock).advance(24 * 3_600_000);
    await page.locator('[data-testid="followup-submit"]').click();
    expect(await page.locator('[data-testid="followup-error"]').innerText({ timeout: 30_000 })).toBe('下次跟进时间必须晚于本次跟进时间');
    await screenshot(page, 'rep-polish-08-server-refused');
    expect((await app.ok<{ items: unknown[] }>('GET', `/api/customers/${customerId}/follow-ups`, token)).items).toHaveLength(count);
    expect(errors).toEqual([]);
  });
});
