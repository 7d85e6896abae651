import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';
import { AdjustableClock } from '../../server/infra/clock.ts';
import { createLogger } from '../../server/infra/logger.ts';
import { Runtime } from '../../bot/runtime.ts';
import { launchBrowser, phonePage, screenshot } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

interface DemoUser { id: string; wecomUserId: string; name: string; role: string }
interface PoolView { id: string; rules: Record<string, unknown> & { holdingCap: number } }
interface HandoverView {
  id: string; status: string; fromUserId: string; counts: { moved: number; skipped: number };
  wecom: { requested: number; takenOver: number; waiting: number; failed: number };
  wecomItems: Array<{ externalUserId: string; customerId: string | null; status: string; note: string | null }>;
  to: { userIds: string[] } | { pool: true } | null;
  items: Array<{ customerId: string; customerName: string; kind: string; toUser: { id: string; name: string } | null; outcome: string }>;
}

/** 10:00 in Shanghai on today's business date: outside quiet hours, whenever the suite runs. */
function businessMorning(): Date {
  const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return new Date(`${day}T10:00:00+08:00`);
}

/**
 * 离职交接 as a manager does it: a rep leaves WeCom, the departure opens a draft handover; the
 * manager opens the card's link, sees what the leaver holds, picks a successor (first over the
 * holding cap: the server's words say who and why), confirms, and reads the result — every
 * customer moved to the successor, the WeCom transfer section — then finds it in the history.
 */
describe('H5: a manager hands a departed rep\'s customers to a colleague', () => {
  let runtime: Runtime;
  let database: TestDatabase;
  let browser: Browser;
  let url: string;
  let users: DemoUser[];

  async function call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json().catch(() => null) as T };
  }
  async function ok<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    const res = await call<T>(method, path, token, body);
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  const user = (wecomUserId: string) => users.find((u) => u.wecomUserId === wecomUserId)!;
  const tokenOf = async (wecomUserId: string) => (await ok<{ token: string }>('POST', '/api/auth/dev', null, { userId: user(wecomUserId).id })).token;
  const q = (sql: string, params: unknown[] = []) => runtime.db.manager.query(sql, params) as Promise<Array<Record<string, unknown>>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = { ...loadConfig({ WECOM_MODE: 'simulator', LOG_LEVEL: 'silent', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }), database: database.config };
    const clock = new AdjustableClock();
    clock.set(businessMorning());
    runtime = await Runtime.create(config, {
      clock, logger: createLogger('silent'), seedDemo: true,
      kvPrefix: `wecrm:browser-handover:${process.pid}:`,
    });
    url = await runtime.listen(0, '127.0.0.1');
    // The dispatcher (cards reach /sim) and the callback processing, as `npm start` runs them; no scheduled jobs.
    runtime.startBackground({ jobs: false, dispatchIntervalMs: 200 });
    browser = await launchBrowser();
    users = (await ok<{ items: DemoUser[] }>('GET', '/api/auth/dev/users', null)).items;
  });
  afterAll(async () => {
    await browser?.close();
    await runtime?.close();
    await database?.drop();
  });

  /** Lets the H5 router's slide-in finish so screenshots show the page in place. */
  const settle = (page: Page) => page.waitForTimeout(450);
  const textarea = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"] textarea, textarea[data-testid="${testId}"]`).first();

  async function loginAs(wecomUserId: string, errors: string[]): Promise<Page> {
    const page = await phonePage(browser);
    page.on('pageerror', (err) => errors.push(`h5 ${wecomUserId}: ${err.message}`));
    await page.goto(url + '/');
    await page.locator(`[data-testid="dev-user-${wecomUserId}"]:visible`).click({ timeout: 30_000 });
    await page.locator('[data-testid="customer-list"] [data-testid^="customer-row-"], [data-testid="customer-list"] [data-testid="state-empty"], [data-testid="team-home"]').first().waitFor({ timeout: 30_000 });
    return page;
  }

  /** Every pool's holding cap set to `cap` by the admin (the demo's caps are not what this test is about). */
  async function setHoldingCap(bossToken: string, cap: number): Promise<void> {
    for (const pool of (await ok<{ items: PoolView[] }>('GET', '/api/pools', bossToken)).items) {
      await ok('PUT', `/api/pools/${pool.id}/rules`, bossToken, { ...pool.rules, holdingCap: cap });
    }
  }

  it('should show the leaver\'s holdings, refuse a successor over the cap in the server\'s words, and move every customer once confirmed', async () => {
    const errors: string[] = [];
    const leaver = user('wujun');
    const successor = user('liuyang');
    const bossToken = await tokenOf('boss');
    await setHoldingCap(bossToken, 5000);

    // The leaver's own customers, typed in by them before leaving (on top of the demo's).
    const repToken = await tokenOf('wujun');
    const stamp = Date.now().toString(36);
    // One of them talks to the rep in WeCom, and will refuse to be handed over (客户拒绝).
    const refuser = (await ok<{ externalUserId: string }>('POST', '/sim/api/external-contacts', null, { userId: leaver.wecomUserId, name: '甲公司钱总', refusesTransfer: true })).externalUserId;
    await runtime.inbox.settle();
    const created: string[] = [];
    for (const [i, name] of [`交接测试甲公司${stamp}`, `交接测试乙公司${stamp}`].entries()) {
      const contacts = i === 0 ? [{ name: '钱总', externalUserId: refuser }] : [];
      created.push((await ok<{ id: string }>('POST', '/api/customers', repToken, { name, level: 'B', stage: 'contacted', contacts })).id);
    }
    const owned = async (userId: string) => Number((await q('SELECT COUNT(*) AS n FROM customers WHERE owner_id = ?', [Number(userId)]))[0]!.n);
    const held = await owned(leaver.id);
    const successorBefore = await owned(successor.id);
    expect(held).toBeGreaterThanOrEqual(2);

    // The rep leaves WeCom: the departure disables them and opens a draft for their managers.
    // Their WeCom customers as the nightly sync knows them (the demo links most of them to their records).
    await ok('POST', '/sim/api/jobs/wecom-contacts-sync/run', null);
    const leave = await call('POST', `/sim/api/members/${leaver.wecomUserId}/leave`, null);
    if (leave.status === 404) await runtime.services.handover.onDeparture(leaver.wecomUserId);
    await runtime.inbox.settle();
    let draftId = '';
    await expect.poll(async () => {
      const [draft] = await q("SELECT id FROM handovers WHERE from_user_id = ? AND status = 'draft'", [Number(leaver.id)]);
      draftId = draft ? String(draft.id) : '';
      return draftId;
    }, { timeout: 10_000 }).not.toBe('');
    expect((await call('GET', '/api/me', repToken)).status).toBe(401);
    // The manager's chat has the departure card, whose link is the page opened below.
    await expect.poll(async () => (await ok<{ items: Array<{ template_card?: { main_title?: { title?: string }; card_action?: { pagepath?: string; url?: string } } }> }>(
      'GET', '/sim/api/messages?touser=manager.east', null)).items.some((m) => m.template_card?.main_title?.title?.startsWith(`${leaver.name} 已离职`)), { timeout: 15_000 }).toBe(true);
    const preview = await ok<{ counts: { wecomContacts: number } }>('GET', `/api/handovers/preview?fromUserId=${leaver.id}`, await tokenOf('manager.east'));

    // ---- the manager opens the card's link: the leaver, 已离职, and what they hold -------------
    const mgr = await loginAs('manager.east', errors);
    await mgr.goto(`${url}/#/pages/handover/index?id=${draftId}`);
    await mgr.locator('[data-testid="handover-form"]').waitFor({ timeout: 30_000 });
    expect(await mgr.locator('[data-testid="handover-leaver-name"]').innerText()).toBe(leaver.name);
    expect(await mgr.locator('[data-testid="handover-leaver-status"]').innerText()).toBe('已离职');
    expect(await mgr.locator('[data-testid="handover-count-customers"]').innerText()).toContain(String(held));
    expect(await mgr.locator('[data-testid="handover-count-wecomContacts"]').innerText()).toContain(String(preview.counts.wecomContacts));
    for (const label of ['协作客户', '计划跟进', '待审批', '已提交审批', '企业微信客户', '客户群']) {
      await mgr.locator('[data-testid="handover-leaver"]').getByText(label, { exact: true }).waitFor();
    }
    // The draft's reason comes filled in (成员已离职).
    expect(await textarea(mgr, 'handover-reason').inputValue()).toBe('成员已离职');
    await settle(mgr);
    await screenshot(mgr, 'handover-01-draft-preview');

    // Nothing chosen yet: the page says what is missing instead of asking the server.
    await mgr.locator('[data-testid="handover-submit"]').click();
    expect(await mgr.locator('[data-testid="handover-form-error"]').innerText()).toBe('请选择接手人');

    // ---- pick the successor --------------------------------------------------------------------
    await mgr.locator('[data-testid="handover-pick-successor"]').click();
    await mgr.locator('[data-testid="user-picker"]').waitFor({ timeout: 10_000 });
    await mgr.locator('[data-testid="user-picker"] input').first().fill(successor.name);
    await mgr.locator(`[data-testid="pick-user-${successor.wecomUserId}"]`).click({ timeout: 30_000 });
    await mgr.locator(`[data-testid="handover-successor-${successor.wecomUserId}"]`).waitFor();
    await textarea(mgr, 'handover-reason').fill('吴军离职，客户交给刘洋跟进');
    await mgr.waitForTimeout(2600); // the earlier toast fades
    await screenshot(mgr, 'handover-02-successor-picked');

    // Over the cap: the 409's message names the successor, shown as the server says it; nothing moves.
    await setHoldingCap(bossToken, Math.max(1, successorBefore + 1));
    await mgr.locator('[data-testid="handover-submit"]').click();
    await mgr.locator('[data-testid="handover-confirm"]').waitFor({ timeout: 10_000 });
    expect(await mgr.locator('[data-testid="handover-confirm-message"]').innerText()).toBe(`将 ${leaver.name} 的全部 ${held} 位客户交给 ${successor.name}。`);
    await settle(mgr);
    await screenshot(mgr, 'handover-03-confirm');
    await mgr.locator('[data-testid="handover-confirm"]').click();
    const capMessage = mgr.locator('[data-testid="handover-cap-message"]');
    await capMessage.waitFor({ timeout: 30_000 });
    expect(await capMessage.innerText()).toContain(`${successor.name}（已持有`);
    expect(await capMessage.innerText()).toContain('将超出持有上限');
    await settle(mgr);
    await screenshot(mgr, 'handover-04-over-cap');
    await mgr.locator('[data-testid="handover-cap-ok"]').click();
    expect(await owned(leaver.id)).toBe(held);

    // ---- with room under the cap: confirm, and the result ------------------------------------
    await setHoldingCap(bossToken, 5000);
    await mgr.locator('[data-testid="handover-submit"]').click();
    await mgr.locator('[data-testid="handover-confirm"]').click({ timeout: 10_000 });
    await mgr.locator('[data-testid="handover-result"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => mgr.locator('[data-testid="handover-status"]').innerText(), { timeout: 30_000 }).toBe('已完成');
    expect(await mgr.locator('[data-testid="handover-moved"]').innerText()).toContain(String(held));
    expect(await mgr.locator('[data-testid="handover-skipped"]').innerText()).toContain('0');
    for (const id of created) {
      const row = mgr.locator(`[data-testid="handover-items"] [data-testid="handover-item-${id}"]`);
      await row.waitFor();
      expect(await row.innerText()).toContain(`→ ${successor.name}`);
    }
    expect(await mgr.locator('[data-testid="handover-continue"]').count()).toBe(0);
    // The WeCom side: the leaver's WeCom customers of the moved customers, waiting for the customers' 24 h.
    const mgrToken = await tokenOf('manager.east');
    const record = await ok<HandoverView>('GET', `/api/handovers/${draftId}`, mgrToken);
    const cell = (key: string) => mgr.locator(`[data-testid="handover-wecom-${key}"]`).innerText();
    expect(record.wecom.requested).toBeGreaterThan(0);
    expect(record.wecom.waiting).toBe(record.wecom.requested);
    for (const [key, label] of [['requested', '已申请'], ['waiting', '等待接替'], ['takenOver', '已接替'], ['failed', '失败']] as const) {
      expect(await cell(key)).toMatch(new RegExp(`^${record.wecom[key]}\\s*${label}$`));
    }
    const firstContact = record.wecomItems[0]!;
    expect(await mgr.locator(`[data-testid="handover-wecom-state-${firstContact.externalUserId}"]`).innerText()).toBe('等待接替');
    await mgr.waitForTimeout(1600); // the 交接完成 toast fades
    await screenshot(mgr, 'handover-05-result');
    await mgr.locator('[data-testid="handover-wecom"]').scrollIntoViewIfNeeded();
    await screenshot(mgr, 'handover-06-result-wecom');
    await mgr.locator('[data-testid="handover-seats"]').scrollIntoViewIfNeeded();
    await screenshot(mgr, 'handover-06-result-items');

    // Two days on (the simulator's clock), WeCom has settled them: the page shows them taken over.
    await ok('POST', '/sim/api/clock', null, { advanceDays: 2 });
    await runtime.inbox.settle();
    await ok('POST', '/sim/api/jobs/handover-wecom/run', null);
    await runtime.inbox.settle();
    const settled = await ok<HandoverView>('GET', `/api/handovers/${draftId}`, mgrToken);
    expect(settled.wecom).toMatchObject({ requested: record.wecom.requested, waiting: 0 });
    expect(settled.wecom.takenOver).toBeGreaterThan(0);
    await mgr.reload();
    await mgr.locator('[data-testid="handover-wecom"]').waitFor({ timeout: 30_000 });
    expect(await cell('takenOver')).toMatch(new RegExp(`^${settled.wecom.takenOver}\\s*已接替$`));
    expect(await cell('waiting')).toMatch(/^0\s*等待接替$/);
    expect(await mgr.locator(`[data-testid="handover-wecom-state-${firstContact.externalUserId}"]`).innerText())
      .toBe(settled.wecomItems.find((i) => i.externalUserId === firstContact.externalUserId)!.status === 'taken_over' ? '已接替' : '客户拒绝');
    // The customer who refused: 客户拒绝, with 重新转接 / 换人接替 offered.
    expect(settled.wecom.failed).toBe(1);
    expect(settled.wecomItems.find((i) => i.externalUserId === refuser)).toMatchObject({ status: 'refused', customerId: created[0] });
    expect(await mgr.locator(`[data-testid="handover-wecom-state-${refuser}"]`).innerText()).toBe('客户拒绝');
    expect(await mgr.locator(`[data-testid="handover-wecom-item-${refuser}"]`).innerText()).toContain(`（交接测试甲公司${stamp}）`);
    expect(await cell('failed')).toMatch(/^1\s*失败$/);
    await mgr.locator(`[data-testid="handover-wecom-item-${refuser}"]`).scrollIntoViewIfNeeded();
    await settle(mgr);
    await screenshot(mgr, 'handover-07-wecom-taken-over');
    await mgr.locator('[data-testid="handover-wecom-retry"]').click();
    // Asked of WeCom again: the page shows the server's new state of that customer.
    await expect.poll(async () => (await ok<HandoverView>('GET', `/api/handovers/${draftId}`, mgrToken)).wecomItems.find((i) => i.externalUserId === refuser)!.status, { timeout: 15_000 }).not.toBe('refused');
    const retried = (await ok<HandoverView>('GET', `/api/handovers/${draftId}`, mgrToken)).wecomItems.find((i) => i.externalUserId === refuser)!;
    const labels: Record<string, string> = { pending: '待发起', waiting: '等待接替', taken_over: '已接替', refused: '客户拒绝', limit: '接替成员客户已满', failed: '失败' };
    await expect.poll(() => mgr.locator(`[data-testid="handover-wecom-state-${refuser}"]`).innerText(), { timeout: 15_000 }).toBe(labels[retried.status]);

    expect(record).toMatchObject({ status: 'done', counts: { moved: held, skipped: 0 }, to: { userIds: [successor.id] } });
    // (the record as read before the clock moved)
    expect(record.items.filter((i) => i.kind === 'customer' && i.toUser?.id === successor.id)).toHaveLength(held);
    expect(await owned(leaver.id)).toBe(0);
    expect(await owned(successor.id)).toBe(successorBefore + held);

    // ---- the history: profile → 离职交接, the row, back to the record --------------------------
    await mgr.goto(`${url}/#/pages/profile/index`);
    await mgr.locator('[data-testid="profile-handover"]').click({ timeout: 30_000 });
    const row = mgr.locator(`[data-testid="handover-row-${draftId}"]`);
    await row.waitFor({ timeout: 30_000 });
    const text = await row.innerText();
    for (const part of [leaver.name, '已离职', successor.name, '已完成', `已交接 ${held} 位`]) expect(text).toContain(part);
    const now = (await ok<HandoverView>('GET', `/api/handovers/${draftId}`, mgrToken)).wecom;
    expect(await mgr.locator(`[data-testid="handover-row-wecom-${draftId}"]`).innerText()).toContain(`企业微信客户 已接替 ${now.takenOver}/${now.requested}`);
    await settle(mgr);
    await screenshot(mgr, 'handover-08-history');
    await row.click();
    await mgr.locator('[data-testid="handover-result"]').waitFor({ timeout: 30_000 });

    // The successor's card links here too: a rep is sent on to their customers, where these now are.
    const heir = await loginAs(successor.wecomUserId, errors);
    await heir.goto(`${url}/#/pages/handover/index?id=${draftId}`);
    await heir.getByText('交接给你的客户已在「我的客户」里').waitFor({ timeout: 30_000 });
    await heir.locator('[data-testid="handover-my-customers"]').click();
    await heir.locator('[data-testid="customer-list"]').waitFor({ timeout: 30_000 });

    expect(errors).toEqual([]);
  });

  it('should hand a few customers of a member who stays back to the pool when the manager starts it from the list and ticks them', async () => {
    const errors: string[] = [];
    const member = user('wangfang');
    const before = Number((await q('SELECT COUNT(*) AS n FROM customers WHERE owner_id = ?', [Number(member.id)]))[0]!.n);
    expect(before).toBeGreaterThanOrEqual(2);

    const mgr = await loginAs('manager.east', errors);
    await mgr.goto(`${url}/#/pages/profile/index`);
    await mgr.locator('[data-testid="profile-handover"]').click({ timeout: 30_000 });
    await mgr.locator('[data-testid="handover-start"]').click({ timeout: 30_000 });
    await mgr.locator('[data-testid="user-picker"] input').first().fill(member.name);
    await mgr.locator(`[data-testid="pick-user-${member.wecomUserId}"]`).click({ timeout: 30_000 });
    await mgr.locator('[data-testid="handover-form"]').waitFor({ timeout: 30_000 });
    expect(await mgr.locator('[data-testid="handover-leaver-status"]').innerText()).toBe('在职');
    expect(await mgr.locator('[data-testid="handover-count-customers"]').innerText()).toContain(String(before));

    // 退回公海, only the two customers ticked in the sheet (the member's own, listed through the team).
    await mgr.locator('[data-testid="handover-mode-pool"]').click();
    await mgr.locator('[data-testid="handover-partial"]').click();
    await mgr.locator('[data-testid="handover-select-customers"]').click();
    await mgr.locator('[data-testid="handover-customer-sheet"] [data-testid="handover-customer-toggle-shown"]').waitFor({ timeout: 30_000 });
    const ids = (await mgr.locator('[data-testid="handover-customer-sheet"] [data-testid^="handover-customer-"]').evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-testid')!.slice('handover-customer-'.length)).filter((id) => /^\d+$/.test(id))));
    expect(ids.length).toBe(Math.min(before, 50));
    const owners = await q(`SELECT DISTINCT owner_id FROM customers WHERE id IN (${ids.map(() => '?').join(',')})`, ids.map(Number));
    expect(owners.map((o) => String(o.owner_id))).toEqual([member.id]);
    await settle(mgr);
    await screenshot(mgr, 'handover-09-select-sheet');
    const picked = ids.slice(0, 2);
    for (const id of picked) await mgr.locator(`[data-testid="handover-customer-${id}"]`).click();
    await settle(mgr);
    await screenshot(mgr, 'handover-10-select-customers-ticked');
    await mgr.locator('[data-testid="handover-customer-done"]').click();
    expect(await mgr.locator('[data-testid="handover-select-customers"]').innerText()).toContain('已选 2 位客户');
    await textarea(mgr, 'handover-reason').fill('区域调整，两家客户退回公海');
    await settle(mgr);
    await screenshot(mgr, 'handover-11-partial-pool');
    await mgr.locator('[data-testid="handover-submit"]').click();
    expect(await mgr.locator('[data-testid="handover-confirm-message"]').innerText({ timeout: 10_000 })).toBe(`将 ${member.name} 的选中的 2 位客户退回公海。`);
    await mgr.locator('[data-testid="handover-confirm"]').click();
    await mgr.locator('[data-testid="handover-result"]').waitFor({ timeout: 30_000 });
    expect(await mgr.locator('[data-testid="handover-moved"]').innerText()).toContain('2');
    for (const id of picked) expect(await mgr.locator(`[data-testid="handover-item-${id}"]`).innerText()).toContain('→ 公海');
    // The rest stays with the member; the result offers to go on with them.
    expect(await mgr.locator('[data-testid="handover-continue"]').innerText()).toContain(`${member.name} 名下还有 ${before - 2} 位客户`);
    await mgr.waitForTimeout(1600);
    await screenshot(mgr, 'handover-12-partial-result');

    const rowsNow = await q(`SELECT owner_id, pool_id FROM customers WHERE id IN (?, ?)`, picked.map(Number));
    expect(rowsNow.every((r) => r.owner_id === null && r.pool_id !== null)).toBe(true);
    expect(Number((await q('SELECT COUNT(*) AS n FROM customers WHERE owner_id = ?', [Number(member.id)]))[0]!.n)).toBe(before - 2);
    expect(errors).toEqual([]);
  });

  it('should spread a member\'s customers over two colleagues past the cap only when an admin turns on the override', async () => {
    const errors: string[] = [];
    const member = user('zhaolei');
    const heirs = [user('chenjing'), user('huangwei')];
    const bossToken = await tokenOf('boss');
    const owned = async (userId: string) => Number((await q('SELECT COUNT(*) AS n FROM customers WHERE owner_id = ?', [Number(userId)]))[0]!.n);
    const held = await owned(member.id);
    const before = await Promise.all(heirs.map((h) => owned(h.id)));
    expect(held).toBeGreaterThanOrEqual(2);
    await setHoldingCap(bossToken, 1);
    try {
      const boss = await loginAs('boss', errors);
      await boss.goto(`${url}/#/pages/handover/index?fromUserId=${member.id}`);
      await boss.locator('[data-testid="handover-form"]').waitFor({ timeout: 30_000 });
      await boss.locator('[data-testid="handover-mode-many"]').click();
      for (const heir of heirs) {
        await boss.locator('[data-testid="handover-pick-successor"]').click();
        await boss.locator('[data-testid="user-picker"] input').first().fill(heir.name);
        await boss.locator(`[data-testid="pick-user-${heir.wecomUserId}"]`).click({ timeout: 30_000 });
        await boss.locator(`[data-testid="handover-successor-${heir.wecomUserId}"]`).waitFor();
      }
      await textarea(boss, 'handover-reason').fill('赵磊调往新区域，客户分给两位同事');
      // Over the cap without the override: refused, naming both.
      await boss.locator('[data-testid="handover-submit"]').click();
      expect(await boss.locator('[data-testid="handover-confirm-message"]').innerText({ timeout: 10_000 }))
        .toBe(`将 ${member.name} 的全部 ${held} 位客户按负载分给 ${heirs.map((h) => h.name).join('、')}。`);
      await boss.locator('[data-testid="handover-confirm"]').click();
      const capMessage = boss.locator('[data-testid="handover-cap-message"]');
      await capMessage.waitFor({ timeout: 30_000 });
      for (const heir of heirs) expect(await capMessage.innerText()).toContain(`${heir.name}（已持有`);
      await boss.locator('[data-testid="handover-cap-ok"]').click();
      expect(await owned(member.id)).toBe(held);

      // The admin's switch: 超出持有上限也交接.
      await boss.locator('[data-testid="handover-override-cap"]').click();
      await boss.locator('[data-testid="handover-override-cap"] .ho-switch--on').waitFor();
      await boss.locator('[data-testid="handover-override-cap"]').scrollIntoViewIfNeeded();
      await settle(boss);
      await screenshot(boss, 'handover-13-admin-spread-override');
      await boss.locator('[data-testid="handover-submit"]').click();
      await boss.locator('[data-testid="handover-confirm"]').click({ timeout: 10_000 });
      await boss.locator('[data-testid="handover-result"]').waitFor({ timeout: 30_000 });
      expect(await boss.locator('[data-testid="handover-moved"]').innerText()).toContain(String(held));
      const items = await boss.locator('[data-testid="handover-items"]').innerText();
      for (const heir of heirs) expect(items).toContain(`→ ${heir.name}`);
      await boss.waitForTimeout(1600);
      await screenshot(boss, 'handover-14-admin-spread-result');

      const after = await Promise.all(heirs.map((h) => owned(h.id)));
      expect(await boss.locator('[data-testid="handover-split"]').innerText())
        .toBe(heirs.map((h, i) => `${h.name} ${after[i]! - before[i]!} 位`).join('、'));
      expect(await owned(member.id)).toBe(0);
      expect(after[0]! + after[1]!).toBe(before[0]! + before[1]! + held);
      expect(after.every((n, i) => n > before[i]!)).toBe(true);
    } finally {
      await setHoldingCap(bossToken, 5000);
    }
    expect(errors).toEqual([]);
  });
});
