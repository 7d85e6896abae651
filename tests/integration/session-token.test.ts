import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Tokens signed with the running server's own secret (what a leaked secret or a bug in issuing
 * would produce): the signature holds, so what decides is the payload and the spelling.
 */
describe('session tokens over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => { await app?.close(); });

  const sign = (payload: string) => `${payload}.${createHmac('sha256', app.runtime.config.sessionSecret).update(payload).digest('base64url')}`;
  const encode = (json: string) => Buffer.from(json).toString('base64url');
  const claims = () => {
    const iat = Math.floor(Date.now() / 1000);
    return { sub: app.users.repA, iat, exp: iat + 3600 };
  };
  const list = (token: string) => app.request('GET', '/api/customers', { token });

  it('should accept a token it signed when the payload is canonical claims of an active member', async () => {
    expect((await list(sign(encode(JSON.stringify(claims()))))).status).toBe(200);
  });

  it.each([
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"repA"'],
    ['an array', '[1, 2, 3]'],
    ['true', 'true'],
    ['an object without claims', '{"role":"admin"}'],
    ['a sub that is not a positive integer', '{"sub":"1","iat":0,"exp":9999999999}'],
  ])('should answer 401 UNAUTHENTICATED, not 500, when a validly signed payload is %s', async (_, json) => {
    const res = await list(sign(encode(json)));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('should answer 401 when the MAC or the payload of a valid token is spelled another way', async () => {
    const payload = encode(JSON.stringify(claims()));
    const token = sign(payload);
    const mac = token.split('.')[1]!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const lastBitsFlipped = mac.slice(0, -1) + alphabet[alphabet.indexOf(mac.at(-1)!) ^ 1];
    const variants = [
      `${payload}.${lastBitsFlipped}`,
      `${payload}.${mac}=`,
      `${payload}.${Buffer.from(mac, 'base64url').toString('base64')}`,
      sign(payload + '='.repeat((4 - (payload.length % 4)) % 4 || 4)),
    ];
    for (const variant of variants) {
      const res = await list(variant);
      expect(res.status, variant).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
  });
});
