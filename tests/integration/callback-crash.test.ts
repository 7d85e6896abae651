import { spawn, type ChildProcess } from 'node:child_process';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK_LEASE_MS, CALLBACK_MAX_ATTEMPTS } from '../../bot/callback/callback-inbox.ts';
import { startSimulatorServer, TEST_CALLBACK, TEST_CORP, type RunningSimulator } from '../../bot/simulator/testing/start-simulator-server.ts';
import { AdjustableClock } from '../../server/infra/clock.ts';
import { sqlTime } from '../../server/infra/db.ts';
import { loadSimulatorDirectory, Runtime } from '../../bot/runtime.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CHILD = join(ROOT, 'tests', 'helpers', 'callback-crash-child.ts');
/** The reclaim warnings go out on 03-15 09:10 Shanghai; the click comes a minute later. */
const WARN_AT = new Date('2026-03-15T01:10:00.000Z');
const CLICK_AT = new Date(WARN_AT.getTime() + 60_000);

interface SimMessage { msgid: string; taskId?: string; replaceName?: string; template_card?: any }

/** Starts the child, resolves with its URL once it listens; `exited` settles when it is gone. */
function startChild(input: unknown): { child: ChildProcess; ready: Promise<string>; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(input)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /READY (\S+)/.exec(output);
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error(`child exited before it listened:\n${output}`)));
  });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, output }));
  });
  return { child, ready, exited };
}

/**
 * A click on "放弃客户" reaches a wecrm process that is killed (SIGKILL, as `kill -9`) right
 * after taking the callback into `processing`. WeCom (the simulator, in this test process)
 * outlives the crash, as the real one does. A new process past the lease recovers the row and
 * processes the click exactly once: one release, one ownership event, the card updated.
 */
describe('callback inbox: a click survives a crash of the process handling it', () => {
  let sim: RunningSimulator;
  let app: TestApp;
  let childUrl = 'http://127.0.0.1:9';
  let recovered: Runtime | null = null;
  let doomedChild: ChildProcess | null = null;
  let recoveryClock: AdjustableClock;
  const logLines: Array<{ level: number; msg: string }> = [];

  const simMessages = async (userId: string): Promise<SimMessage[]> => ((await (await fetch(`${sim.baseUrl}/api/messages?touser=${userId}`)).json()) as { items: SimMessage[] }).items;
  const query = (sql: string, params: unknown[] = []) => (recovered ?? app.runtime).db.manager.query(sql, params);
  const releasedEvents = async (customerId: string) =>
    query("SELECT reason, from_user_id, by_user_id FROM ownership_events WHERE customer_id = ? AND type = 'released'", [Number(customerId)]);

  beforeAll(async () => {
    sim = await startSimulatorServer({ start: WARN_AT, withDirectory: false, callbackUrl: () => `${childUrl}/wecom/callback` });
    app = await startTestApp({
      env: {
        WECOM_API_BASE: sim.baseUrl, WECOM_CORP_ID: TEST_CORP.corpId, WECOM_AGENT_ID: String(TEST_CORP.agentId), WECOM_SECRET: TEST_CORP.secret,
        WECOM_CALLBACK_TOKEN: TEST_CALLBACK.token, WECOM_CALLBACK_AES_KEY: TEST_CALLBACK.aesKey,
      },
    });
    await loadSimulatorDirectory(app.runtime.db, sim);
  });
  afterAll(async () => {
    // A failure before the click leaves the child listening: it is ours to stop.
    if (doomedChild && doomedChild.exitCode === null && doomedChild.signalCode === null) doomedChild.kill('SIGKILL');
    await recovered?.close();
    await app?.close();
    await sim?.close();
  });

  it('should process the click exactly once when the process was killed right after taking it into processing', async () => {
    // ---- before the crash: a customer of zhangsan, its reclaim warning in his WeCom chat ----------
    const token = await app.tokenFor('repA');
    app.clock.set(TEST_NOW);
    const created = await app.request('POST', '/api/customers', { token, body: { name: '崩溃恢复有限公司' } });
    expect(created.status).toBe(201);
    const customerId: string = created.body.id;
    app.clock.set(WARN_AT);
    await app.request('POST', '/sim/api/jobs/reclaim-warnings/run');
    await app.runtime.dispatcher.drain();
    const card = (await simMessages('zhangsan')).find((m) => JSON.stringify(m.template_card ?? {}).includes('崩溃恢复有限公司'))!;
    expect(card?.taskId).toBeDefined();
    const release = card.template_card.button_list.find((b: any) => b.text === '放弃客户');
    const config = app.runtime.config;
    await app.runtime.close();

    // ---- the doomed process receives the signed click and dies right after taking it -------------
    const doomed = startChild({ config, now: CLICK_AT.toISOString(), kvPrefix: `wecrm:test:crash:${process.pid}:` });
    doomedChild = doomed.child;
    childUrl = await doomed.ready;
    sim.clock.set(CLICK_AT);
    const click = await sim.state.clickCardButton(card.taskId!, 'zhangsan', release.key, { selectedOptionId: 'no_interest' });
    expect(click.status).toBe(200);
    const death = await doomed.exited;
    expect(death.signal, death.output).toBe('SIGKILL');
    expect(death.output).toMatch(/TAKEN \d+/);

    // ---- a new process on the same database ----------------------------------------------------
    recoveryClock = new AdjustableClock();
    recoveryClock.set(new Date(CLICK_AT.getTime() + 30_000));
    const logger = pino({ level: 'info' }, new Writable({ write(chunk, _enc, done) { logLines.push(JSON.parse(String(chunk))); done(); } }));
    recovered = await Runtime.create(config, { clock: recoveryClock, logger, seedDemo: false, h5Root: null, kvPrefix: `wecrm:test:crash-recovered:${process.pid}:` });
    const [left] = await query('SELECT id, status, attempts FROM callback_events');
    expect(left).toMatchObject({ status: 'processing' });
    expect(Number(left.attempts)).toBe(1);
    expect(await releasedEvents(customerId)).toEqual([]);

    // Within the lease the row still belongs to the dead process.
    expect(await recovered.inbox.processPending()).toBe(0);
    recoveryClock.set(new Date(CLICK_AT.getTime() + CALLBACK_LEASE_MS + 60_000));
    expect(await recovered.inbox.processPending()).toBe(1);

    const [row] = await query('SELECT status, attempts, error FROM callback_events WHERE id = ?', [left.id]);
    expect(row).toMatchObject({ status: 'processed', error: null });
    expect(Number(row.attempts)).toBe(2);
    const events = await releasedEvents(customerId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ reason: '客户无意向' });
    expect(Number(events[0].by_user_id)).toBe(app.users.repA);
    const [customer] = await query('SELECT owner_id FROM customers WHERE id = ?', [Number(customerId)]);
    expect(customer.owner_id).toBeNull();
    const updated = (await simMessages('zhangsan')).find((m) => m.taskId === card.taskId)!;
    expect(updated.replaceName).toBe('已放弃：客户无意向');
    const [outbox] = await query('SELECT outcome FROM outbox_messages WHERE task_id = ?', [card.taskId]);
    expect(outbox.outcome).toBe('released');

    // Later recoveries find nothing left to do.
    recoveryClock.advance(CALLBACK_LEASE_MS * 5);
    expect(await recovered.inbox.processPending()).toBe(0);
    expect(await releasedEvents(customerId)).toHaveLength(1);
  }, 120_000); // a child process that loads the whole app through tsx: slow on a busy machine

  it('should finish with the same outcome and release once when a click runs again after its release committed', async () => {
    const runtime = recovered!;
    const url = await runtime.listen(0, '127.0.0.1');
    childUrl = url.replace('localhost', '127.0.0.1');
    const call = async (method: string, path: string, body?: unknown, token?: string) => {
      const res = await fetch(url + path, {
        method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const login = await call('POST', '/api/auth/dev', { userId: String(app.users.repA) });
    const start = recoveryClock.now();
    const created = await call('POST', '/api/customers', { name: '重放幂等有限公司' }, login.body.token);
    expect(created.status).toBe(201);
    const customer = created.body;
    recoveryClock.set(new Date(start.getTime() + 13 * 24 * 3600_000));
    sim.clock.set(recoveryClock.now());
    await call('POST', '/sim/api/jobs/reclaim-warnings/run');
    await runtime.dispatcher.drain();
    const card = (await simMessages('zhangsan')).find((m) => JSON.stringify(m.template_card ?? {}).includes('重放幂等有限公司'))!;
    expect(card?.taskId).toBeDefined();
    const release = card.template_card.button_list.find((b: any) => b.text === '放弃客户');

    await sim.state.clickCardButton(card.taskId!, 'zhangsan', release.key, { selectedOptionId: 'chose_competitor' });
    await runtime.inbox.settle();
    const [first] = await query("SELECT id, status FROM callback_events WHERE payload LIKE ? ORDER BY id DESC", [`%${card.taskId}%`]);
    expect(first.status).toBe('processed');
    expect(await releasedEvents(String(customer.id))).toHaveLength(1);

    // A crash after the release committed but before the row was marked processed looks like this.
    await query("UPDATE callback_events SET status = 'processing', processed_at = NULL, lease_until = ? WHERE id = ?",
      [sqlTime(new Date(recoveryClock.now().getTime() - 1000)), first.id]);
    logLines.length = 0;
    expect(await runtime.inbox.processPending()).toBe(1);

    const [again] = await query('SELECT status, attempts, error FROM callback_events WHERE id = ?', [first.id]);
    expect(again).toMatchObject({ status: 'processed', error: null });
    expect(Number(again.attempts)).toBe(2);
    expect(await releasedEvents(String(customer.id))).toMatchObject([{ reason: '已选竞品' }]);
    const [outbox] = await query('SELECT outcome FROM outbox_messages WHERE task_id = ?', [card.taskId]);
    expect(outbox.outcome).toBe('released');
    expect((await simMessages('zhangsan')).find((m) => m.taskId === card.taskId)!.replaceName).toBe('已放弃：已选竞品');
    // The click's response code was spent by the first run: logged, not an error.
    expect(logLines.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([]);
    expect(logLines.some((l) => /response code was already used/.test(l.msg))).toBe(true);
  });

  it(`should mark a callback failed with the reason once it was taken ${CALLBACK_MAX_ATTEMPTS} times without finishing`, async () => {
    const runtime = recovered!;
    const expired = sqlTime(new Date(recoveryClock.now().getTime() - 1000));
    const insert = (key: string, attempts: number) => query(
      "INSERT INTO callback_events (dedupe_key, event, from_user, payload, status, received_at, lease_until, attempts) VALUES (?, 'unknown_event', NULL, '{}', 'processing', ?, ?, ?)",
      [key, expired, expired, attempts]);
    await insert('crash-loop:exhausted', CALLBACK_MAX_ATTEMPTS);
    await insert('crash-loop:last-chance', CALLBACK_MAX_ATTEMPTS - 1);
    expect(await runtime.inbox.processPending()).toBe(2);
    const rows = await query("SELECT dedupe_key, status, attempts, error FROM callback_events WHERE dedupe_key LIKE 'crash-loop:%' ORDER BY dedupe_key");
    expect(rows[0]).toMatchObject({ dedupe_key: 'crash-loop:exhausted', status: 'failed' });
    expect(rows[0].error).toContain(`gave up after ${CALLBACK_MAX_ATTEMPTS} attempts`);
    expect(rows[1]).toMatchObject({ dedupe_key: 'crash-loop:last-chance', status: 'processed' });
    expect(Number(rows[1].attempts)).toBe(CALLBACK_MAX_ATTEMPTS);
    expect(await runtime.inbox.processPending()).toBe(0);
  });
});
