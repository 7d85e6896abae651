import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_DEPARTMENTS } from '../helpers/fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

describe('auth API', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => { await app?.close(); });

  const simCode = async (userId: string, kind: 'miniprogram' | 'oauth') => {
    const res = await app.request('POST', '/sim/api/login-codes', { body: { userId, kind } });
    expect(res.status).toBe(200);
    return res.body.code as string;
  };

  it('should list active demo users for the picker and log one in', async () => {
    const users = await app.request('GET', '/api/auth/dev/users');
    expect(users.status).toBe(200);
    expect(users.body.items.map((u: any) => u.wecomUserId)).not.toContain('zhaoliu');
    // Who has left is listed apart, so the picker can show them as departed without offering them.
    expect(users.body.departed).toEqual([expect.objectContaining({ id: String(app.users.gone), wecomUserId: 'zhaoliu', role: 'rep' })]);
    const zhangsan = users.body.items.find((u: any) => u.wecomUserId === 'zhangsan');
    expect(zhangsan).toMatchObject({ id: String(app.users.repA), name: '张三', role: 'rep', departmentId: '4' });
    const login = await app.request('POST', '/api/auth/dev', { body: { userId: zhangsan.id } });
    expect(login.status).toBe(200);
    const me = await app.request('GET', '/api/me', { token: login.body.token });
    expect(me.body).toMatchObject({ id: zhangsan.id, wecomUserId: 'zhangsan', name: '张三', role: 'rep', departmentId: '4' });
  });

  it('should refuse a departed member and an unknown user in dev login', async () => {
    expect((await app.request('POST', '/api/auth/dev', { body: { userId: String(app.users.gone) } })).status).toBe(403);
    expect((await app.request('POST', '/api/auth/dev', { body: { userId: '999999' } })).status).toBe(404);
    expect((await app.request('POST', '/api/auth/dev', { body: { userId: 'abc' } })).status).toBe(400);
  });

  it('should log in with a mini-program code through jscode2session', async () => {
    const code = await simCode('lisi', 'miniprogram');
    const res = await app.request('POST', '/api/auth/wecom/miniprogram', { body: { code } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ wecomUserId: 'lisi', role: 'rep' });
    expect(res.body.token).toEqual(expect.any(String));
    expect(JSON.stringify(res.body)).not.toContain('session_key');
  });

  it('should log in with an H5 OAuth code and refuse the same code twice', async () => {
    const code = await simCode('mgr.east', 'oauth');
    const first = await app.request('POST', '/api/auth/wecom/oauth', { body: { code } });
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ wecomUserId: 'mgr.east', role: 'manager' });
    const again = await app.request('POST', '/api/auth/wecom/oauth', { body: { code } });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('WECOM_CODE_INVALID');
  });

  it('should refuse an invented code and a missing one', async () => {
    const bad = await app.request('POST', '/api/auth/wecom/miniprogram', { body: { code: 'invented' } });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('WECOM_CODE_INVALID');
    const missing = await app.request('POST', '/api/auth/wecom/oauth', { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields).toHaveProperty('code');
  });

  it('should provision a member WeCom knows but wecrm has not seen, as a rep', async () => {
    app.runtime.simulator!.state.setDirectory({
      departments: FIXTURE_DEPARTMENTS.map((d) => ({ id: d.id, name: d.name, parentid: d.parentId ?? 0, order: d.sortOrder })),
      users: [{ userid: 'newbie', name: '新同事', department: [3], main_department: 3, status: 1 }],
    });
    const code = await simCode('newbie', 'oauth');
    const res = await app.request('POST', '/api/auth/wecom/oauth', { body: { code } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ wecomUserId: 'newbie', name: '新同事', role: 'rep', departmentId: '3' });
    const audit = await app.runtime.db.manager.query("SELECT action FROM audit_log WHERE action = 'user.provision'");
    expect(audit).toHaveLength(1);
  });

  it('should answer 502 WECOM_UNAVAILABLE when WeCom keeps failing', async () => {
    const code = await simCode('newbie', 'oauth'); // the directory was replaced above
    await app.request('POST', '/sim/api/faults', { body: { failRate: 1, errcode: -1 } });
    try {
      const res = await app.request('POST', '/api/auth/wecom/oauth', { body: { code } });
      expect(res.status).toBe(502);
      expect(res.body.error.code).toBe('WECOM_UNAVAILABLE');
    } finally {
      await app.request('POST', '/sim/api/faults', { body: { failRate: 0 } });
    }
  });

  it('should lock out a member as soon as they are marked as left', async () => {
    const token = await app.tokenFor('repC');
    expect((await app.request('GET', '/api/me', { token })).status).toBe(200);
    await app.runtime.db.manager.query("UPDATE users SET status = 'left' WHERE id = ?", [app.users.repC]);
    expect((await app.request('GET', '/api/me', { token })).status).toBe(401);
  });
});

describe('auth API in live mode', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      env: {
        WECOM_MODE: 'live', WECOM_CORP_ID: 'wwlive', WECOM_AGENT_ID: '1000002', WECOM_SECRET: 's'.repeat(43),
        WECOM_CALLBACK_TOKEN: 'token123', WECOM_CALLBACK_AES_KEY: 'a'.repeat(43), SESSION_SECRET: 'x'.repeat(40),
        PUBLIC_BASE_URL: 'https://crm.example.com', WECOM_API_BASE: 'http://127.0.0.1:9',
      },
    });
  });
  afterAll(async () => { await app?.close(); });

  it('should answer 404 for the dev login endpoints and not mount the simulator', async () => {
    expect((await app.request('GET', '/api/auth/dev/users')).status).toBe(404);
    expect((await app.request('POST', '/api/auth/dev', { body: { userId: '1' } })).status).toBe(404);
    expect((await app.request('GET', '/sim/api/clock')).status).toBe(404);
  });
});
