import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';
import { AdjustableClock } from '../../server/infra/clock.ts';
import { createLogger } from '../../server/infra/logger.ts';
import { Runtime } from '../../bot/runtime.ts';
import { launchBrowser, phonePage, screenshot } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

interface DemoUser { id: string; wecomUserId: string; name: string; role: string }
interface SimButton { type?: number; text: string; key?: string; url?: string }
interface SimMessage { msgid: string; taskId?: string; msgtype: string; replaceName?: string; template_card?: { card_type: string; button_list?: SimButton[] } }
interface HomeCards { forgotten: Array<{ customerId: string; customerName: string; days: number }>; soonReclaimed: Array<{ customerId: string }> }

const RELEASED_TEXT = '已放弃：客户无意向';

/** 10:00 in Shanghai on today's business date: outside quiet hours, whenever the suite runs. */
function businessMorning(): Date {
  const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return new Date(`${day}T10:00:00+08:00`);
}

/**
 * The demo of the bot, driven the way a person would show it: in the /sim chat of zhangsan a
 * reclaim warning arrives, "放弃客户" without a reason only asks for one, with a reason chosen on
 * the card it sends the customer back to the pool and the card says so;
 * a forgotten-customer card arrives, the same customer heads the home cards of the H5 app and
 * leaves them once a follow-up is logged from there; a card's "写跟进" link opens the sheet.
 */
describe('simulator demo: reclaim warning, 放弃客户, forgotten customer and the home cards', () => {
  let runtime: Runtime;
  let database: TestDatabase;
  let browser: Browser;
  let url: string;

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
  const chat = async (userId: string) => (await call<{ items: SimMessage[] }>('GET', `/sim/api/messages?touser=${userId}`, null)).items;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = { ...loadConfig({ WECOM_MODE: 'simulator', LOG_LEVEL: 'silent', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }), database: database.config };
    const clock = new AdjustableClock();
    clock.set(businessMorning());
    runtime = await Runtime.create(config, {
      clock, logger: createLogger('silent'), seedDemo: true,
      kvPrefix: `wecrm:browser-sim:${process.pid}:`,
    });
    url = await runtime.listen(0, '127.0.0.1');
    // The dispatcher and the callback processing, as `npm start` runs them; jobs only when pressed.
    runtime.startBackground({ jobs: false, dispatchIntervalMs: 200 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await runtime?.close();
    await database?.drop();
  });

  /** The simulator is a desktop page: member list beside the chat. */
  async function simPage(errors: string[]): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(`sim: ${err.message}`));
    return page;
  }

  async function settle(page: Page): Promise<void> {
    await page.waitForTimeout(450);
  }

  it('should release a warned customer from chat and drop a forgotten customer from the home cards after a follow-up', async () => {
    const errors: string[] = [];
    const users = (await call<{ items: DemoUser[] }>('GET', '/api/auth/dev/users', null)).items;
    const zhangsan = users.find((u) => u.wecomUserId === 'zhangsan')!;
    const token = (await call<{ token: string }>('POST', '/api/auth/dev', null, { userId: zhangsan.id })).token;

    // ---- /sim: zhangsan's chat, the warnings job, a reclaim warning arrives --------------------
    const sim = await simPage(errors);
    await sim.goto(url + '/sim');
    await sim.locator('[data-testid="sim-member-zhangsan"]').click({ timeout: 30_000 });
    await sim.locator('[data-testid="sim-job-reclaim-warnings"]').click({ timeout: 30_000 });

    let warnings: SimMessage[] = [];
    await expect.poll(async () => {
      warnings = (await chat('zhangsan')).filter((m) => m.template_card?.card_type === 'button_interaction');
      return warnings.length;
    }, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const warning = warnings[warnings.length - 1]!; // the oldest: messages come newest first
    const release = warning.template_card!.button_list!.find((b) => b.text === '放弃客户')!;
    const releasedId = /^release:(\d+)$/.exec(release.key!)![1]!;
    const card = sim.locator(`[data-testid="sim-card-${warning.taskId}"]`);
    await card.waitFor({ timeout: 30_000 });
    await scrollTo(card);
    await screenshot(sim, 'sim-01-reclaim-warning');

    // ---- 放弃客户 with the placeholder reason: nothing released, the card asks for a reason ------
    const releaseButton = sim.locator(`[data-testid="sim-card-button-${warning.taskId}-${release.key}"]`);
    await releaseButton.click();
    await expect.poll(() => card.innerText(), { timeout: 30_000 }).toContain('请先选择放弃原因');
    const [stillOwned] = await runtime.db.manager.query('SELECT owner_id FROM customers WHERE id = ?', [Number(releasedId)]);
    expect(Number(stillOwned.owner_id)).toBe(Number(zhangsan.id));
    await scrollTo(card);
    await screenshot(sim, 'sim-02-reason-required');

    // ---- a reason chosen on the card: the callback releases it, the card shows the outcome -------
    await card.locator('select').selectOption('no_interest');
    await releaseButton.click();
    const status = sim.locator(`[data-testid="sim-card-status-${warning.taskId}"]`);
    await status.waitFor({ timeout: 30_000 });
    expect((await status.innerText()).trim()).toBe(RELEASED_TEXT);
    await scrollTo(card);
    await screenshot(sim, 'sim-02-released');

    // In the pool, released by zhangsan with the reason chosen on the card.
    const [customer] = await runtime.db.manager.query('SELECT owner_id, pool_id FROM customers WHERE id = ?', [Number(releasedId)]);
    expect(customer.owner_id).toBeNull();
    expect(customer.pool_id).not.toBeNull();
    const events: Array<{ type: string; reason: string | null; from_user_id: number | null; by_user_id: number | null }> = await runtime.db.manager.query(
      'SELECT type, reason, from_user_id, by_user_id FROM ownership_events WHERE customer_id = ? ORDER BY at DESC, id DESC', [Number(releasedId)]);
    expect(events[0]).toMatchObject({ type: 'released', reason: '客户无意向' });
    expect(Number(events[0]!.from_user_id)).toBe(Number(zhangsan.id));
    expect(Number(events[0]!.by_user_id)).toBe(Number(zhangsan.id));

    // ---- forgotten customers: zhangsan's key accounts untouched for 150+ days ------------------
    const home = await call<HomeCards>('GET', '/api/home/cards', token);
    expect(home.forgotten.length, 'zhangsan has forgotten customers in the demo').toBeGreaterThanOrEqual(1);
    expect(home.soonReclaimed.map((c) => c.customerId)).not.toContain(releasedId);
    const target = home.forgotten[0]!;
    await sim.locator('[data-testid="sim-job-forgotten-customers"]').click();
    let notice: SimMessage | undefined;
    await expect.poll(async () => {
      // One card per customer, or one digest when more than three are due together.
      notice = (await chat('zhangsan')).find((m) => m.template_card?.card_type === 'text_notice' && JSON.stringify(m.template_card).includes(target.customerName));
      return Boolean(notice);
    }, { timeout: 30_000 }).toBe(true);
    const noticeCard = sim.locator(`[data-testid="sim-card-${notice!.taskId ?? notice!.msgid}"]`);
    await noticeCard.waitFor({ timeout: 30_000 });
    expect(await noticeCard.innerText()).toContain(target.customerName);
    await scrollTo(noticeCard);
    await screenshot(sim, 'sim-03-forgotten-card');

    // ---- the H5 app as zhangsan: the same customer heads the home cards ------------------------
    const app = await phonePage(browser);
    app.on('pageerror', (err) => errors.push(`h5: ${err.message}`));
    await app.goto(url + '/');
    await app.locator('[data-testid="dev-user-zhangsan"]:visible').click({ timeout: 30_000 });
    const row = app.locator(`[data-testid="home-forgotten-${target.customerId}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.innerText()).toContain(`已 ${target.days} 天未联系`);
    await settle(app);
    await screenshot(app, 'sim-04-home-cards');

    // 即将回收 no longer lists the customer given up in chat.
    await app.locator('[data-testid="home-tab-soon"]').click();
    await app.locator('[data-testid="home-rows-soon"]').waitFor();
    expect(await app.locator(`[data-testid="home-soon-${releasedId}"]`).count()).toBe(0);
    await screenshot(app, 'sim-05-home-soon');
    // Nothing planned for today in the demo: the designed empty state.
    await app.locator('[data-testid="home-tab-due"]').click();
    await app.locator('[data-testid="home-empty-due"]').waitFor();
    await screenshot(app, 'sim-06-home-due-empty');
    await app.locator('[data-testid="home-tab-forgotten"]').click();

    // ---- 写跟进 from the home card: the customer leaves 被遗忘 ----------------------------------
    await app.locator(`[data-testid="home-forgotten-followup-${target.customerId}"]`).click();
    expect((await app.locator('[data-testid="followup-customer"]').innerText())).toContain(target.customerName);
    const content = `首页卡片跟进：约了下周拜访 ${Date.now()}`;
    await app.locator('[data-testid="followup-type-call"]').click();
    await app.locator('[data-testid="followup-content"] textarea, textarea[data-testid="followup-content"]').first().fill(content);
    await screenshot(app, 'sim-07-follow-up-sheet');
    await app.locator('[data-testid="followup-submit"]').click();
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(0);
    await app.locator('[data-testid="followup-sheet"]').waitFor({ state: 'detached' });
    await app.getByText('已记录').first().waitFor({ state: 'hidden', timeout: 10_000 });
    await screenshot(app, 'sim-08-after-follow-up');

    const stored = await runtime.db.manager.query(
      'SELECT f.customer_id, u.wecom_user_id FROM follow_ups f JOIN users u ON u.id = f.author_id WHERE f.content = ?', [content]);
    expect(stored).toHaveLength(1);
    expect(String(stored[0].customer_id)).toBe(target.customerId);
    const after = await call<HomeCards>('GET', '/api/home/cards', token);
    expect(after.forgotten.map((f) => f.customerId)).not.toContain(target.customerId);

    // ---- a warning's 写跟进 link, opened without a session: login, then straight to the sheet ---
    const other = warnings.find((m) => m.taskId !== warning.taskId);
    if (other) {
      const write = other.template_card!.button_list!.find((b) => b.text === '写跟进')!;
      expect(write.url).toContain('action=follow-up');
      const fresh = await phonePage(browser);
      fresh.on('pageerror', (err) => errors.push(`h5 link: ${err.message}`));
      await fresh.goto(write.url!);
      await fresh.locator('[data-testid="dev-user-zhangsan"]:visible').click({ timeout: 30_000 });
      await fresh.locator('[data-testid="followup-sheet"]').waitFor({ timeout: 30_000 });
      const otherId = new URL(write.url!.replace('/#/', '/')).searchParams.get('id');
      expect(fresh.url()).toContain(`id=${otherId}`);
      await settle(fresh);
      await screenshot(fresh, 'sim-09-card-link-follow-up');
    }

    expect(errors).toEqual([]);
  });
});

/** The /sim chat re-renders when new cards arrive: scrolling for a screenshot retries on a fresh element. */
async function scrollTo(locator: { scrollIntoViewIfNeeded(opts?: { timeout?: number }): Promise<void> }): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await locator.scrollIntoViewIfNeeded({ timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt >= 4) throw err;
    }
  }
}
