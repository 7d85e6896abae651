import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../server/infra/memory-kv.ts';
import { startSimulatorServer, TEST_CORP, type RunningSimulator } from '../simulator/testing/start-simulator-server.ts';
import { WecomApiError } from './wecom-api-error.ts';
import { WecomClient, type WecomClientOptions } from './wecom-client.ts';

let sim: RunningSimulator;
let store: MemoryKeyValueStore;

beforeAll(async () => {
  sim = await startSimulatorServer();
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.state.reset();
  sim.clock.set(new Date('2025-03-03T01:00:00.000Z'));
  store = new MemoryKeyValueStore();
});

function client(overrides: Partial<WecomClientOptions> = {}): WecomClient {
  return new WecomClient({
    baseUrl: () => sim.baseUrl,
    corpId: TEST_CORP.corpId,
    secret: TEST_CORP.secret,
    agentId: TEST_CORP.agentId,
    store,
    clock: sim.clock,
    timeoutMs: 2_000,
    ...overrides,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<WecomApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WecomApiError);
  return err as WecomApiError;
}

describe('WecomClient access token', () => {
  it('should call gettoken once when many calls follow each other', async () => {
    const wecom = client();
    for (let i = 0; i < 5; i++) await wecom.getUser('zhangsan');
    expect(sim.state.callCount('gettoken')).toBe(1);
    expect(sim.state.callCount('user/get')).toBe(5);
  });

  it('should call gettoken exactly once when the first calls are concurrent', async () => {
    const wecom = client();
    await Promise.all(Array.from({ length: 20 }, () => wecom.getUser('zhangsan')));
    expect(sim.state.callCount('gettoken')).toBe(1);
  });

  it('should share one in-flight refresh when concurrent calls come from one process', async () => {
    let lockAttempts = 0;
    store = new (class extends MemoryKeyValueStore {
      override async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
        lockAttempts++;
        return super.setIfAbsent(key, value, ttlMs);
      }
    })();
    const wecom = client();
    await Promise.all(Array.from({ length: 20 }, () => wecom.getUser('zhangsan')));
    // Without the in-process single flight every caller would queue on the store lock.
    expect(lockAttempts).toBe(1);
  });

  it('should call gettoken exactly once when two processes share the store', async () => {
    const [a, b] = [client(), client()];
    await Promise.all([...Array.from({ length: 5 }, () => a.getUser('lisi')), ...Array.from({ length: 5 }, () => b.getUser('lisi'))]);
    expect(sim.state.callCount('gettoken')).toBe(1);
  });

  it('should refetch the token once and retry once when WeCom answers 40014', async () => {
    const wecom = client();
    await wecom.getUser('zhangsan');
    sim.state.accessTokens.revokeAll();
    expect((await wecom.getUser('zhangsan')).userid).toBe('zhangsan');
    expect(sim.state.callCount('gettoken')).toBe(2);
    expect(sim.state.callCount('user/get')).toBe(3);
  });

  it('should refetch the token once and retry once when WeCom answers 42001', async () => {
    const wecom = client();
    await wecom.getUser('zhangsan');
    sim.state.accessTokens.expireAll();
    expect((await wecom.getUser('zhangsan')).userid).toBe('zhangsan');
    expect(sim.state.callCount('gettoken')).toBe(2);
  });

  it('should refetch once for all concurrent calls when the token is revoked under them', async () => {
    const wecom = client();
    await wecom.getUser('zhangsan');
    sim.state.accessTokens.revokeAll();
    await Promise.all(Array.from({ length: 10 }, () => wecom.getUser('zhangsan')));
    expect(sim.state.callCount('gettoken')).toBe(2);
  });

  it('should give up after one retry when the token keeps being refused', async () => {
    const wecom = client();
    sim.state.setFaults({ failRate: 1, errcode: 40014, paths: ['user/get'] });
    const err = await failureOf(wecom.getUser('zhangsan'));
    expect(err.errcode).toBe(40014);
    expect(sim.state.callCount('user/get')).toBe(2);
    expect(sim.state.callCount('gettoken')).toBe(2);
  });

  it('should fetch a new token without a refused call when the clock passes the expiry', async () => {
    const wecom = client();
    await wecom.getUser('zhangsan');
    sim.clock.advance(7200_000);
    await wecom.getUser('zhangsan');
    expect(sim.state.callCount('gettoken')).toBe(2);
    expect(sim.state.callCount('user/get')).toBe(2);
  });

  it('should refresh early when the token is inside the 5-minute safety margin', async () => {
    const wecom = client();
    await wecom.getUser('zhangsan');
    sim.clock.advance((7200 - 301) * 1000);
    await wecom.getUser('zhangsan');
    expect(sim.state.callCount('gettoken')).toBe(1);
    sim.clock.advance(2_000);
    await wecom.getUser('zhangsan');
    expect(sim.state.callCount('gettoken')).toBe(2);
  });

  it('should throw 40001 after a single gettoken when the secret is wrong', async () => {
    const wecom = client({ secret: 'wrong-secret' });
    const err = await failureOf(wecom.getUser('zhangsan'));
    expect(err).toMatchObject({ errcode: 40001, path: 'gettoken', reason: 'api', retryable: false });
    expect(sim.state.callCount('gettoken')).toBe(1);
    expect(sim.state.callCount('user/get')).toBe(0);
  });

  it('should throw 40013 when the corp id is wrong', async () => {
    const err = await failureOf(client({ corpId: 'wwother' }).getUser('zhangsan'));
    expect(err).toMatchObject({ errcode: 40013, retryable: false });
  });

  it('should keep the secret and the token out of errors and logs when calls fail', async () => {
    const logged: string[] = [];
    const logger = { info: (o: object, m: string) => logged.push(JSON.stringify(o) + m), warn: (o: object, m: string) => logged.push(JSON.stringify(o) + m) };
    const wecom = client({ logger });
    await wecom.getUser('zhangsan');
    const token = JSON.parse((await store.get(`wecom:access-token:${TEST_CORP.corpId}:${TEST_CORP.agentId}`))!).token as string;
    sim.state.setFaults({ failRate: 1, errcode: 40014, paths: ['user/get'] });
    const err = await failureOf(wecom.getUser('zhangsan'));
    const everything = [err.message, err.errmsg, String(err.stack), ...logged].join('\n');
    expect(everything).not.toContain(TEST_CORP.secret);
    expect(everything).not.toContain(token);
    expect(logged.length).toBeGreaterThan(0);
  });
});

describe('WecomClient failures', () => {
  it('should throw a retryable -1 when WeCom is busy', async () => {
    const wecom = client();
    sim.state.setFaults({ failRate: 1 });
    const err = await failureOf(wecom.getUser('zhangsan'));
    expect(err).toMatchObject({ errcode: -1, reason: 'api', retryable: true });
  });

  it('should throw a retryable 45009 when the frequency limit is hit', async () => {
    const wecom = client();
    await wecom.getUser('zhangsan');
    sim.state.setFaults({ failRate: 1, errcode: 45009, paths: ['user/get'] });
    const err = await failureOf(wecom.getUser('zhangsan'));
    expect(err).toMatchObject({ errcode: 45009, path: 'user/get', retryable: true });
    expect(sim.state.callCount('user/get')).toBe(2);
  });

  it('should throw a retryable timeout when WeCom answers too slowly', async () => {
    const wecom = client({ timeoutMs: 100 });
    sim.state.setFaults({ failRate: 0, latencyMs: 400 });
    const err = await failureOf(wecom.getUser('zhangsan'));
    expect(err).toMatchObject({ errcode: -1, reason: 'timeout', retryable: true });
  });

  it('should throw a retryable network error when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failureOf(client({ baseUrl: () => `http://127.0.0.1:${port}/sim` }).getUser('zhangsan'));
    expect(err).toMatchObject({ errcode: -1, reason: 'network', retryable: true, path: 'gettoken' });
  });

  it('should throw an http error when the answer is not HTTP 200', async () => {
    const wecom = client();
    const err = await failureOf(wecom.call('GET', 'no/such/api'));
    expect(err).toMatchObject({ reason: 'http', httpStatus: 404, retryable: false });
  });
});

describe('WecomClient typed methods', () => {
  it('should return userid and corpid without session_key when a mini-program code is exchanged', async () => {
    const session = await client().jscode2session(sim.state.issueLoginCode('zhangsan', 'miniprogram'));
    expect(session).toEqual({ corpid: TEST_CORP.corpId, userid: 'zhangsan' });
  });

  it('should throw 40029 when the login code is invalid or reused', async () => {
    const wecom = client();
    expect((await failureOf(wecom.jscode2session('bogus'))).errcode).toBe(40029);
    const code = sim.state.issueLoginCode('lisi', 'oauth');
    await wecom.getUserInfoByCode(code);
    expect(await failureOf(wecom.getUserInfoByCode(code))).toMatchObject({ errcode: 40029, retryable: false });
  });

  it('should return a member identity when the OAuth code belongs to a member', async () => {
    const wecom = client();
    expect(await wecom.getUserInfoByCode(sim.state.issueLoginCode('lisi', 'oauth'))).toEqual({ kind: 'member', userid: 'lisi' });
    const withTicket = await wecom.getUserInfoByCode(sim.state.issueLoginCode('lisi', 'oauth', { privateInfo: true }));
    expect(withTicket).toMatchObject({ kind: 'member', userid: 'lisi', user_ticket: expect.any(String) });
  });

  it('should return a non-member identity when the OAuth code belongs to an outsider', async () => {
    const code = sim.state.issueExternalOAuthCode({ openid: 'oOPEN', externalUserid: 'wmEXT' });
    expect(await client().getUserInfoByCode(code)).toEqual({ kind: 'non_member', openid: 'oOPEN', external_userid: 'wmEXT' });
  });

  it('should list departments and members with WeCom field names when contacts are read', async () => {
    const wecom = client();
    expect((await wecom.listDepartments()).map((d) => d.id)).toEqual([1, 2, 4, 3, 5]);
    expect((await wecom.listDepartments(2)).map((d) => d.id)).toEqual([2, 4, 3]);
    expect(await wecom.listDepartmentIds(4)).toEqual([{ id: 4, parentid: 2, order: 60 }]);
    expect((await wecom.listDepartmentUsers(4)).map((u) => [u.userid, u.status])).toEqual([
      ['wangwu', 1],
      ['zhaoliu', 5],
    ]);
    expect(await wecom.listDepartmentUsersSimple(5)).toEqual([{ userid: 'lisi', name: '李四', department: [3, 5] }]);
  });

  it('should return the member without the envelope when one user is read', async () => {
    const user = await client().getUser('wangwu');
    expect(user).toMatchObject({ userid: 'wangwu', name: '王五', position: '销售经理', main_department: 4 });
    expect(user).not.toHaveProperty('errcode');
  });

  it('should throw 60111 when the userid does not exist', async () => {
    expect(await failureOf(client().getUser('nobody'))).toMatchObject({ errcode: 60111, path: 'user/get' });
  });

  it('should resolve the base URL on every call when it changes after construction', async () => {
    let base = 'http://127.0.0.1:1/sim';
    const wecom = client({ baseUrl: () => base });
    base = sim.baseUrl;
    expect((await wecom.getUser('lisi')).userid).toBe('lisi');
  });
});
