import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cdata } from '../../bot/simulator/callbacks/callback-xml.ts';
import { actorOf } from '../../server/auth/auth.middleware.ts';
import { multipartBody } from '../../server/http/body.ts';
import { ApiRouter } from '../../server/http/router.ts';
import { parseInput } from '../../server/http/validate.ts';
import { defineModule, type CapabilityModule } from '../../server/modules/module.ts';
import { MODULES } from '../../server/modules/index.ts';
import { decision } from '../../server/notifications/decision.notification.ts';
import { InvalidNotificationError, notify } from '../../server/notifications/notify.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../helpers/test-app.ts';

/**
 * A capability plugs in as a module — routes, a job, a card action and a callback event handler —
 * with nothing else changed: here a test capability "acks" (a question sent to several members as
 * one event; when one of them answers, every card of the event shows who did). It also shows the
 * per-route body parsers and the typed notify().
 */
const seen: Array<Record<string, unknown>> = [];
const acksModule: CapabilityModule = defineModule({
  name: 'acks',
  routes: ({ deps }) => {
    const router = new ApiRouter({ prefix: '/api/acks' });
    router.post('/', async (ctx) => {
      const input = parseInput(z.object({ to: z.array(z.string()).min(1), title: z.string().min(1) }).strict(), ctx.request.body);
      const eventKey = `ack:${deps.clock.now().getTime()}`;
      await deps.db.tx((em) => notify(em, decision, {
        topic: 'wecrm 测试', title: input.title, rows: [{ key: '发起人', value: actorOf(ctx).name }],
        buttons: [{ key: `${eventKey}:yes`, text: '收到', style: 1 }],
      }, { to: input.to, dedupeKey: eventKey, now: deps.clock.now() }));
      ctx.status = 201;
      ctx.body = { eventKey };
    });
    // An upload route names its parser; the JSON default never sees it.
    router.post('/files', multipartBody({ maxBytes: 64 * 1024, maxFiles: 2, maxFileBytes: 16 * 1024 }), async (ctx) => {
      ctx.body = { fields: ctx.request.body, files: (ctx.request.files ?? []).map((f) => ({ field: f.field, filename: f.filename, size: f.size })) };
    });
    return [router];
  },
  jobs: [{ name: 'acks-tally', cron: '15 * * * *', description: '测试任务', run: async (_ctx, opts) => ({ job: 'acks-tally', affected: 0, dryRun: opts.dryRun }) }],
  cardActions: () => [{
    prefix: 'ack:',
    async handle(click) {
      return { outcome: 'acknowledged', update: { mode: 'replace-name', text: `已确认 · ${click.actor?.name ?? '未知成员'}` }, scope: 'event' };
    },
  }],
  callbackEvents: () => ({
    // 异步任务完成通知: a real WeCom event no capability handles yet.
    batch_job_result: async (event) => {
      seen.push({ ...event });
      return 'noted';
    },
  }),
});

describe('capability modules', () => {
  let app: TestApp;
  let boss: string;

  beforeAll(async () => {
    app = await startTestApp({ modules: [...MODULES, acksModule] });
    boss = await app.tokenFor('boss');
  });
  afterAll(async () => { await app?.close(); });

  const chat = async (userId: string) => (await app.request('GET', `/sim/api/messages?touser=${userId}`)).body.items as any[];

  it('should update every recipient\'s card of an event when one of them decides from chat', async () => {
    app.clock.set(TEST_NOW);
    const sent = await app.request('POST', '/api/acks', { token: boss, body: { to: ['zhangsan', 'lisi', 'wangwu'], title: '请确认季度目标' } });
    expect(sent.status).toBe(201);
    await app.runtime.dispatcher.drain();
    const cards = await Promise.all(['zhangsan', 'lisi', 'wangwu'].map(async (u) => (await chat(u)).find((m) => m.template_card?.main_title?.title === '请确认季度目标')));
    expect(cards.every(Boolean)).toBe(true);
    // Urgent by definition: no digest, one card each.
    const click = await app.request('POST', `/sim/api/cards/${cards[1].template_card.task_id}/click`, { body: { userId: 'lisi', key: `${sent.body.eventKey}:yes` } });
    expect(click.body).toMatchObject({ delivered: true, status: 200 });
    await app.runtime.inbox.settle();
    await app.runtime.dispatcher.drain();
    for (const u of ['zhangsan', 'lisi', 'wangwu']) {
      const card = (await chat(u)).find((m) => m.template_card?.main_title?.title === '请确认季度目标');
      expect({ u, name: card.replaceName, updated: !!card.updatedAt }).toEqual({ u, name: '已确认 · 李四', updated: true });
    }
    const rows = await app.runtime.db.manager.query('SELECT outcome, response_code FROM outbox_messages WHERE event_key = ? ORDER BY id', [sent.body.eventKey]);
    expect(rows.map((r: any) => r.outcome)).toEqual(['acknowledged', 'acknowledged', 'acknowledged']);
    // The others' send codes were spent on the update (single use); the clicker's card used the click's own code.
    expect(rows.filter((r: any) => r.response_code !== null)).toHaveLength(1);
  });

  it('should run the module\'s job from the simulator and list it', async () => {
    expect((await app.request('GET', '/sim/api/jobs')).body.items.map((j: any) => j.name)).toContain('acks-tally');
    expect((await app.request('POST', '/sim/api/jobs/acks-tally/run')).body).toMatchObject({ job: 'acks-tally', affected: 0 });
  });

  it('should hand the module the WeCom events it handles', async () => {
    const xml = `<xml><ToUserName>${cdata(app.runtime.config.wecom.corpId)}</ToUserName><FromUserName>${cdata('sys')}</FromUserName>`
      + `<CreateTime>${Math.floor(app.clock.now().getTime() / 1000)}</CreateTime><MsgType>${cdata('event')}</MsgType>`
      + `<Event>${cdata('batch_job_result')}</Event><BatchJob><JobId>${cdata('job-1')}</JobId><JobType>${cdata('sync_user')}</JobType><ErrCode>0</ErrCode></BatchJob></xml>`;
    const delivered = await app.runtime.simulator!.state.callbacks!.post(xml);
    expect(delivered.status).toBe(200);
    await app.runtime.inbox.settle();
    expect(seen).toEqual([expect.objectContaining({ Event: 'batch_job_result' })]);
  });

  it('should refuse a notification whose payload does not match its kind, writing nothing', async () => {
    await expect(app.runtime.db.tx((em) => notify(em, decision, { topic: 'x', title: 'y', buttons: [] } as never, { to: ['zhangsan'], dedupeKey: 'bad:1', now: app.clock.now() })))
      .rejects.toBeInstanceOf(InvalidNotificationError);
    expect(await app.runtime.db.manager.query("SELECT id FROM outbox_messages WHERE event_key = 'bad:1'")).toEqual([]);
  });

  describe('body parsers per route', () => {
    const form = (files: Array<[string, number]>, fields: Record<string, string> = {}) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(fields)) fd.append(k, v);
      for (const [name, size] of files) fd.append('file', new Blob([Buffer.alloc(size, 1)], { type: 'image/png' }), name);
      return fd;
    };
    const post = async (path: string, body: FormData | string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> => {
      const res = await fetch(app.url + path, { method: 'POST', body, headers: { authorization: `Bearer ${boss}`, ...headers } });
      return { status: res.status, body: await res.json() };
    };

    it('should parse multipart uploads on the route that asks for them', async () => {
      const res = await post('/api/acks/files', form([['a.png', 100], ['b.png', 200]], { note: '发票' }));
      expect(res).toEqual({ status: 200, body: { fields: { note: '发票' }, files: [{ field: 'file', filename: 'a.png', size: 100 }, { field: 'file', filename: 'b.png', size: 200 }] } });
    });

    it.each([
      ['too many files', () => form([['a.png', 10], ['b.png', 10], ['c.png', 10]]), 413, '一次最多上传 2 个文件'],
      ['a file over its limit', () => form([['big.png', 20 * 1024]]), 413, '文件「big.png」过大'],
      ['a body over the route\'s limit', () => form([['a.png', 15 * 1024], ['b.png', 15 * 1024]], { pad: 'x'.repeat(40 * 1024) }), 413, '请求体过大'],
    ])('should refuse %s with a clear 413', async (_case, body, status, message) => {
      const res = await post('/api/acks/files', body());
      expect(res.status).toBe(status);
      expect(res.body.error.message).toContain(message);
    });

    it('should answer 415 in words when a JSON route gets something else, and the upload route gets JSON', async () => {
      const json = await post('/api/acks', 'to=zhangsan', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(json).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('JSON') } } });
      const upload = await post('/api/acks/files', JSON.stringify({ a: 1 }), { 'content-type': 'application/json' });
      expect(upload).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '请以 multipart/form-data 上传文件' } } });
      const large = await post('/api/acks', JSON.stringify({ to: ['x'], title: 'x'.repeat(1024 * 1024) }), { 'content-type': 'application/json' });
      expect(large).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    });
  });
});
