import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureUserKey } from '../helpers/fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Role × endpoint matrix. Departments: boss /1/, mgrEast /1/2/, mgrSouth /1/3/,
 * repA and repB /1/2/4/, repC /1/3/. cA has repC as co-follower; cP sits in the pool.
 * Cells: the expected HTTP status for [read, edit (PATCH), write follow-up, add co-follower].
 */
const USERS: FixtureUserKey[] = ['boss', 'mgrEast', 'mgrSouth', 'repA', 'repB', 'repC'];
type Cell = [read: number, edit: number, followUp: number, follower: number];
const MATRIX: Record<'cA' | 'cB' | 'cC' | 'cM' | 'cP', Record<string, Cell>> = {
  cA: { boss: [200, 200, 201, 200], mgrEast: [200, 200, 201, 200], mgrSouth: [404, 404, 404, 404], repA: [200, 200, 201, 200], repB: [404, 404, 404, 404], repC: [200, 403, 201, 403] },
  cB: { boss: [200, 200, 201, 200], mgrEast: [200, 200, 201, 200], mgrSouth: [404, 404, 404, 404], repA: [404, 404, 404, 404], repB: [200, 200, 201, 200], repC: [404, 404, 404, 404] },
  cC: { boss: [200, 200, 201, 200], mgrEast: [404, 404, 404, 404], mgrSouth: [200, 200, 201, 200], repA: [404, 404, 404, 404], repB: [404, 404, 404, 404], repC: [200, 200, 201, 200] },
  cM: { boss: [200, 200, 201, 200], mgrEast: [200, 200, 201, 200], mgrSouth: [404, 404, 404, 404], repA: [404, 404, 404, 404], repB: [404, 404, 404, 404], repC: [404, 404, 404, 404] },
  cP: { boss: [200, 403, 403, 403], mgrEast: [200, 403, 403, 403], mgrSouth: [200, 403, 403, 403], repA: [200, 403, 403, 403], repB: [200, 403, 403, 403], repC: [200, 403, 403, 403] },
};
const OWNERS = { cA: 'repA', cB: 'repB', cC: 'repC', cM: 'mgrEast', cP: 'repA' } as const;

/** Which customers each user's list scopes return. */
const LISTS: Record<string, { mine: string[]; team: string[] | 403; all: string[] | 403 }> = {
  boss: { mine: [], team: ['cA', 'cB', 'cC', 'cM'], all: ['cA', 'cB', 'cC', 'cM', 'cP'] },
  mgrEast: { mine: ['cM'], team: ['cA', 'cB', 'cM'], all: 403 },
  mgrSouth: { mine: [], team: ['cC'], all: 403 },
  repA: { mine: ['cA'], team: 403, all: 403 },
  repB: { mine: ['cB'], team: 403, all: 403 },
  repC: { mine: ['cA', 'cC'], team: 403, all: 403 },
};

describe('visibility matrix (role × endpoint)', () => {
  let app: TestApp;
  const ids = {} as Record<keyof typeof MATRIX, string>;
  const tokens = {} as Record<FixtureUserKey, string>;

  beforeAll(async () => {
    app = await startTestApp();
    for (const u of USERS) tokens[u] = await app.tokenFor(u);
    for (const [key, owner] of Object.entries(OWNERS) as Array<[keyof typeof MATRIX, FixtureUserKey]>) {
      const res = await app.request('POST', '/api/customers', { token: tokens[owner], body: { name: `矩阵客户${key}` } });
      ids[key] = res.body.id;
    }
    await app.request('POST', `/api/customers/${ids.cA}/followers`, { token: tokens.repA, body: { userId: String(app.users.repC) } });
    await app.runtime.db.manager.query('UPDATE customers SET owner_id = NULL, pool_id = 1 WHERE id = ?', [ids.cP]);
  });
  afterAll(async () => { await app?.close(); });

  const cases = Object.entries(MATRIX).flatMap(([customer, row]) => USERS.map((user) => [customer, user, row[user]!] as const));

  it.each(cases)('should give %s to %s the statuses %j', async (customer, user, [read, edit, followUp, follower]) => {
    const id = ids[customer as keyof typeof MATRIX];
    const token = tokens[user];
    expect((await app.request('GET', `/api/customers/${id}`, { token })).status).toBe(read);
    expect((await app.request('GET', `/api/customers/${id}/follow-ups`, { token })).status).toBe(read);
    expect((await app.request('GET', `/api/customers/${id}/history`, { token })).status).toBe(read);
    expect((await app.request('PATCH', `/api/customers/${id}`, { token, body: { source: `by ${user}` } })).status).toBe(edit);
    expect((await app.request('POST', `/api/customers/${id}/follow-ups`, { token, body: { type: 'call', content: `by ${user}` } })).status).toBe(followUp);
    expect((await app.request('POST', `/api/customers/${id}/followers`, { token, body: { userId: String(app.users.mgrSouth) } })).status).toBe(follower);
    if (follower === 200) {
      expect((await app.request('DELETE', `/api/customers/${id}/followers/${app.users.mgrSouth}`, { token })).status).toBe(204);
    }
  });

  it.each(USERS)('should list for %s exactly the customers of each scope', async (user) => {
    const expected = LISTS[user]!;
    for (const scope of ['mine', 'team', 'all'] as const) {
      const res = await app.request('GET', `/api/customers?scope=${scope}&q=${encodeURIComponent('矩阵客户')}&pageSize=100`, { token: tokens[user] });
      const want = expected[scope];
      if (want === 403) {
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      } else {
        expect(res.status).toBe(200);
        expect(res.body.items.map((c: any) => c.id).sort()).toEqual(want.map((k) => ids[k as keyof typeof MATRIX]).sort());
      }
    }
  });

  it('should never leave a failed write behind', async () => {
    const rows = await app.runtime.db.manager.query("SELECT source FROM customers WHERE name LIKE '矩阵客户%' AND source IS NOT NULL");
    const writers = new Set(rows.map((r: any) => r.source));
    for (const w of writers) expect(['by boss', 'by mgrEast', 'by mgrSouth', 'by repA', 'by repB', 'by repC']).toContain(w);
    const pool = await app.runtime.db.manager.query('SELECT source FROM customers WHERE id = ?', [ids.cP]);
    expect(pool[0].source).toBeNull();
  });
});
