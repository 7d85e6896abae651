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
