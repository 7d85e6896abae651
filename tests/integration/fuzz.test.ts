import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../server/demo/prng.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { findUnstorableValues } from '../helpers/storable.ts';

/**
 * Bodies and queries a validator might let through but a database would refuse (on MariaDB:
 * lone surrogates, overlong keys after normalisation, impossible dates, out-of-range instants
 * and integers, oversized JSON in a column). Every answer must be a deliberate 2xx/4xx with a
 * zh-CN message — never a 5xx — on SQLite and on MariaDB.
 */
const NASTY_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\uD800', 'x\uDC00y', '\u200B\u200D\u2060\u00AD', '\u202E反转', '😀'.repeat(70), '𠀀'.repeat(130),
  '㍿'.repeat(40), 'ﷺ'.repeat(10), '！！！', '———', '（）【】', 'x'.repeat(129), '电'.repeat(2001), '%_!', "'; DROP TABLE customers; --",
  '2026-02-30', '2025-02-29', '9999-12-31T23:00:00-05:00', '0000-01-01', '2026-13-01T00:00:00Z', '1e400', 'NaN', '-1', '2147483648',
  '99999999999', '+86 123', '123', '00', '+', '1' .repeat(40), '\t\n\r', '<script>alert(1)</script>',
];
const NASTY_NUMBERS = [0, -1, 1.5, 2147483647, 2147483648, 9007199254740993, -2147483649, 1e308, Number.MAX_SAFE_INTEGER];

function nastyValue(rng: Rng, depth = 0): unknown {
  const kind = rng.int(0, depth > 1 ? 4 : 7);
  switch (kind) {
    case 0: case 1: case 2: return rng.pick(NASTY_STRINGS);
    case 3: return rng.pick(NASTY_NUMBERS);
    case 4: return rng.pick([null, true, false]);
    case 5: return Array.from({ length: rng.int(0, 25) }, () => nastyValue(rng, depth + 1));
    case 6: return { name: nastyValue(rng, depth + 1), phone: nastyValue(rng, depth + 1), birthday: nastyValue(rng, depth + 1) };
    default: return rng.pick(NASTY_STRINGS).repeat(rng.int(1, 3));
  }
}

/** A body with the endpoint's own fields (some valid, some nasty) and sometimes a stray one. */
function body(rng: Rng, fields: Record<string, () => unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, valid] of Object.entries(fields)) {
    const roll = rng.next();
    if (roll < 0.45) out[k] = valid();
    else if (roll < 0.9) out[k] = nastyValue(rng);
  }
  if (rng.chance(0.05)) out[rng.pick(['ownerId', 'id', '__proto__', 'constructor'])] = nastyValue(rng);
  return out;
}

/** Percent-encoding, or on purpose what no encoder makes: a lone surrogate's bytes, a cut sequence, a bare %. */
function encodeQuery(value: string, rng: Rng): string {
  if (rng.chance(0.1)) return rng.pick(['%ED%A0%80', '%E4%B8', '%', '%zz', '%00']);
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

describe('fuzzed bodies and queries', () => {
  let app: TestApp;
  let tokens: Record<string, string>;
  let ownId: string;
  let poolId: string;

  beforeAll(async () => {
    app = await startTestApp();
    tokens = { repA: await app.tokenFor('repA'), mgrEast: await app.tokenFor('mgrEast'), boss: await app.tokenFor('boss') };
    ownId = (await app.request('POST', '/api/customers', { token: tokens.repA, body: { name: '模糊测试有限公司', contacts: [{ name: '甲', phone: '13512345678' }] } })).body.id;
    poolId = (await app.request('GET', '/api/pools', { token: tokens.boss })).body.items[0].id;
  });
  afterAll(async () => { await app?.close(); });

  it('should answer 1,400 fuzzed writes without a 5xx and with zh-CN messages, storing nothing MariaDB would refuse', async () => {
    const rng = new Rng(7);
    const validContact = () => [{ name: '联系人', phone: '13800138000', birthday: '1990-05-01' }];
    const endpoints: Array<[string, () => string, Record<string, () => unknown>, string]> = [
      ['POST', () => '/api/customers', { name: () => `模糊${rng.int(0, 1e6)}`, industry: () => '制造', level: () => 'A', stage: () => 'lead', tags: () => ['甲'], contacts: validContact }, 'repA'],
      ['PATCH', () => `/api/customers/${ownId}`, { name: () => `改名${rng.int(0, 1e6)}`, tags: () => ['乙'], contacts: validContact, stage: () => 'contacted', reason: () => '原因' }, 'repA'],
      ['POST', () => `/api/customers/${ownId}/follow-ups`, { type: () => 'call', content: () => '内容', at: () => '2026-03-01T10:00:00+08:00', nextFollowUpAt: () => '2026-03-10', checkIn: () => ({ lat: 31.2, lng: 121.5, address: '上海' }) }, 'repA'],
      ['POST', () => `/api/customers/${ownId}/followers`, { userId: () => '2' }, 'repA'],
      ['POST', () => `/api/customers/${ownId}/assign`, { userId: () => '5', overrideCap: () => false, reason: () => '调整' }, 'mgrEast'],
      ['POST', () => `/api/customers/${ownId}/level-requests`, { level: () => 'key', reason: () => '大客户' }, 'repA'],
      ['PUT', () => `/api/pools/${poolId}/rules`, { noFollowUpDays: () => 15, noDealDays: () => 30, noRepeatDealDays: () => null, warnDaysBefore: () => 3, holdingCap: () => 500, claimCooldownDays: () => 7, dailyClaimLimit: () => 10, exemptLevels: () => ['key'] }, 'boss'],
      ['POST', () => '/api/pools', { name: () => '新公海', departmentId: () => '3', rules: () => ({}) }, 'boss'],
      ['POST', () => `/api/customers/${ownId}/release`, { reason: () => '无意向' }, 'mgrEast'],
      ['POST', () => '/api/auth/dev', { userId: () => '1' }, ''],
    ];
    const failures: unknown[] = [];
    // First every field of every endpoint with each nasty value while the rest stays valid (what a
    // validator is most likely to let through, about 1,100 requests), then 300 random mixtures.
    const targeted: Array<[(typeof endpoints)[number], Record<string, unknown>]> = [];
    for (const endpoint of endpoints.slice(0, 7)) {
      const [, , fields] = endpoint;
      for (const field of Object.keys(fields)) {
        for (const value of NASTY_STRINGS) {
          const valid = Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f()]));
          const nested = field === 'contacts' ? [{ name: '联系人', phone: value }] : field === 'tags' ? [value] : field === 'checkIn' ? { lat: 31, lng: 121, address: value } : value;
          targeted.push([endpoint, { ...valid, [field]: nested }]);
        }
      }
    }
    for (let i = 0; i < targeted.length + 300; i++) {
      const [[method, path, fields, who], payload] = i < targeted.length ? targeted[i]! : [endpoints[i % endpoints.length]!, null];
      const sent = payload ?? body(rng, fields);
      const res = await app.request(method, path(), { ...(who ? { token: tokens[who] } : {}), body: sent });
      const message = res.body?.error?.message;
      if (res.status >= 500 || (res.status >= 400 && !/[\u4e00-\u9fa5]/.test(String(message)))) failures.push({ method, path: path(), sent, status: res.status, body: res.body });
      // Keep the customer in hand so later writes still exercise it.
      if (method === 'POST' && path().endsWith('/release') && res.status === 200) {
        await app.request('POST', `/api/customers/${ownId}/assign`, { token: tokens.mgrEast, body: { userId: String(app.users.repA), overrideCap: true } });
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    // Nothing stored that MariaDB would refuse (SQLite stores anything, so check it here too).
    expect(await findUnstorableValues(app.runtime.dataSource)).toEqual([]);
  }, 300_000);

  it('should answer fuzzed list queries without a 5xx', async () => {
    const rng = new Rng(11);
    const params = ['scope', 'q', 'stage', 'level', 'tag', 'ownerId', 'soon', 'sort', 'page', 'pageSize', 'industry', 'minDaysInPool', 'maxDaysInPool', 'lastOwnerId'];
    const failures: unknown[] = [];
    for (let i = 0; i < 300; i++) {
      const qs = params.filter(() => rng.chance(0.3)).map((p) => `${p}=${encodeQuery(String(nastyValue(rng)), rng)}`).join('&');
      for (const path of [`/api/customers?${qs}`, `/api/pools/${poolId}/customers?${qs}`, `/api/level-requests?${qs}`]) {
        const res = await app.request('GET', path, { token: tokens.boss });
        if (res.status >= 500) failures.push({ path, status: res.status, body: res.body });
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  }, 300_000);
});
