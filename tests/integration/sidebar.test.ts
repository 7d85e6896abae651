import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';

/**
 * The chat-toolbar sidebar (issue 11): JS-SDK signatures signed with jsapi tickets fetched from
 * the simulator's strict get_jsapi_ticket / ticket/get, cached in the store and single-flight.
 */
describe('sidebar JS-SDK config', () => {
  let app: TestApp;
  let repA: string;

  beforeAll(async () => {
    app = await startTestApp();
    app.clock.set(TEST_NOW);
    repA = await app.tokenFor('repA');
  });
  afterAll(async () => { await app?.close(); });

  const sim = () => app.runtime.simulator!.state;
  const PAGE = 'https://crm.example.com/h5/?from=sidebar#/pages/sidebar/index';

  it('should sign the page url with the corp and the app tickets when asked by a member', async () => {
    const res = await app.request('GET', `/api/wecom/jssdk-config?url=${encodeURIComponent(PAGE)}`, { token: repA });
    expect(res.status).toBe(200);
    const cfg = res.body;
    expect(cfg.corpId).toBe(app.runtime.config.wecom.corpId);
    expect(cfg.agentId).toBe(app.runtime.config.wecom.agentId);
    expect(cfg.timestamp).toBe(Math.floor(app.clock.now().getTime() / 1000));
    expect(cfg.nonceStr).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    expect(sim().jsapiTickets.verify('corp', { nonceStr: cfg.nonceStr, timestamp: cfg.timestamp, url: PAGE, signature: cfg.signature })).toBe(true);
    expect(sim().jsapiTickets.verify('agent', { nonceStr: cfg.nonceStr, timestamp: cfg.timestamp, url: PAGE, signature: cfg.agentSignature })).toBe(true);
    expect(cfg.signature).not.toBe(cfg.agentSignature);
  });

  it('should fetch each ticket once when many pages ask at the same time', async () => {
    sim().calls.reset();
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      app.request('GET', `/api/wecom/jssdk-config?url=${encodeURIComponent(`${PAGE}&n=${i}`)}`, { token: repA })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    // The first test cached both tickets already: nothing is fetched.
    expect(sim().calls.count('get_jsapi_ticket')).toBe(0);
    expect(sim().calls.count('ticket/get')).toBe(0);
  });

  it('should refetch both tickets once when the cached ones are about to expire', async () => {
    sim().calls.reset();
    app.clock.set(new Date(app.clock.now().getTime() + 7200_000 - 60_000));
    const answers = await Promise.all(Array.from({ length: 8 }, () =>
      app.request('GET', `/api/wecom/jssdk-config?url=${encodeURIComponent(PAGE)}`, { token: repA })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(sim().calls.count('get_jsapi_ticket')).toBe(1);
    expect(sim().calls.count('ticket/get')).toBe(1);
    const cfg = answers[0]!.body;
    expect(sim().jsapiTickets.verify('corp', { nonceStr: cfg.nonceStr, timestamp: cfg.timestamp, url: PAGE, signature: cfg.signature })).toBe(true);
  });

  it('should answer 400 with a Chinese message when the url is missing or not http(s)', async () => {
    const missing = await app.request('GET', '/api/wecom/jssdk-config', { token: repA });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/url/);
    const bad = await app.request('GET', `/api/wecom/jssdk-config?url=${encodeURIComponent('javascript:alert(1)')}`, { token: repA });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('should answer 401 when nobody is logged in', async () => {
    const res = await app.request('GET', `/api/wecom/jssdk-config?url=${encodeURIComponent(PAGE)}`);
    expect(res.status).toBe(401);
  });

  it('should answer 503 when WeCom refuses the tickets and sign again once it answers', async () => {
    app.clock.set(new Date(app.clock.now().getTime() + 3 * 7200_000));
    await app.request('POST', '/sim/api/faults', { body: { failRate: 1, errcode: 45009 } });
    try {
      const res = await app.request('GET', `/api/wecom/jssdk-config?url=${encodeURIComponent(PAGE)}`, { token: repA });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('WECOM_JSSDK_UNAVAILABLE');
    } finally {
      await app.request('POST', '/sim/api/faults', { body: { failRate: 0 } });
    }
    const ok = await app.request('GET', `/api/wecom/jssdk-config?url=${encodeURIComponent(PAGE)}`, { token: repA });
    expect(ok.status).toBe(200);
  });
});

/**
 * `/sim/sidebar`: the simulator frames the H5 sidebar for a member in a chat and answers its
 * JS-SDK calls; `ww.register` signatures are checked against the tickets it issued, and
 * sendChatMessage lands in that chat.
 */
describe('simulator chat-toolbar sidebar', () => {
  let app: TestApp;
  let repA: string;
  let externalUserId: string;
  let chatId: string;

  beforeAll(async () => {
    app = await startTestApp();
    app.clock.set(TEST_NOW);
    repA = await app.tokenFor('repA');
    const added = await app.request('POST', '/sim/api/external-contacts', { body: { userId: 'zhangsan', name: '孙客户', corpName: '星河科技' } });
    externalUserId = added.body.externalUserId;
    const group = await app.request('POST', '/sim/api/external-groups', { body: { owner: 'zhangsan', name: '星河项目群', userIds: ['lisi'], externalUserIds: [externalUserId] } });
    chatId = group.body.chatId;
    await app.runtime.inbox.settle();
  });
  afterAll(async () => { await app?.close(); });

  it('should frame the sidebar page with a fresh OAuth code when the member chats with the contact', async () => {
    const res = await app.request('GET', `/sim/sidebar?userId=zhangsan&externalUserId=${externalUserId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const src = /<iframe[^>]*src="([^"]+)"/.exec(res.text)![1]!.replace(/&amp;/g, '&');
    expect(src).toMatch(/#\/pages\/sidebar\/index$/);
    const code = new URL(src, app.url).searchParams.get('code')!;
    // The code is a real single-use OAuth code for that member.
    const login = await app.request('POST', '/api/auth/wecom/oauth', { body: { code } });
    expect(login.status).toBe(200);
    expect(login.body.user.wecomUserId).toBe('zhangsan');
    const ctx = JSON.parse(/<script type="application\/json" id="sidebar-context">([^<]+)<\/script>/.exec(res.text)![1]!);
    expect(ctx).toMatchObject({ userId: 'zhangsan', entry: 'single_chat_tools', externalUserId });
  });

  it('should serve the host script and stylesheet the page refers to and nothing else from their folder', async () => {
    const page = (await app.request('GET', `/sim/sidebar?userId=zhangsan&externalUserId=${externalUserId}`)).text;
    for (const ref of [...page.matchAll(/(?:href|src)="(\/sim\/sidebar-assets\/[^"]+)"/g)].map((m) => m[1]!)) {
      const res = await app.request('GET', ref);
      expect(res.status, ref).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    expect((await app.request('GET', '/sim/sidebar-assets/sidebar-host-html.ts')).status).toBe(404);
    expect((await app.request('GET', '/sim/sidebar-assets/..%2Fsimulator.ts')).status).toBe(404);
  });

  it('should open the group toolbar when the member is in the customer group', async () => {
    const res = await app.request('GET', `/sim/sidebar?userId=lisi&chatId=${chatId}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('"entry":"group_chat_tools"');
    expect(res.text).toContain('星河项目群');
  });

  it('should refuse the page when the member has no chat with that contact or is not in the group', async () => {
    expect((await app.request('GET', `/sim/sidebar?userId=wangwu&externalUserId=${externalUserId}`)).status).toBe(404);
    expect((await app.request('GET', `/sim/sidebar?userId=wangwu&chatId=${chatId}`)).status).toBe(404);
    expect((await app.request('GET', '/sim/sidebar?userId=zhangsan')).status).toBe(400);
  });

  it('should accept ww.register when the signatures come from jssdk-config and refuse a forged one', async () => {
    const url = `${app.url}/?state=wecrm`;
    const cfg = (await app.request('GET', `/api/wecom/jssdk-config?url=${encodeURIComponent(url)}`, { token: repA })).body;
    const sig = (s: string) => ({ timestamp: cfg.timestamp, nonceStr: cfg.nonceStr, signature: s });
    const ok = await app.request('POST', '/sim/api/sidebar/register', {
      body: { userId: 'zhangsan', corpId: cfg.corpId, agentId: cfg.agentId, url, config: sig(cfg.signature), agentConfig: sig(cfg.agentSignature) },
    });
    expect(ok.body).toEqual({ config: 'ok', agentConfig: 'ok' });
    const swapped = await app.request('POST', '/sim/api/sidebar/register', {
      body: { userId: 'zhangsan', corpId: cfg.corpId, agentId: cfg.agentId, url, config: sig(cfg.signature), agentConfig: sig(cfg.signature) },
    });
    expect(swapped.body).toMatchObject({ config: 'ok', agentConfig: 'fail' });
    const otherUrl = await app.request('POST', '/sim/api/sidebar/register', {
      body: { userId: 'zhangsan', corpId: cfg.corpId, url: `${app.url}/other`, config: sig(cfg.signature) },
    });
    expect(otherUrl.body).toMatchObject({ config: 'fail' });
  });

  it('should record sendChatMessage into that chat and list it newest first', async () => {
    const first = await app.request('POST', '/sim/api/chat-messages', { body: { userId: 'zhangsan', externalUserId, msgtype: 'text', text: { content: '您好，报价单已发您邮箱' } } });
    expect(first.status).toBe(200);
    await app.request('POST', '/sim/api/chat-messages', { body: { userId: 'lisi', chatId, msgtype: 'news', news: { link: 'https://example.com/a', title: '产品介绍' } } });
    const single = await app.request('GET', `/sim/api/chat-messages?userId=zhangsan&externalUserId=${externalUserId}`);
    expect(single.body.items).toHaveLength(1);
    expect(single.body.items[0]).toMatchObject({ from: 'zhangsan', msgtype: 'text', text: { content: '您好，报价单已发您邮箱' } });
    const group = await app.request('GET', `/sim/api/chat-messages?userId=lisi&chatId=${chatId}`);
    expect(group.body.items[0]).toMatchObject({ from: 'lisi', msgtype: 'news' });
    const bad = await app.request('POST', '/sim/api/chat-messages', { body: { userId: 'zhangsan', externalUserId, msgtype: 'text' } });
    expect(bad.status).toBe(400);
  });
});
