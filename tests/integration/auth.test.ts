import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_DEPARTMENTS } from '../helpers/fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { AuthService } from '../../server/auth/auth.service.ts';
import { SessionTokens } from '../../server/auth/session-token.ts';
import { FixedClock } from '../../server/infra/clock.ts';
import { MemoryKeyValueStore } from '../../server/infra/memory-kv.ts';
import { SharedVersion } from '../../server/infra/shared-version.ts';

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
    // WeCom tells us 王五 left (what its change_contact delete_user event runs): the next request is refused.
    expect(await app.runtime.services.handover.onDeparture('wangwu')).toMatchObject({ userId: app.users.repC });
    expect((await app.request('GET', '/api/me', { token })).status).toBe(401);
  });
});

describe('the session check\'s member cache', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => { await app?.close(); });

  it('should read a member again when the organisation\'s version moves, and after a minute whatever it says', async () => {
    const wall = new FixedClock(new Date('2026-03-02T02:00:00.000Z'));
    const version = new SharedVersion(new MemoryKeyValueStore(), 'org:version');
    const tokens = new SessionTokens('a-test-secret-of-enough-length-0123456789', 3600);
    const auth = new AuthService(app.runtime.db, null as never, tokens, app.clock, wall, true, 'corp', version);
    const token = tokens.issue(app.users.repB, wall.now());
    const q = (sql: string, params: unknown[]) => app.runtime.db.manager.query(sql, params);
    expect(await auth.authenticate(token)).toMatchObject({ id: app.users.repB, name: '李四' });
    try {
      // Changed by hand in the database: this instance still answers from its cache…
      await q('UPDATE users SET name = ? WHERE id = ?', ['李四（新）', app.users.repB]);
      expect(await auth.authenticate(token)).toMatchObject({ name: '李四' });
      // …until something bumps the version (every change the app makes does),
      await version.bump();
      expect(await auth.authenticate(token)).toMatchObject({ name: '李四（新）' });
      // or a minute has passed.
      await q("UPDATE users SET status = 'left' WHERE id = ?", [app.users.repB]);
      wall.advance(59_000);
      expect(await auth.authenticate(token)).toMatchObject({ id: app.users.repB });
      wall.advance(2_000);
      expect(await auth.authenticate(token)).toBeNull();
    } finally {
      await q("UPDATE users SET name = '李四', status = 'active' WHERE id = ?", [app.users.repB]);
    }
  });

  it('should ask the database each time while the shared store cannot answer', async () => {
    const wall = new FixedClock(new Date('2026-03-02T02:00:00.000Z'));
    const store = new MemoryKeyValueStore();
    const version = new SharedVersion(store, 'org:version');
    const tokens = new SessionTokens('a-test-secret-of-enough-length-0123456789', 3600);
    const auth = new AuthService(app.runtime.db, null as never, tokens, app.clock, wall, true, 'corp', version);
    const token = tokens.issue(app.users.repC, wall.now());
    const q = (sql: string, params: unknown[]) => app.runtime.db.manager.query(sql, params);
    expect(await auth.authenticate(token)).toMatchObject({ id: app.users.repC });
    store.get = async () => { throw new Error('store unreachable'); };
    try {
      await q("UPDATE users SET status = 'left' WHERE id = ?", [app.users.repC]);
      expect(await auth.authenticate(token)).toBeNull();
    } finally {
      await q("UPDATE users SET status = 'active' WHERE id = ?", [app.users.repC]);
    }
    expect(await auth.authenticate(token)).toMatchObject({ id: app.users.repC });
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
