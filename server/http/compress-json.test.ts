import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressJson } from './compress-json.ts';

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

describe('compressJson', () => {
  let server: Server;
  let base: string;
  const big = { items: Array.from({ length: 100 }, (_, i) => ({ id: String(i), name: `客户 ${i}` })) };

  beforeAll(async () => {
    const app = new Koa();
    app.use(compressJson());
    app.use(async (ctx) => {
      if (ctx.path === '/big') ctx.body = big;
      else if (ctx.path === '/small') ctx.body = { ok: true };
      else if (ctx.path === '/text') ctx.body = 'x'.repeat(5000);
      else if (ctx.path === '/encoded') { ctx.set('Content-Encoding', 'br'); ctx.body = Buffer.from('already'); }
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const get = (path: string, headers: Record<string, string> = {}) => new Promise<Reply>((resolve, reject) => {
    const req = request(base + path, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });

  it('should send a large JSON answer as brotli when the client accepts br', async () => {
    const res = await get('/big', { 'Accept-Encoding': 'gzip, br' });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(JSON.parse(brotliDecompressSync(res.body).toString())).toEqual(big);
  });

  it('should send gzip when the client accepts gzip only', async () => {
    const res = await get('/big', { 'Accept-Encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(res.body).toString())).toEqual(big);
  });

  it('should send plain JSON when the client accepts no encoding', async () => {
    const res = await get('/big');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(res.body.toString())).toEqual(big);
  });

  it('should leave small answers, text and already encoded bodies alone when the client accepts br', async () => {
    for (const path of ['/small', '/text', '/encoded']) {
      const res = await get(path, { 'Accept-Encoding': 'br' });
      expect(res.headers['content-encoding'], path).toBe(path === '/encoded' ? 'br' : undefined);
    }
    expect((await get('/encoded', { 'Accept-Encoding': 'br' })).body.toString()).toBe('already');
  });
});
