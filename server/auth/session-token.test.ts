import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SessionTokens } from './session-token.ts';

const now = new Date('2026-03-01T00:00:00Z');
const SECRET = 's'.repeat(40);
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** What a forger holding the secret could produce: any payload string, validly signed. */
const signed = (payload: string) => `${payload}.${createHmac('sha256', SECRET).update(payload).digest('base64url')}`;
const encode = (json: string) => Buffer.from(json).toString('base64url');
const toStandard = (b64url: string) => b64url.replace(/-/g, '+').replace(/_/g, '/');
const padded = (b64url: string) => b64url + '='.repeat((4 - (b64url.length % 4)) % 4);

/** The same bytes, spelled with other values in the bits the last character does not use. */
function otherTrailingBits(b64url: string, unusedBits: number): string[] {
  const last = B64URL.indexOf(b64url.at(-1)!);
  const out: string[] = [];
  for (let low = 1; low < 1 << unusedBits; low++) out.push(b64url.slice(0, -1) + B64URL[last ^ low]);
  return out;
}

describe('SessionTokens', () => {
  const tokens = new SessionTokens(SECRET, 3600);
  const valid = tokens.issue(42, now);
  const [payload, mac] = valid.split('.') as [string, string];

  it('should return the claims when the token is fresh and untouched', () => {
    const claims = tokens.verify(valid, now);
    expect(claims?.sub).toBe(42);
  });

  it('should reject when the token has expired', () => {
    expect(tokens.verify(valid, new Date(now.getTime() + 3600_000))).toBeNull();
    expect(tokens.verify(valid, new Date(now.getTime() + 3599_000))).not.toBeNull();
  });

  it('should reject when the payload was changed or signed with another secret', () => {
    const forged = encode(JSON.stringify({ sub: 1, iat: 0, exp: 9e9 })) + valid.slice(valid.indexOf('.'));
    expect(tokens.verify(forged, now)).toBeNull();
    expect(new SessionTokens('t'.repeat(40), 3600).verify(valid, now)).toBeNull();
  });

  it('should reject when the token is garbage', () => {
    for (const bad of ['', '.', 'abc', 'a.b', '.sig', 'x'.repeat(2000), `${valid}.`, `.${valid}`, `${payload}..${mac}`]) {
      expect(tokens.verify(bad, now)).toBeNull();
    }
  });

  describe('one spelling of the MAC', () => {
    it('should accept the MAC as 43 base64url characters', () => {
      expect(mac).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    // 32 bytes in 43 characters leave the last character's 2 low bits unused.
    it.each(otherTrailingBits(mac, 2))('should reject the same MAC bytes spelled with other trailing bits (%s)', (alt) => {
      expect(Buffer.from(alt, 'base64url')).toEqual(Buffer.from(mac, 'base64url'));
      expect(tokens.verify(`${payload}.${alt}`, now)).toBeNull();
    });

    it('should reject the MAC with = padding', () => {
      expect(tokens.verify(`${payload}.${mac}=`, now)).toBeNull();
    });

    it('should reject the MAC in the standard base64 alphabet (+/), padded or not', () => {
      // Find a token whose MAC has a character that differs between the two alphabets.
      let t = valid;
      for (let id = 1; !/[-_]/.test(t.split('.')[1]!); id++) t = tokens.issue(id, now);
      const [p, m] = t.split('.') as [string, string];
      expect(tokens.verify(t, now)).not.toBeNull();
      expect(Buffer.from(toStandard(m), 'base64')).toEqual(Buffer.from(m, 'base64url'));
      expect(tokens.verify(`${p}.${toStandard(m)}`, now)).toBeNull();
      expect(tokens.verify(`${p}.${toStandard(m)}=`, now)).toBeNull();
    });

    it('should reject the MAC in other encodings of the same bytes (hex, with spaces)', () => {
      const bytes = Buffer.from(mac, 'base64url');
      expect(tokens.verify(`${payload}.${bytes.toString('hex')}`, now)).toBeNull();
      expect(tokens.verify(`${payload}. ${mac}`, now)).toBeNull();
      expect(tokens.verify(`${payload}.${mac} `, now)).toBeNull();
    });
  });

  describe('one spelling of the payload', () => {
    const claims = JSON.stringify({ sub: 7, iat: 1772323200, exp: 1772326800 });

    it('should accept a validly signed canonical payload', () => {
      expect(tokens.verify(signed(encode(claims)), now)).toEqual({ sub: 7, iat: 1772323200, exp: 1772326800 });
    });

    it('should reject a validly signed payload with = padding', () => {
      const json = JSON.stringify({ sub: 7, iat: 1772323200, exp: 1772326800, x: 1 }); // a length that pads
      expect(encode(json).length % 4).not.toBe(0);
      expect(tokens.verify(signed(encode(json)), now)).not.toBeNull();
      expect(tokens.verify(signed(padded(encode(json))), now)).toBeNull();
    });

    it('should reject a validly signed payload whose last character carries stray bits', () => {
      const json = JSON.stringify({ sub: 7, iat: 1772323200, exp: 1772326800, x: 1 });
      const canonical = encode(json);
      const unused = canonical.length % 4 === 2 ? 4 : 2;
      for (const alt of otherTrailingBits(canonical, unused)) {
        expect(Buffer.from(alt, 'base64url').toString()).toBe(json);
        expect(tokens.verify(signed(alt), now)).toBeNull();
      }
    });

    it('should reject a validly signed payload in the standard base64 alphabet', () => {
      let json = claims;
      for (let i = 0; !/[-_]/.test(encode(json)); i++) json = JSON.stringify({ sub: 7, iat: 1772323200, exp: 1772326800, pad: '?'.repeat(i) });
      expect(tokens.verify(signed(encode(json)), now)).not.toBeNull();
      expect(tokens.verify(signed(toStandard(encode(json))), now)).toBeNull();
    });
  });

  describe('claims', () => {
    it.each([
      ['null', 'null'],
      ['a number', '42'],
      ['a string', '"42"'],
      ['an array', '[42, 0, 9999999999]'],
      ['true', 'true'],
      ['an empty object', '{}'],
      ['sub 0', '{"sub":0,"iat":0,"exp":9999999999}'],
      ['a negative sub', '{"sub":-3,"iat":0,"exp":9999999999}'],
      ['a fractional sub', '{"sub":1.5,"iat":0,"exp":9999999999}'],
      ['sub as a string', '{"sub":"1","iat":0,"exp":9999999999}'],
      ['no iat', '{"sub":1,"exp":9999999999}'],
      ['iat as a string', '{"sub":1,"iat":"0","exp":9999999999}'],
      ['exp as a string', '{"sub":1,"iat":0,"exp":"9999999999"}'],
      ['exp null', '{"sub":1,"iat":0,"exp":null}'],
      ['not JSON', '{sub:1}'],
    ])('should reject a validly signed token whose payload is %s', (_, json) => {
      expect(tokens.verify(signed(encode(json)), now)).toBeNull();
    });
  });
});
