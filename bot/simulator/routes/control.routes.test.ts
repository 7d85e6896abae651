import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accessToken, cgiGet, control } from '../testing/sim-http.ts';
import { startSimulatorServer, type RunningSimulator } from '../testing/start-simulator-server.ts';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulatorServer();
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.state.reset();
  sim.clock.set(new Date('2025-03-03T01:00:00.000Z'));
});

describe('POST /sim/api/login-codes', () => {
  it('should return a code the exchange endpoint accepts when the member exists', async () => {
    const { status, body } = await control(sim, 'POST', 'login-codes', { userId: 'zhangsan', kind: 'oauth' });
    expect(status).toBe(200);
    const exchanged = await cgiGet(sim, 'auth/getuserinfo', { access_token: await accessToken(sim), code: body.code });
    expect(exchanged.body.userid).toBe('zhangsan');
  });

  it('should answer 404 NOT_FOUND when the userid is unknown', async () => {
    const { status, body } = await control(sim, 'POST', 'login-codes', { userId: 'nobody', kind: 'miniprogram' });
    expect(status).toBe(404);
    expect(body.error.code).toBe('NOT_FOUND');
  });

  it('should answer 409 USER_NOT_ACTIVE when the member has left', async () => {
    const { status, body } = await control(sim, 'POST', 'login-codes', { userId: 'zhaoliu', kind: 'miniprogram' });
    expect(status).toBe(409);
    expect(body.error.code).toBe('USER_NOT_ACTIVE');
  });

  it('should answer 400 VALIDATION_FAILED naming the field when kind is wrong', async () => {
    const { status, body } = await control(sim, 'POST', 'login-codes', { userId: 'zhangsan', kind: 'sms' });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: { kind: expect.any(String) } } });
  });
});

describe('/sim/api/clock', () => {
  it('should report the simulator time when read', async () => {
    expect((await control(sim, 'GET', 'clock')).body).toEqual({ now: '2025-03-03T01:00:00.000Z' });
  });

  it('should jump to the given instant when now is posted', async () => {
    const { body } = await control(sim, 'POST', 'clock', { now: '2025-06-01T08:00:00+08:00' });
    expect(body).toEqual({ now: '2025-06-01T00:00:00.000Z' });
    expect(sim.clock.now().toISOString()).toBe('2025-06-01T00:00:00.000Z');
  });

  it('should move forward by whole days when advanceDays is posted', async () => {
    expect((await control(sim, 'POST', 'clock', { advanceDays: 30 })).body).toEqual({ now: '2025-04-02T01:00:00.000Z' });
  });

  it('should expire codes and tokens when the clock jumps past them', async () => {
    const token = await accessToken(sim);
    const code = sim.state.issueLoginCode('zhangsan', 'oauth');
    await control(sim, 'POST', 'clock', { advanceDays: 1 });
    expect((await cgiGet(sim, 'auth/getuserinfo', { access_token: token, code })).body.errcode).toBe(42001);
    expect((await cgiGet(sim, 'auth/getuserinfo', { access_token: await accessToken(sim), code })).body.errcode).toBe(40029);
  });

  it.each([
    ['both fields are given', { now: '2025-06-01T00:00:00Z', advanceDays: 1 }],
    ['neither field is given', {}],
    ['now is not ISO-8601', { now: 'next tuesday' }],
    ['advanceDays is not a number', { advanceDays: '3' }],
    ['an unknown field is given', { advanceHours: 3 }],
    ['now is year 10000 in UTC', { now: '9999-12-31T23:00:00-05:00' }],
    ['now is before 2000', { now: '1999-12-31T23:59:59Z' }],
    ['advanceDays is beyond ten years', { advanceDays: 3651 }],
  ])('should answer 400 VALIDATION_FAILED when %s', async (_label, payload) => {
    const { status, body } = await control(sim, 'POST', 'clock', payload);
    expect(status).toBe(400);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(sim.clock.now().toISOString()).toBe('2025-03-03T01:00:00.000Z');
  });

  it('should answer 400 VALIDATION_FAILED when jumps would add up past 2100', async () => {
    expect((await control(sim, 'POST', 'clock', { now: '2099-06-01T00:00:00Z' })).status).toBe(200);
    const { status, body } = await control(sim, 'POST', 'clock', { advanceDays: 365 });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: '模拟时钟只能设在 2000 年至 2100 年之间' });
    expect(sim.clock.now().toISOString()).toBe('2099-06-01T00:00:00.000Z');
  });

  it('should answer 400 VALIDATION_FAILED when the body is not JSON', async () => {
    const { status, body } = await control(sim, 'POST', 'clock', '{"advanceDays":');
    expect(status).toBe(400);
    expect(body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('/sim/api/faults', () => {
  it('should make every call fail with the errcode when failRate is 1', async () => {
    const { body } = await control(sim, 'POST', 'faults', { failRate: 1, errcode: 45009 });
    expect(body).toEqual({ ok: true, faults: { failRate: 1, errcode: 45009, latencyMs: 0 } });
    expect((await cgiGet(sim, 'gettoken', {})).body.errcode).toBe(45009);
  });

  it('should restore the API when failRate 0 is posted', async () => {
    await control(sim, 'POST', 'faults', { failRate: 1, latencyMs: 10 });
    await control(sim, 'POST', 'faults', { failRate: 0 });
    expect((await control(sim, 'GET', 'faults')).body.faults).toEqual({ failRate: 0, errcode: -1, latencyMs: 0 });
    expect(await accessToken(sim)).toEqual(expect.any(String));
  });

  it('should delay answers when latencyMs is set', async () => {
    await control(sim, 'POST', 'faults', { failRate: 0, latencyMs: 150 });
    const started = performance.now();
    await accessToken(sim);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it.each([
    ['failRate is above 1', { failRate: 1.5 }],
    ['failRate is missing', { errcode: -1 }],
    ['errcode is 0', { failRate: 1, errcode: 0 }],
    ['latencyMs is negative', { failRate: 0, latencyMs: -5 }],
  ])('should answer 400 VALIDATION_FAILED when %s', async (_label, payload) => {
    const { status, body } = await control(sim, 'POST', 'faults', payload);
    expect(status).toBe(400);
    expect(body.error.code).toBe('VALIDATION_FAILED');
  });
});
