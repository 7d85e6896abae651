import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedEncodings, staticFiles } from './static-files.ts';

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

describe('staticFiles', () => {
  let dir: string;
  let server: Server;
  let base: string;
  const js = 'console.log("wecrm");\n'.repeat(200);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wecrm-static-'));
    mkdirSync(join(dir, 'js'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>wecrm</title>');
    writeFileSync(join(dir, 'js', 'app.1234abcd.js'), js);
    writeFileSync(join(dir, 'js', 'app.1234abcd.js.br'), brotliCompressSync(js));
    writeFileSync(join(dir, 'js', 'app.1234abcd.js.gz'), gzipSync(js));
    writeFileSync(join(dir, 'js', 'plain.5678abcd.js'), 'let a = 1;');
    const app = new Koa();
    app.use(staticFiles(dir, ['/api']));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  // node:http, not fetch: fetch would decode the body and hide what was on the wire.
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => new Promise<Reply>((resolve, reject) => {
    const req = request(base + path, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });

  it('should send the brotli copy when the client accepts br', async () => {
    const res = await get('/js/app.1234abcd.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(brotliDecompressSync(res.body).toString()).toBe(js);
  });

  it('should send the gzip copy when the client accepts gzip but not br', async () => {
    const res = await get('/js/app.1234abcd.js', { 'Accept-Encoding': 'gzip, br;q=0' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.body).toString()).toBe(js);
  });

  it('should send the file as it is when the client accepts no encoding', async () => {
    const res = await get('/js/app.1234abcd.js');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(res.body.toString()).toBe(js);
  });

  it('should send a file without compressed copies unencoded and without Vary when none exists', async () => {
    const res = await get('/js/plain.5678abcd.js', { 'Accept-Encoding': 'br, gzip' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toBeUndefined();
    expect(res.body.toString()).toBe('let a = 1;');
  });

  it('should answer HEAD with the encoded length and no body when asked for br', async () => {
    const res = await get('/js/app.1234abcd.js', { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(res.headers['content-encoding']).toBe('br');
    expect(Number(res.headers['content-length'])).toBe(brotliCompressSync(js).length);
    expect(res.body.length).toBe(0);
  });

  it('should serve index.html with no-cache when a client route is asked', async () => {
    const res = await get('/pages/customers/index', { 'Accept-Encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body.toString()).toContain('<title>wecrm</title>');
  });

  it('should not serve the compressed copy itself as an asset of another type when asked for it directly', async () => {
    const res = await get('/js/app.1234abcd.js.br');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-type']).toBe('application/octet-stream');
  });
});

describe('acceptedEncodings', () => {
  it('should list the encodings with a positive quality when the header has weights', () => {
    expect([...acceptedEncodings('gzip;q=0.8, br, deflate;q=0, identity')]).toEqual(['gzip', 'br', 'identity']);
  });
  it('should be empty when the header is missing', () => {
    expect(acceptedEncodings(undefined).size).toBe(0);
  });
});
