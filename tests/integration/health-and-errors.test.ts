import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

describe('health and the error contract', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => { await app?.close(); });

  it('should report db and cache ok when both are up', async () => {
    const res = await app.request('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'ok', cache: 'ok' });
  });

  it('should answer 401 UNAUTHENTICATED when no or a forged token is sent', async () => {
    for (const token of [undefined, 'garbage', 'eyJzdWIiOjF9.c2ln']) {
      const res = await app.request('GET', '/api/customers', { token });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
      expect(typeof res.body.error.message).toBe('string');
    }
  });

  it('should answer 400 INVALID_JSON when the body is malformed', async () => {
    const token = await app.tokenFor('repA');
    const res = await app.request('POST', '/api/customers', { token, rawBody: '{"name": "x",', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_JSON');
  });

  it('should answer 415 when the body is not JSON', async () => {
    const token = await app.tokenFor('repA');
    const res = await app.request('POST', '/api/customers', { token, rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('should answer 413 when the body is larger than 1 MiB', async () => {
    const token = await app.tokenFor('repA');
    const res = await app.request('POST', '/api/customers', { token, body: { name: 'x'.repeat(1_100_000) } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('should answer 404 with the error shape when the route does not exist', async () => {
    const token = await app.tokenFor('repA');
    const res = await app.request('GET', '/api/nope', { token });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('should answer 405 when the method is not allowed on a route', async () => {
    const token = await app.tokenFor('repA');
    const res = await app.request('PUT', '/api/customers', { token, body: {} });
    expect(res.status).toBe(405);
    expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('should echo a request id on every response', async () => {
    const res = await app.request('GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
  });

  it('should expose the public config without a token', async () => {
    const res = await app.request('GET', '/api/config');
    expect(res.status).toBe(200);
    expect(res.body.mode).toBe('simulator');
    expect(res.body.corpId).toMatch(/^ww/);
  });
});

describe('health when a dependency is down', () => {
  it('should answer 503 and name the failing dependency when the database is gone', async () => {
    const app = await startTestApp({ fixtures: false });
    try {
      await app.runtime.dataSource.destroy();
      const res = await app.request('GET', '/healthz');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'degraded', db: 'error', cache: 'ok' });
    } finally {
      await app.close();
    }
  });
});
