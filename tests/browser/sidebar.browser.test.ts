import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, screenshot, startDemoH5App, type DemoH5App } from '../helpers/browser.ts';

/**
 * The chat-toolbar sidebar through /sim/sidebar, as WeCom opens it: a rep chatting with a WeCom
 * customer opens the sidebar (silent OAuth, ww.register with the server's signatures, getContext,
 * getCurExternalContact answered by the simulator), sees the linked customer, logs a follow-up
 * in three taps and sends a line into the chat.
 */
describe('H5 sidebar in /sim/sidebar: a rep logs a follow-up from a customer chat', () => {
  let app: DemoH5App;
  const call = <T>(method: string, path: string, token: string | null, body?: unknown) => app.ok<T>(method, path, token, body);

  beforeAll(async () => {
    app = await startDemoH5App('sidebar');
    const { runtime } = app;
    await runtime.findJob('wecom-contacts-sync')!.run(runtime.jobContext(), { now: runtime.clock.now(), dryRun: false });
    await runtime.findJob('wecom-groups-sync')!.run(runtime.jobContext(), { now: runtime.clock.now(), dryRun: false });
  });
  afterAll(async () => { await app?.close(); });

  it('should show the linked customer in the sidebar and save a follow-up and a chat message from it', async () => {
    const token = await app.tokenOf('zhangsan');
    const pending = (await call<{ items: Array<{ externalUserId: string; name: string }> }>('GET', '/api/wecom-contacts?linked=false', token)).items;
    const contact = pending[0]!;
    const mine = (await call<{ items: Array<{ id: string; name: string }> }>('GET', '/api/customers?scope=mine&page=1&pageSize=1', token)).items[0]!;
    await call('POST', `/api/wecom-contacts/${contact.externalUserId}/link`, token, { customerId: mine.id });

    const page = await app.browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${app.url}/sim/sidebar?userId=zhangsan&externalUserId=${encodeURIComponent(contact.externalUserId)}`);
    const frame: Frame = (await (await page.waitForSelector('[data-testid="sidebar-frame"]')).contentFrame())!;

    const card = frame.locator('[data-testid="sidebar-customer"]');
    await card.waitFor({ timeout: 30_000 });
    expect(await card.textContent()).toContain(mine.name);
    await screenshot(page, 'sidebar-01-customer');

    const content = `侧边栏跟进 ${Date.now()}`;
    await frame.locator('[data-testid="sidebar-follow-up"]').click();
    await frame.locator('[data-testid="followup-type-visit"]').click();
    await frame.locator('[data-testid="followup-content"] textarea, textarea[data-testid="followup-content"]').first().fill(content);
    await frame.locator('[data-testid="followup-submit"]').click();
    await frame.locator('[data-testid="sidebar-followup"]').filter({ hasText: content }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'sidebar-02-follow-up-saved');
    const stored = await app.runtime.db.manager.query('SELECT customer_id, type FROM follow_ups WHERE content = ?', [content]);
    expect(stored.map((r: { customer_id: number | string; type: string }) => [String(r.customer_id), r.type])).toEqual([[mine.id, 'visit']]);

    await field(frame, 'sidebar-send-input').fill('您好，拜访纪要已整理');
    await frame.locator('[data-testid="sidebar-send"]').click();
    await page.locator('[data-testid="sidebar-chat-message"]').filter({ hasText: '您好，拜访纪要已整理' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'sidebar-03-sent');
    const sent = await call<{ items: Array<{ from: string; text?: { content: string } }> }>('GET', `/sim/api/chat-messages?userId=zhangsan&externalUserId=${encodeURIComponent(contact.externalUserId)}`, null);
    expect(sent.items.map((m) => [m.from, m.text?.content])).toEqual([['zhangsan', '您好，拜访纪要已整理']]);
    // Every JS-SDK call the page made was answered :ok (register's signatures checked).
    const calls = await page.locator('[data-testid="sidebar-jssdk-calls"] li').allTextContents();
    expect(calls.some((c) => c.includes(':fail'))).toBe(false);
    expect(calls).toEqual(expect.arrayContaining(['register:ok', 'getContext:ok', 'getCurExternalContact:ok', 'sendChatMessage:ok']));
    expect(errors).toEqual([]);
  });

  it('should bind an unbound demo customer group to the suggested customer from the group sidebar', async () => {
    const groups: Array<{ chat_id: string; customer_id: number | string | null }> = await app.runtime.db.manager.query(
      "SELECT chat_id, customer_id FROM customer_groups WHERE owner_wecom_user_id = 'zhangsan' ORDER BY id");
    // The demo: one group bound itself through its join way, one waits to be bound.
    expect(groups.filter((g) => g.customer_id !== null)).toHaveLength(1);
    const unbound = groups.find((g) => g.customer_id === null)!;

    const page = await app.browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${app.url}/sim/sidebar?userId=zhangsan&chatId=${encodeURIComponent(unbound.chat_id)}`);
    const frame: Frame = (await (await page.waitForSelector('[data-testid="sidebar-frame"]')).contentFrame())!;
    const suggestion = frame.locator('[data-testid="sidebar-group-suggestion"]').first();
    await suggestion.waitFor({ timeout: 30_000 });
    await screenshot(page, 'sidebar-04-group-unbound');
    await suggestion.locator('text=绑定').click();
    await frame.locator('[data-testid="sidebar-customer"]').waitFor({ timeout: 30_000 });
    await screenshot(page, 'sidebar-05-group-bound');
    const [row] = await app.runtime.db.manager.query('SELECT customer_id FROM customer_groups WHERE chat_id = ?', [unbound.chat_id]);
    expect(row.customer_id).not.toBeNull();
    const calls = await page.locator('[data-testid="sidebar-jssdk-calls"] li').allTextContents();
    expect(calls).toEqual(expect.arrayContaining(['register:ok', 'getContext:ok', 'getCurExternalChat:ok']));
    expect(errors).toEqual([]);
  });

  it('should show the bot\'s post of a new follow-up in the customer\'s team group on /sim', async () => {
    const me = app.user('zhangsan');
    const token = await app.tokenOf('zhangsan');
    // One the rep owns (a co-follower may not create the team group).
    const mine = (await call<{ items: Array<{ id: string; name: string }> }>('GET', `/api/customers?scope=mine&ownerId=${me.id}&page=1&pageSize=1`, token)).items[0]!;
    const { chatId } = await call<{ chatId: string }>('POST', `/api/customers/${mine.id}/team-chat`, token);
    const content = `作战群跟进 ${Date.now()}`;
    await call('POST', `/api/customers/${mine.id}/follow-ups`, token, { type: 'call', content });
    await call('POST', '/sim/api/jobs/team-chat-posts/run', null, {});

    const page = await app.browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${app.url}/sim`);
    const chat = page.locator(`[data-testid="sim-appchat-${chatId}"]`);
    await chat.waitFor({ timeout: 30_000 });
    await chat.click();
    await page.locator('.bubble').filter({ hasText: content }).waitFor({ timeout: 30_000 });
    await page.locator('.bubble').filter({ hasText: '【客户作战群】' }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'sidebar-06-team-group-on-sim');
    // The customer groups are listed with a link to their sidebar.
    expect(await page.locator('[data-testid^="sim-customer-group-"]').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('should bind a customer group and create the team group from the customer page', async () => {
    const me = app.user('zhangsan');
    const token = await app.tokenOf('zhangsan');
    const ext = (await call<{ items: Array<{ externalUserId: string }> }>('GET', '/sim/api/external-contacts?userId=zhangsan', null)).items[0]!;
    const { chatId: fresh } = await call<{ chatId: string }>('POST', '/sim/api/external-groups', null, { owner: 'zhangsan', name: '页面绑定群', externalUserIds: [ext.externalUserId] });
    await app.runtime.inbox.settle();
    const unbound = (await call<{ items: Array<{ chatId: string }> }>('GET', '/api/groups?bound=false', token)).items;
    expect(unbound.map((g) => g.chatId)).toContain(fresh);
    const customers = (await call<{ items: Array<{ id: string; name: string }> }>('GET', `/api/customers?scope=mine&ownerId=${me.id}&page=1&pageSize=5`, token)).items;
    const target = customers[customers.length - 1]!;

    const page = await app.browser.newPage({ viewport: { width: 420, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(app.url + '/');
    await page.locator('[data-testid="dev-user-zhangsan"]').click({ timeout: 30_000 });
    await page.locator('[data-testid^="customer-row-"]').first().waitFor({ timeout: 30_000 });
    await page.goto(`${app.url}/#/pages/customer-detail/index?id=${target.id}`);
    const section = page.locator('[data-testid="customer-groups"]');
    await section.waitFor({ timeout: 30_000 });

    await page.locator('[data-testid="team-chat-create"]').click();
    await section.locator('text=【作战群】').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="customer-groups-bind"]').click();
    await page.locator(`[data-testid="customer-group-bind-${fresh}"]`).click({ timeout: 30_000 });
    await page.locator(`[data-testid="customer-group-${fresh}"]`).waitFor({ timeout: 30_000 });
    await screenshot(page, 'sidebar-07-customer-page-groups');
    const groups = (await call<{ items: Array<{ kind: string; chatId: string }> }>('GET', `/api/customers/${target.id}/groups`, token)).items;
    expect(groups.filter((g) => g.kind === 'team')).toHaveLength(1);
    expect(groups.map((g) => g.chatId)).toContain(fresh);
    const team = groups.find((g) => g.kind === 'team')!;
    const posted = await call<{ items: Array<{ text?: { content: string } }> }>('GET', `/sim/api/appchats/${team.chatId}/messages`, null);
    expect(posted.items[0]!.text!.content).toContain(`【客户作战群】${target.name}`);
    expect(errors).toEqual([]);
  });
});
