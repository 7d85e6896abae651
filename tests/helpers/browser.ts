import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Locator, type Page } from 'playwright-core';

export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

/** Debian's Chromium, headless, with nothing that reaches for the network. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A phone-sized page, as the WeCom sidebar and mini-program are. */
export async function phonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'zh-CN', isMobile: true, hasTouch: true });
  return context.newPage();
}

/**
 * The text input a test id names: Taro's Input puts the id on the <input> itself in the H5 build, and on
 * an element around it where the input is a Web Component's.
 */
export function field(scope: Page | Frame | Locator, testId: string): Locator {
  return scope.locator(`[data-testid="${testId}"] input, input[data-testid="${testId}"]`).first();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

export interface DemoUser { id: string; wecomUserId: string; name: string; role: string }

/** 10:00 in Shanghai on today's business date: outside quiet hours, whenever the suite runs. */
export function businessMorning(): Date {
  const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return new Date(`${day}T10:00:00+08:00`);
}

/**
 * The demo company served as `npm start` serves it (simulator mode, demo data, the H5 build), on a
 * throwaway database, with the outbox dispatcher and callback processing running (no scheduled
 * jobs), and a headless Chromium: what a browser suite drives.
 */
export interface DemoH5App {
  runtime: import('../../bot/runtime.ts').Runtime;
  url: string;
  browser: Browser;
  users: DemoUser[];
  user(wecomUserId: string): DemoUser;
  /** A request with its status (body parsed as JSON when there is one). */
  call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: T }>;
  /** The same, throwing unless 2xx. */
  ok<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T>;
  tokenOf(wecomUserId: string): Promise<string>;
  /** A phone page logged in through the demo picker, page errors collected into `errors`. */
  loginAs(wecomUserId: string, errors: string[]): Promise<Page>;
  close(): Promise<void>;
}

export async function startDemoH5App(name: string, opts: { at?: Date } = {}): Promise<DemoH5App> {
  const [{ loadConfig }, { AdjustableClock }, { createLogger }, { Runtime }, { createTestDatabase }] = await Promise.all([
    import('../../config/config.ts'), import('../../server/infra/clock.ts'), import('../../server/infra/logger.ts'),
    import('../../bot/runtime.ts'), import('./test-database.ts'),
  ]);
  const database = await createTestDatabase();
  const config = { ...loadConfig({ WECOM_MODE: 'simulator', LOG_LEVEL: 'silent', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }), database: database.config };
  const clock = new AdjustableClock();
  clock.set(opts.at ?? businessMorning());
  const runtime = await Runtime.create(config, { clock, logger: createLogger('silent'), seedDemo: true, kvPrefix: `wecrm:browser-${name}:${process.pid}:` });
  const url = await runtime.listen(0, '127.0.0.1');
  runtime.startBackground({ jobs: false, dispatchIntervalMs: 200 });
  const browser = await launchBrowser();
  const call = async <T>(method: string, path: string, token: string | null, body?: unknown) => {
    const res = await fetch(url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as T };
  };
  const ok = async <T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> => {
    const res = await call<T>(method, path, token, body);
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const users = (await ok<{ items: DemoUser[] }>('GET', '/api/auth/dev/users', null)).items;
  const user = (wecomUserId: string) => {
    const found = users.find((u) => u.wecomUserId === wecomUserId);
    if (!found) throw new Error(`no demo user ${wecomUserId}`);
    return found;
  };
  return {
    runtime, url, browser, users, user, call, ok,
    tokenOf: async (wecomUserId) => (await ok<{ token: string }>('POST', '/api/auth/dev', null, { userId: user(wecomUserId).id })).token,
    async loginAs(wecomUserId, errors) {
      const page = await phonePage(browser);
      page.on('pageerror', (err) => errors.push(`h5 ${wecomUserId}: ${err.message}`));
      await page.goto(url + '/');
      await page.locator(`[data-testid="dev-user-${wecomUserId}"]:visible`).click({ timeout: 30_000 });
      // Reps land on their customers, managers and admins on 团队概览.
      await page.locator('[data-testid="customer-list"] [data-testid^="customer-row-"], [data-testid="customer-list"] [data-testid="state-empty"], [data-testid="team-home"]').first().waitFor({ timeout: 30_000 });
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await runtime.close();
      await database.drop();
    },
  };
}
