import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, startDemoH5App, type DemoH5App } from '../helpers/browser.ts';

/**
 * The first screen in round trips (issue 13, `npm run bench:h5`): opening the app with a session asks for
 * index.html, then at once for one script, one style sheet, the app's configuration and the first page of
 * customers (index.html's early calls, which the app uses instead of asking again); no page chunk is
 * fetched after the script runs.
 */
describe('H5: the first screen of a logged-in user', () => {
  let app: DemoH5App;

  beforeAll(async () => { app = await startDemoH5App('first-screen'); });
  afterAll(async () => { await app?.close(); });

  /** A cold opening of `/` with the session of a page already logged in; the requests until `ready` shows. */
  async function reopen(loggedIn: Page, ready: string): Promise<{ page: Page; requests: string[] }> {
    const state = await loggedIn.context().storageState();
    const context = await app.browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', isMobile: true, storageState: state });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname + new URL(r.url()).search));
    await page.goto(app.url + '/');
    await page.locator(ready).first().waitFor({ timeout: 30_000 });
    return { page, requests };
  }

  const scripts = (requests: string[]) => requests.filter((r) => r.endsWith('.js'));
  const styles = (requests: string[]) => requests.filter((r) => r.endsWith('.css'));

  it('should show a rep their customers from one script and one style sheet, the list asked for once', async () => {
    const errors: string[] = [];
    const login = await app.loginAs('zhangsan', errors);
    const { page, requests } = await reopen(login, '[data-testid="customer-list"] [data-testid^="customer-row-"]');
    expect(scripts(requests)).toEqual([expect.stringMatching(/^\/js\/app\.[0-9a-f]+\.js$/)]);
    expect(styles(requests)).toEqual([expect.stringMatching(/^\/css\/app\.[0-9a-f]+\.css$/)]);
    expect(requests.filter((r) => r.startsWith('/api/customers?'))).toEqual(['/api/customers?scope=mine&page=1&pageSize=20']);
    // The app's configuration too: asked for by index.html, used by the launch instead of asking again.
    expect(requests.filter((r) => r.startsWith('/api/config'))).toEqual(['/api/config']);
    // Straight to the list: the start page (login) was not drawn on the way.
    expect(await page.locator('.login').count()).toBe(0);
    // Plain elements only: no Web Component (Taro's Stencil ones were upgraded and styled one by one).
    expect(await page.evaluate(`[...document.querySelectorAll('*')].filter((el) => el.tagName.includes('-')).map((el) => el.tagName)`)).toEqual([]);
    expect(await page.evaluate(`['taro-view-core', 'taro-text-core', 'taro-input-core'].filter((tag) => customElements.get(tag))`)).toEqual([]);
    await screenshot(page, 'first-screen-01-rep');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('should draw the rows in the list\'s first render when the early answer came before the script', async () => {
    const errors: string[] = [];
    const login = await app.loginAs('zhangsan', errors);
    const state = await login.context().storageState();
    const context = await app.browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', isMobile: true, storageState: state });
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    // Whether the list ever showed its loading state (a render without rows, then a second one with them).
    await page.addInitScript(`(() => {
      window.__listLoadingSeen = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="customer-list"] [data-testid="state-loading"]')) window.__listLoadingSeen = true;
      }).observe(document, { childList: true, subtree: true });
    })()`);
    // A slow network as a phone has: the script arrives after the answer index.html asked for.
    const answered = page.waitForResponse((r) => r.url().includes('/api/customers?')).then((r) => r.finished());
    await page.route(/\/js\/app\.[0-9a-f]+\.js$/, async (route) => {
      await answered;
      await route.continue();
    });
    await page.goto(app.url + '/');
    await page.locator('[data-testid="customer-list"] [data-testid^="customer-row-"]').first().waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (globalThis as unknown as { __listLoadingSeen: boolean }).__listLoadingSeen)).toBe(false);
    expect(await page.locator('[data-testid^="customer-row-"]').count()).toBeGreaterThan(1);
    expect(errors).toEqual([]);
    await context.close();
    await login.context().close();
  });

  it('should open a manager on the team home, passing the start page, without fetching a page chunk', async () => {
    const errors: string[] = [];
    const login = await app.loginAs('manager.south', errors);
    const { page, requests } = await reopen(login, '[data-testid="team-home"]');
    expect(scripts(requests)).toEqual([expect.stringMatching(/^\/js\/app\.[0-9a-f]+\.js$/)]);
    expect(await page.locator('[data-testid="scope-tab-overview"]').getAttribute('class')).toContain('customers__scope--active');
    await screenshot(page, 'first-screen-02-manager');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('should show the login picker without a session, also from the entry alone', async () => {
    const context = await app.browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', isMobile: true });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(app.url + '/');
    await page.locator('[data-testid="dev-user-picker"]').waitFor({ timeout: 30_000 });
    expect(scripts(requests)).toEqual([expect.stringMatching(/^\/js\/app\.[0-9a-f]+\.js$/)]);
    expect(requests.filter((r) => r.startsWith('/api/customers'))).toEqual([]);
    await context.close();
  });
});
