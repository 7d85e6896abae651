import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The admins' escalation settings (GET/PUT /api/escalation-settings): who may read and change
 * them, what is refused and in which words, and that a change and its audit row are one write.
 */
describe('escalation settings', () => {
  let app: TestApp;
  let boss: string, mgrEast: string, repA: string;
  const DEFAULTS = { enabled: true, levels: ['key', 'A'], graceDays: 1, dueWithinDays: null };

  beforeAll(async () => {
    app = await startTestApp();
    [boss, mgrEast, repA] = await Promise.all([app.tokenFor('boss'), app.tokenFor('mgrEast'), app.tokenFor('repA')]);
  });
  afterAll(async () => { await app?.close(); });
  beforeEach(async () => {
    expect((await app.request('PUT', '/api/escalation-settings', { token: boss, body: DEFAULTS })).status).toBe(200);
  });

  const put = (body: unknown, token = boss) => app.request('PUT', '/api/escalation-settings', { token, body });
  const current = async () => (await app.request('GET', '/api/escalation-settings', { token: boss })).body;
  const audits = async () => (await app.runtime.db.manager.query(
    "SELECT before_json, after_json FROM audit_log WHERE action = 'escalation.settings' ORDER BY id")) as Array<{ before_json: string; after_json: string }>;

  it('should answer 403 to managers and reps, before looking at the body', async () => {
    for (const token of [mgrEast, repA]) {
      expect((await app.request('GET', '/api/escalation-settings', { token })).status).toBe(403);
      const refused = await put({ enabled: 'nonsense' }, token);
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe('只有管理员可以设置升级提醒');
    }
    expect(await current()).toEqual(DEFAULTS);
  });

  it('should store every setting and fill the newer ones with defaults when a client leaves them out', async () => {
    const all = { enabled: true, levels: ['key', 'A', 'B'], graceDays: 3, dueWithinDays: 2 };
    expect((await put(all)).body).toEqual(all);
    expect(await current()).toEqual(all);
    expect((await put({ enabled: false, levels: [] })).body).toEqual({ enabled: false, levels: [], graceDays: 1, dueWithinDays: null });
    expect((await put({ enabled: true, levels: ['A', 'A'] })).body.levels).toEqual(['A']);
  });

  it.each([
    [{ enabled: 'yes', levels: ['A'] }, 'enabled', '升级提醒开关必须是 true 或 false'],
    [{ enabled: true, levels: ['X'] }, 'levels.0', '客户等级只能是 key（重点）、A、B、C'],
    [{ enabled: true, levels: 'A' }, 'levels', '客户等级必须是列表，可选 key（重点）、A、B、C'],
    [{ enabled: true, levels: [] }, 'levels', '客户等级至少选择一个，或关闭升级提醒'],
    [{ enabled: true, levels: ['A'], graceDays: 0 }, 'graceDays', '跟进宽限天数须为 1 到 7 的整数'],
    [{ enabled: true, levels: ['A'], graceDays: 8 }, 'graceDays', '跟进宽限天数须为 1 到 7 的整数'],
    [{ enabled: true, levels: ['A'], graceDays: 1.5 }, 'graceDays', '跟进宽限天数须为 1 到 7 的整数'],
    [{ enabled: true, levels: ['A'], graceDays: '2' }, 'graceDays', '跟进宽限天数须为 1 到 7 的整数'],
    [{ enabled: true, levels: ['A'], dueWithinDays: 0 }, 'dueWithinDays', '回收前天数须为 1 到 30 的整数，或留空表示整个预警期'],
    [{ enabled: true, levels: ['A'], dueWithinDays: 31 }, 'dueWithinDays', '回收前天数须为 1 到 30 的整数，或留空表示整个预警期'],
  ])('should refuse %j with a Chinese message on %s and change nothing', async (body, field, message) => {
    const before = (await audits()).length;
    const res = await put(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.fields[field]).toBe(message);
    expect(res.body.error.message).toBe(message);
    expect(await current()).toEqual(DEFAULTS);
    expect((await audits()).length).toBe(before);
  });

  it('should refuse unknown fields and a missing body', async () => {
    expect((await put({ enabled: true, levels: ['A'], hour: 8 })).status).toBe(400);
    const none = await app.request('PUT', '/api/escalation-settings', { token: boss });
    expect(none.status).toBe(400);
    expect(await current()).toEqual(DEFAULTS);
  });

  it('should write the audit row with the change, before and after', async () => {
    const before = (await audits()).length;
    const next = { enabled: true, levels: ['key'], graceDays: 2, dueWithinDays: 3 };
    expect((await put(next)).status).toBe(200);
    const rows = await audits();
    expect(rows.length).toBe(before + 1);
    expect(JSON.parse(rows.at(-1)!.before_json)).toEqual(DEFAULTS);
    expect(JSON.parse(rows.at(-1)!.after_json)).toEqual(next);
  });

  it('should keep the old settings when the audit row cannot be written (one transaction)', async () => {
    const db = app.runtime.db;
    // Fault injection: the audit insert of this action fails inside the database.
    if (db.kind === 'mysql') {
      await db.manager.query(`CREATE TRIGGER t_fail_escalation_audit BEFORE INSERT ON audit_log FOR EACH ROW
        BEGIN IF NEW.action = 'escalation.settings' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected audit failure'; END IF; END`);
    } else {
      await db.manager.query(`CREATE TRIGGER t_fail_escalation_audit BEFORE INSERT ON audit_log
        WHEN NEW.action = 'escalation.settings' BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END`);
    }
    try {
      const before = (await audits()).length;
      const res = await put({ enabled: false, levels: ['B'], graceDays: 5, dueWithinDays: 9 });
      expect(res.status).toBe(500);
      expect(await current()).toEqual(DEFAULTS);
      expect((await audits()).length).toBe(before);
    } finally {
      await db.manager.query('DROP TRIGGER t_fail_escalation_audit');
    }
    // And once the database accepts the audit row again, the same change goes through whole.
    expect((await put({ enabled: false, levels: ['B'], graceDays: 5, dueWithinDays: 9 })).status).toBe(200);
    expect(await current()).toEqual({ enabled: false, levels: ['B'], graceDays: 5, dueWithinDays: 9 });
  });
});
