import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReclaimSweep } from '../../server/pool/reclaim-sweep.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';
import { sqlTime } from '../../server/infra/db.ts';

const sh = (local: string) => new Date(`${local}+08:00`);
const TZ = 'Asia/Shanghai';
const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The reclaim sweep and the warnings, driven like the demo does: move the simulator clock,
 * run the job through /sim/api/jobs/:name/run, look at the customers and the outbox.
 */
describe('reclaim jobs', () => {
  let app: TestApp;
  let repA: string, repB: string, repC: string, boss: string;

  beforeAll(async () => {
    app = await startTestApp();
    [repA, repB, repC, boss] = await Promise.all([app.tokenFor('repA'), app.tokenFor('repB'), app.tokenFor('repC'), app.tokenFor('boss')]);
    const pools = await app.request('GET', '/api/pools', { token: boss });
    await app.request('PUT', `/api/pools/${pools.body.items[0].id}/rules`, { token: boss, body: { ...pools.body.items[0].rules, holdingCap: 500, noRepeatDealDays: 60 } });
  });
  afterAll(async () => { await app?.close(); });

  const at = async (when: Date) => { app.clock.set(when); };
  const runJob = async (name: string, dryRun = false) => {
    const res = await app.request('POST', `/sim/api/jobs/${name}/run${dryRun ? '?dryRun=true' : ''}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  // A rep cannot grant a customer an exempt level or a deal: the boss does, as in the product.
  const create = async (token: string, name: string, { level, ...extra }: Record<string, unknown> = {}) => {
    const res = await app.request('POST', '/api/customers', { token, body: { name, ...extra } });
    expect(res.status).toBe(201);
    if (level) expect((await app.request('PATCH', `/api/customers/${res.body.id}`, { token: boss, body: { level } })).status).toBe(200);
    return res.body;
  };
  const owner = async (id: string) => (await app.runtime.db.manager.query('SELECT owner_id FROM customers WHERE id = ?', [id]))[0].owner_id;

  it('should reclaim exactly at the reclaimAt the app shows, with an event naming the rule', async () => {
    await at(TEST_NOW);
    const c = await create(repA, '准时回收有限公司');
    expect(c.reclaimAt).toBe(sh('2026-03-18T00:00:00').toISOString());
    // The simulator clock keeps running after a jump: a minute before is safely before.
    await at(new Date(new Date(c.reclaimAt).getTime() - 60_000));
    await runJob('reclaim');
    expect(await owner(c.id)).not.toBeNull();
    await at(new Date(c.reclaimAt));
    const summary = await runJob('reclaim');
    expect(summary).toMatchObject({ job: 'reclaim', dryRun: false });
    expect(summary.affected).toBeGreaterThanOrEqual(1);
    expect(await owner(c.id)).toBeNull();
    const history = await app.request('GET', `/api/customers/${c.id}/history`, { token: boss });
    expect(history.body.items[0]).toMatchObject({ type: 'reclaimed', fromUserId: String(app.users.repA), byUserId: null, reason: '15天未跟进，自动回收' });
    const rule = await app.runtime.db.manager.query("SELECT rule FROM ownership_events WHERE customer_id = ? AND type = 'reclaimed'", [c.id]);
    expect(rule[0].rule).toBe('no_follow_up');
    const pooled = await app.request('GET', `/api/customers/${c.id}`, { token: repB });
    expect(pooled.body).toMatchObject({ inPool: true, ownerId: null });
  });

  it('should reset the follow-up clock on a follow-up but not the no-deal clock', async () => {
    await at(TEST_NOW);
    const c = await create(repA, '跟进重置有限公司');
    await at(sh('2026-03-12T10:00:00'));
    await app.request('POST', `/api/customers/${c.id}/follow-ups`, { token: repA, body: { type: 'call', content: '保持联系' } });
    const after = await app.request('GET', `/api/customers/${c.id}`, { token: repA });
    // no follow-up until 27 March, but no deal 30 days after the 2 March claim → 2 April wins? 28 March 00:00 vs 2 April 00:00
    expect(after.body.reclaimAt).toBe(sh('2026-03-28T00:00:00').toISOString());
    await at(sh('2026-03-27T10:00:00'));
    await app.request('POST', `/api/customers/${c.id}/follow-ups`, { token: repA, body: { type: 'call', content: '再次联系' } });
    const later = await app.request('GET', `/api/customers/${c.id}`, { token: repA });
    expect(later.body.reclaimAt).toBe(sh('2026-04-02T00:00:00').toISOString()); // the no-deal rule
    await at(sh('2026-04-02T00:00:00'));
    await runJob('reclaim');
    const rule = await app.runtime.db.manager.query("SELECT rule, reason FROM ownership_events WHERE customer_id = ? AND type = 'reclaimed'", [c.id]);
    expect(rule[0]).toMatchObject({ rule: 'no_deal', reason: '领取后30天未成交，自动回收' });
  });

  it('should give each customer of one sweep batch the reason of its own rule when the rules differ', async () => {
    await at(TEST_NOW);
    const quiet1 = await create(repA, '一批未跟进甲有限公司');
    const quiet2 = await create(repA, '一批未跟进乙有限公司');
    const busy = await create(repC, '一批未成交有限公司');
    for (const day of ['2026-03-12T10:00:00', '2026-03-27T10:00:00']) {
      await at(sh(day));
      expect((await app.request('POST', `/api/customers/${busy.id}/follow-ups`, { token: repC, body: { type: 'call', content: '跟进' } })).status).toBe(201);
    }
    // No sweep in between: all three fall due by 2 April and go in one batch, under two rules.
    await at(sh('2026-04-02T00:00:00'));
    await runJob('reclaim');
    const rows = await app.runtime.db.manager.query(
      `SELECT c.id, c.owner_id, c.pool_reason, e.rule, e.reason FROM customers c JOIN ownership_events e ON e.customer_id = c.id AND e.type = 'reclaimed'
        WHERE c.id IN (?, ?, ?) ORDER BY c.id`, [quiet1.id, quiet2.id, busy.id]) as Array<Record<string, unknown>>;
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    for (const c of [quiet1, quiet2]) {
      expect(byId.get(String(c.id))).toMatchObject({ owner_id: null, pool_reason: '15天未跟进，自动回收', rule: 'no_follow_up', reason: '15天未跟进，自动回收' });
    }
    expect(byId.get(String(busy.id))).toMatchObject({ owner_id: null, pool_reason: '领取后30天未成交，自动回收', rule: 'no_deal', reason: '领取后30天未成交，自动回收' });
  });

  it('should never reclaim exempt levels and should apply the repeat-deal rule to deal customers', async () => {
    await at(TEST_NOW);
    const key = await create(repB, '重点免回收有限公司', { level: 'key' });
    const deal = await create(repB, '成交客户有限公司');
    expect((await app.request('PATCH', `/api/customers/${deal.id}`, { token: boss, body: { stage: 'deal', reason: '签约' } })).status).toBe(200);
    await at(sh('2026-03-20T10:00:00'));
    await app.request('POST', `/api/customers/${deal.id}/follow-ups`, { token: repB, body: { type: 'visit', content: '回访' } });
    const d = await app.request('GET', `/api/customers/${deal.id}`, { token: repB });
    expect(d.body.reclaimAt).toBe(sh('2026-04-05T00:00:00').toISOString()); // follow-up rule; no-deal is off after the deal
    expect((await app.request('GET', `/api/customers/${key.id}`, { token: repB })).body.reclaimAt).toBeNull();
    await at(sh('2026-09-01T00:00:00'));
    await runJob('reclaim');
    expect(await owner(key.id)).not.toBeNull();
    expect(await owner(deal.id)).toBeNull();
  });

  it('should be idempotent and report what a dry run would do without changing anything', async () => {
    await at(TEST_NOW);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create(repB, `幂等测试${i}有限公司`)).id);
    await at(sh('2026-03-18T00:00:00'));
    const dry = await runJob('reclaim', true);
    expect(dry.dryRun).toBe(true);
    expect(dry.affected).toBeGreaterThanOrEqual(5);
    expect(dry.sample.length).toBeGreaterThan(0);
    for (const id of ids) expect(await owner(id)).not.toBeNull();
    const first = await runJob('reclaim');
    expect(first.affected).toBe(dry.affected);
    const second = await runJob('reclaim');
    expect(second.affected).toBe(0);
    const events = await app.runtime.db.manager.query(
      `SELECT COUNT(*) AS n FROM ownership_events WHERE type = 'reclaimed' AND customer_id IN (${ids.map(() => '?').join(',')})`, ids);
    expect(Number(events[0].n)).toBe(5);
  });

  it('should end a sweep killed halfway and run again in the same state as one uninterrupted sweep', async () => {
    await at(TEST_NOW);
    // Three owners, four customers each: batches never split an owner, so a batch size of 4 makes three.
    const owners = [[repA, app.users.repA], [repB, app.users.repB], [repC, app.users.repC]] as const;
    const ids: string[] = [];
    const ownerOf = new Map<string, number>();
    for (let i = 0; i < 12; i++) {
      const [token, userId] = owners[i % 3]!;
      const id = (await create(token, `断点续跑${i}有限公司`)).id as string;
      ids.push(id);
      ownerOf.set(String(id), userId);
    }
    // A sweep time no other test uses: cards are keyed by owner and sweep time, and two sweeps at one instant are one sweep.
    const now = sh('2026-03-18T00:07:13');
    await expect(runReclaimSweep(app.runtime.db, {
      now, tz: TZ, batchSize: 4,
      afterBatch: (n) => { if (n === 1) throw new Error('killed'); },
    })).rejects.toThrow('killed');
    const halfway = await app.runtime.db.manager.query(
      `SELECT COUNT(*) AS n FROM customers WHERE owner_id IS NULL AND id IN (${ids.map(() => '?').join(',')})`, ids);
    expect(Number(halfway[0].n)).toBe(4);
    const rerun = await runReclaimSweep(app.runtime.db, { now, tz: TZ, batchSize: 4 });
    expect(rerun.affected).toBe(8);
    const state = await app.runtime.db.manager.query(
      `SELECT c.id, c.owner_id, c.last_owner_id, c.pool_reason, (SELECT COUNT(*) FROM ownership_events e WHERE e.customer_id = c.id AND e.type = 'reclaimed') AS events
       FROM customers c WHERE c.id IN (${ids.map(() => '?').join(',')})`, ids);
    for (const row of state) {
      expect(row).toMatchObject({ owner_id: null, last_owner_id: ownerOf.get(String(row.id)), pool_reason: '15天未跟进，自动回收' });
      expect(Number(row.events)).toBe(1);
    }
    // Each owner heard once, with all four customers in one digest; every batch left an audit row.
    const notices = await app.runtime.db.manager.query("SELECT to_user, payload FROM outbox_messages WHERE kind = 'reclaimed-digest' AND dedupe_key LIKE ?", [`reclaimed:%:${now.toISOString()}%`]);
    expect(notices.map((n: { to_user: string }) => n.to_user).sort()).toEqual(['lisi', 'wangwu', 'zhangsan']);
    for (const n of notices) expect(JSON.parse(n.payload)).toMatchObject({ total: 4, customers: expect.any(Array) });
    const audits = await app.runtime.db.manager.query("SELECT entity_type, after_json FROM audit_log WHERE action = 'customer.reclaim.sweep' AND at = ?", [sqlTime(now)]);
    expect(audits).toHaveLength(3);
    expect(audits.flatMap((a: { after_json: string }) => JSON.parse(a.after_json).customerIds).map(String).sort()).toEqual([...ids].map(String).sort());
  });

  it('should send one reclaimed card per owner per sweep: the customer itself for one, a digest for several', async () => {
    await at(TEST_NOW);
    const mine = [await create(repA, '汇总回收甲有限公司'), await create(repA, '汇总回收乙有限公司'), await create(repA, '汇总回收丙有限公司')];
    const theirs = await create(repB, '汇总回收丁有限公司');
    const now = sh('2026-03-18T09:00:00'); // another sweep than the test above's (its cards are keyed by the sweep's time)
    await at(now);
    const res = await runJob('reclaim');
    expect(res.affected).toBeGreaterThanOrEqual(4);
    const rows = await app.runtime.db.manager.query(
      "SELECT kind, to_user, payload FROM outbox_messages WHERE kind IN ('reclaimed', 'reclaimed-digest') AND created_at >= ? AND created_at < ? ORDER BY to_user", [sqlTime(now), sqlTime(new Date(now.getTime() + 60_000))]);
    const byUser = new Map<string, Array<{ kind: string; payload: string }>>();
    for (const r of rows) byUser.set(r.to_user, [...(byUser.get(r.to_user) ?? []), r]);
    expect(byUser.get('zhangsan')).toHaveLength(1);
    expect(byUser.get('zhangsan')![0]!.kind).toBe('reclaimed-digest');
    const digest = JSON.parse(byUser.get('zhangsan')![0]!.payload);
    expect(digest.customers.map((c: { customerId: string }) => c.customerId)).toEqual(expect.arrayContaining(mine.map((c) => String(c.id))));
    expect(byUser.get('lisi')).toEqual([expect.objectContaining({ kind: 'reclaimed' })]);
    expect(JSON.parse(byUser.get('lisi')![0]!.payload)).toMatchObject({ customerId: String(theirs.id), customerName: '汇总回收丁有限公司' });
  });

  it('should queue one warning per customer per cycle and a new one after a follow-up moves the due day', async () => {
    await at(TEST_NOW);
    const c = await create(repA, '预警测试有限公司');
    const outbox = () => app.runtime.db.manager.query("SELECT dedupe_key, to_user, payload, status FROM outbox_messages WHERE kind = 'reclaim-warning' AND customer_id = ?", [c.id]);
    await at(sh('2026-03-14T08:00:00')); // due 18 March; window opens 15 March
    await runJob('reclaim-warnings');
    expect(await outbox()).toHaveLength(0);
    await at(sh('2026-03-15T09:10:00'));
    const first = await runJob('reclaim-warnings');
    expect(first.affected).toBeGreaterThanOrEqual(1);
    const rows = await outbox();
    expect(rows).toHaveLength(1);
    expect(rows[0].to_user).toBe('zhangsan');
    expect(JSON.parse(rows[0].payload)).toMatchObject({ customerName: '预警测试有限公司', daysLeft: 3, rule: 'no_follow_up', dueAt: sh('2026-03-18T00:00:00').toISOString() });
    await at(sh('2026-03-16T09:10:00'));
    await runJob('reclaim-warnings');
    expect(await outbox()).toHaveLength(1); // same cycle: no second card
    await app.request('POST', `/api/customers/${c.id}/follow-ups`, { token: repA, body: { type: 'call', content: '续上了' } });
    await at(sh('2026-03-29T09:10:00')); // new due day 1 April (no-deal rule), window opens 29 March
    await runJob('reclaim-warnings');
    expect(await outbox()).toHaveLength(2);
  });

  it('should list soon-reclaimed customers with the same rules', async () => {
    await at(TEST_NOW);
    const c = await create(repB, '即将回收列表有限公司');
    await at(sh('2026-03-14T12:00:00'));
    const before = await app.request('GET', '/api/customers?soon=true&pageSize=100', { token: repB });
    expect(before.body.items.map((x: any) => x.id)).not.toContain(c.id);
    await at(sh('2026-03-15T00:00:00'));
    const inWindow = await app.request('GET', '/api/customers?soon=true&pageSize=100', { token: repB });
    expect(inWindow.body.items.map((x: any) => x.id)).toContain(c.id);
  });

  it('should run a job from the CLI with --now and --dry-run and change nothing', async () => {
    await at(TEST_NOW);
    const c = await create(repB, '命令行回收有限公司');
    const db = app.database.config;
    const env = { ...process.env, WECOM_MODE: 'simulator', LOG_LEVEL: 'silent', DATABASE_URL: db.kind === 'sqlite' ? `sqlite:${db.path}` : db.url };
    const { stdout } = await promisify(execFile)('node', [join(ROOT, 'bin', 'wecrm.mjs'), 'job', 'run', 'reclaim', '--now', '2026-12-01T09:00:00+08:00', '--dry-run'], { env, cwd: ROOT });
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({ job: 'reclaim', dryRun: true, now: '2026-12-01T01:00:00.000Z' });
    expect(summary.affected).toBeGreaterThan(0);
    expect(await owner(c.id)).not.toBeNull();
    const bad = await promisify(execFile)('node', [join(ROOT, 'bin', 'wecrm.mjs'), 'job', 'run', 'reclaim', '--now', 'tomorrow'], { env, cwd: ROOT }).catch((e) => e);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--now');
  });

  it('should answer 404 for an unknown job', async () => {
    const res = await app.request('POST', '/sim/api/jobs/nope/run');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});
