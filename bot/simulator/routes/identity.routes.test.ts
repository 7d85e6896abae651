import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accessToken, cgiGet } from '../testing/sim-http.ts';
import { startSimulatorServer, TEST_CORP, type RunningSimulator } from '../testing/start-simulator-server.ts';

let sim: RunningSimulator;
let token: string;
beforeAll(async () => {
  sim = await startSimulatorServer();
});
afterAll(() => sim.close());
beforeEach(async () => {
  sim.state.reset();
  token = await accessToken(sim);
});

const jscode2session = (js_code: string, extra: Record<string, string> = {}) =>
  cgiGet(sim, 'miniprogram/jscode2session', { access_token: token, js_code, grant_type: 'authorization_code', ...extra });

describe('GET /sim/cgi-bin/miniprogram/jscode2session', () => {
  it('should return corpid, userid and a session_key when the code is fresh', async () => {
    const { body } = await jscode2session(sim.state.issueLoginCode('zhangsan', 'miniprogram'));
    expect(body).toMatchObject({ errcode: 0, corpid: TEST_CORP.corpId, userid: 'zhangsan', session_key: expect.any(String) });
  });

  it('should answer 40029 when the code is used a second time', async () => {
    const code = sim.state.issueLoginCode('zhangsan', 'miniprogram');
    await jscode2session(code);
    expect((await jscode2session(code)).body.errcode).toBe(40029);
  });

  it('should answer 40029 when 5 minutes have passed on the simulator clock', async () => {
    const code = sim.state.issueLoginCode('zhangsan', 'miniprogram');
    sim.clock.advance(5 * 60_000);
    expect((await jscode2session(code)).body.errcode).toBe(40029);
  });

  it('should answer 40029 when the code was issued for OAuth', async () => {
    expect((await jscode2session(sim.state.issueLoginCode('zhangsan', 'oauth'))).body.errcode).toBe(40029);
  });

  it('should answer 41008 when js_code is missing', async () => {
    const { body } = await cgiGet(sim, 'miniprogram/jscode2session', { access_token: token, grant_type: 'authorization_code' });
    expect(body.errcode).toBe(41008);
  });

  it('should answer 40058 without consuming the code when grant_type is not authorization_code', async () => {
    const code = sim.state.issueLoginCode('zhangsan', 'miniprogram');
    expect((await jscode2session(code, { grant_type: 'client_credential' })).body.errcode).toBe(40058);
    expect((await jscode2session(code)).body.errcode).toBe(0);
  });

  it.each([
    ['missing', undefined, 41001],
    ['unknown', 'forged-token', 40014],
  ])('should answer the token errcode when access_token is %s', async (_label, accessTokenValue, errcode) => {
    const query: Record<string, string> = { js_code: 'x', grant_type: 'authorization_code' };
    if (accessTokenValue) query.access_token = accessTokenValue;
    expect((await cgiGet(sim, 'miniprogram/jscode2session', query)).body.errcode).toBe(errcode);
  });

  it('should answer 42001 when the token expired by the simulator clock', async () => {
    sim.clock.advance(7200_000);
    expect((await jscode2session('x')).body.errcode).toBe(42001);
  });
});

describe('GET /sim/cgi-bin/auth/getuserinfo', () => {
  const getuserinfo = (code: string) => cgiGet(sim, 'auth/getuserinfo', { access_token: token, code });

  it('should return the member userid without user_ticket when the scope is snsapi_base', async () => {
    const { body } = await getuserinfo(sim.state.issueLoginCode('wangwu', 'oauth'));
    expect(body).toMatchObject({ errcode: 0, userid: 'wangwu' });
    expect(body.user_ticket).toBeUndefined();
    expect(body.openid).toBeUndefined();
  });

  it('should add a user_ticket when the code stands for snsapi_privateinfo', async () => {
    const { body } = await getuserinfo(sim.state.issueLoginCode('wangwu', 'oauth', { privateInfo: true }));
    expect(body.user_ticket).toEqual(expect.any(String));
  });

  it('should return openid and external_userid when the person is not a member', async () => {
    const { body } = await getuserinfo(sim.state.issueExternalOAuthCode({ openid: 'oOPEN', externalUserid: 'wmEXT' }));
    expect(body).toMatchObject({ errcode: 0, openid: 'oOPEN', external_userid: 'wmEXT' });
    expect(body.userid).toBeUndefined();
  });

  it('should answer 40029 when the code is reused, unknown or meant for the mini-program', async () => {
    const code = sim.state.issueLoginCode('wangwu', 'oauth');
    await getuserinfo(code);
    expect((await getuserinfo(code)).body.errcode).toBe(40029);
    expect((await getuserinfo('never-issued')).body.errcode).toBe(40029);
    expect((await getuserinfo(sim.state.issueLoginCode('wangwu', 'miniprogram'))).body.errcode).toBe(40029);
  });

  it('should answer 41008 when code is missing', async () => {
    expect((await cgiGet(sim, 'auth/getuserinfo', { access_token: token })).body.errcode).toBe(41008);
  });
});
