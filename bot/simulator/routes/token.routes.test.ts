import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cgiGet } from '../testing/sim-http.ts';
import { startSimulatorServer, TEST_CORP, type RunningSimulator } from '../testing/start-simulator-server.ts';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulatorServer();
});
afterAll(() => sim.close());
beforeEach(() => sim.state.reset());

describe('GET /sim/cgi-bin/gettoken', () => {
  it('should issue a 7200 s token when corpid and secret match', async () => {
    const { status, body } = await cgiGet(sim, 'gettoken', { corpid: TEST_CORP.corpId, corpsecret: TEST_CORP.secret });
    expect(status).toBe(200);
    expect(body).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200, access_token: expect.any(String) });
    expect(sim.state.accessTokens.check(body.access_token)).toBe(0);
  });

  it.each([
    ['corpid is missing', { corpsecret: TEST_CORP.secret }, 41002],
    ['corpsecret is missing', { corpid: TEST_CORP.corpId }, 41004],
    ['corpid is wrong', { corpid: 'wwother', corpsecret: TEST_CORP.secret }, 40013],
    ['secret is wrong', { corpid: TEST_CORP.corpId, corpsecret: 'nope' }, 40001],
  ])('should answer HTTP 200 with errcode %s → %i', async (_label, query, errcode) => {
    const { status, body } = await cgiGet(sim, 'gettoken', query);
    expect(status).toBe(200);
    expect(body.errcode).toBe(errcode);
    expect(body.errmsg).toContain(`e=${errcode}`);
    expect(body.access_token).toBeUndefined();
  });

  it('should count every call when tests ask callCount', async () => {
    await cgiGet(sim, 'gettoken', { corpid: TEST_CORP.corpId, corpsecret: TEST_CORP.secret });
    await cgiGet(sim, 'gettoken', { corpid: 'bad', corpsecret: 'bad' });
    expect(sim.state.callCount('gettoken')).toBe(2);
    expect(sim.state.callCount('/cgi-bin/gettoken')).toBe(2);
  });

  it('should answer a plain 404 when the API path is unknown', async () => {
    const res = await fetch(`${sim.baseUrl}/cgi-bin/no/such/api`);
    expect(res.status).toBe(404);
  });

  it('should answer a plain 404 when gettoken is POSTed', async () => {
    const res = await fetch(`${sim.baseUrl}/cgi-bin/gettoken`, { method: 'POST' });
    expect(res.status).toBe(404);
  });
});
