import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

describe('customers API', () => {
  let app: TestApp;
  let repA: string;
  let repB: string;
  let mgrEast: string;
  let boss: string;

  beforeAll(async () => {
    app = await startTestApp();
    [repA, repB, mgrEast, boss] = await Promise.all([app.tokenFor('repA'), app.tokenFor('repB'), app.tokenFor('mgrEast'), app.tokenFor('boss')]);
  });
  afterAll(async () => { await app?.close(); });

  const create = (token: string, body: Record<string, unknown>) => app.request('POST', '/api/customers', { token, body });

  describe('create', () => {
    it('should create a customer owned by the caller with contacts, an ownership event and an audit entry', async () => {
      const res = await create(repA, {
        name: '华为技术有限公司', industry: '通信', size: '1000人以上', region: '深圳', source: '展会', level: 'A', tags: ['高意向'],
        contacts: [{ name: '刘经理', title: '采购经理', phone: '138 0013 8000' }],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: '华为技术有限公司', ownerId: String(app.users.repA), owner: { id: String(app.users.repA), name: '张三' },
        poolId: null, stage: 'lead', level: 'A', tags: ['高意向'], followers: [], lastFollowUpAt: null,
      });
      expect(res.body.contacts).toEqual([expect.objectContaining({ name: '刘经理', title: '采购经理', phone: '138 0013 8000' })]);
      expect(typeof res.body.id).toBe('string');

      const history = await app.request('GET', `/api/customers/${res.body.id}/history`, { token: repA });
      expect(history.body.items).toEqual([expect.objectContaining({ type: 'created', toUserId: String(app.users.repA), byUserId: String(app.users.repA), fromUserId: null })]);

      const audit = await app.runtime.db.manager.query("SELECT action, after_json FROM audit_log WHERE entity_type = 'customer' AND entity_id = ?", [res.body.id]);
      expect(audit).toHaveLength(1);
      expect(audit[0].action).toBe('customer.create');
    });

    it.each([
      ['华为技术'],
      ['  华为技术 有限责任公司 '],
      ['华为技术股份有限公司'],
      ['华为技术　有限公司'],
      ['深圳华为技术有限公司'],
      ['华为技术（深圳）有限公司'],
      ['广东省深圳市龙岗区华为技术有限公司'],
      ['华为技术有限公司深圳分公司'],
      ['华\u200B为\u00AD技术\u2060有限公司'],
      ['华为\u2014技术\u00A0有限公司'],
    ])('should refuse "%s" as a duplicate naming the owner and create nothing', async (name) => {
      const before = await app.runtime.db.manager.query('SELECT COUNT(*) AS n FROM customers');
      const res = await create(repB, { name });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CUSTOMER_DUPLICATE');
      expect(res.body.error.details).toMatchObject({ customerId: expect.any(String), customerName: '华为技术有限公司', ownerName: '张三', inPool: false, ownedByYou: false, matchedBy: 'name' });
      expect(res.body.error.message).toBe('客户「华为技术有限公司」已存在，由 张三 负责，不能重复创建');
      const after = await app.runtime.db.manager.query('SELECT COUNT(*) AS n FROM customers');
      expect(Number(after[0].n)).toBe(Number(before[0].n));
    });

    it.each([['+86 13800138000'], ['0086-138-0013-8000'], ['８６ １３８ ００１３ ８０００'], ['138\u20130013\u20138000']])('should refuse a new customer whose contact phone %s is already on another customer', async (phone) => {
      const res = await create(repB, { name: '全新公司甲', contacts: [{ name: '某人', phone }] });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CUSTOMER_DUPLICATE');
      expect(res.body.error.details).toMatchObject({ ownerName: '张三', customerName: '华为技术有限公司', matchedBy: 'phone', phone: '138****8000', ownedByYou: false });
      expect(res.body.error.message).toBe('联系人电话 138****8000 已登记在客户「华为技术有限公司」下，由 张三 负责，不能重复创建');
      const found = await app.runtime.db.manager.query("SELECT COUNT(*) AS n FROM customers WHERE name = '全新公司甲'");
      expect(Number(found[0].n)).toBe(0);
    });

    it('should let exactly one of many concurrent creates of the same company through', async () => {
      const tokens = [repA, repB, mgrEast, boss];
      const results = await Promise.all(Array.from({ length: 16 }, (_, i) => create(tokens[i % 4]!, { name: `并发测试${i % 2 ? '有限公司' : ''}` })));
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(15);
      const rows = await app.runtime.db.manager.query("SELECT COUNT(*) AS n FROM customers WHERE name LIKE '并发测试%'");
      expect(Number(rows[0].n)).toBe(1);
    });

    it.each([
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(129) }, 'name'],
      [{ name: 42 }, 'name'],
      [{ name: '合法名称', level: 'S' }, 'level'],
      [{ name: '合法名称', tags: 'vip' }, 'tags'],
      [{ name: '合法名称', contacts: [{ title: '无名' }] }, 'contacts.0.name'],
      [{ name: '合法名称', contacts: [{ name: '某', phone: 'call me' }] }, 'contacts.0.phone'],
      [{ name: '合法名称', ownerId: '1' }, '_'],
      // Names that key to nothing, or to more than the name_key column holds.
      [{ name: '!!!' }, 'name'],
      [{ name: '——（）【】' }, 'name'],
      [{ name: '\u200B\u200D\u2060' }, 'name'],
      [{ name: '㍿'.repeat(40) }, 'name'],
      [{ name: 'ﷺ'.repeat(9) }, 'name'],
      // Values MariaDB refuses, and phones that are no phone numbers.
      [{ name: '合法名称', contacts: [{ name: '某', birthday: '2026-02-30' }] }, 'contacts.0.birthday'],
      [{ name: '合法名称', tags: Array.from({ length: 20 }, () => '\u0001'.repeat(20)) }, 'tags.0'],
      [{ name: '合法名称', contacts: [{ name: '某', phone: '123' }] }, 'contacts.0.phone'],
      [{ name: '合法名称', contacts: [{ name: '某', phone: '8888 6666' }] }, 'contacts.0.phone'],
      [{ name: '合法名称\u0000' }, 'name'],
    ])('should answer 400 VALIDATION_FAILED for %j', async (body, field) => {
      const res = await create(repA, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.error.details.fields)).toContain(field);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(res.body.error.message).not.toMatch(/expected|invalid|too (small|big)/i);
    });
  });

  describe('list and search', () => {
    beforeAll(async () => {
      // These tests are about listing, not the holding cap.
      const pools = await app.request('GET', '/api/pools', { token: boss });
      const rules = { ...pools.body.items[0].rules, holdingCap: 1000 };
      expect((await app.request('PUT', `/api/pools/${pools.body.items[0].id}/rules`, { token: boss, body: rules })).status).toBe(200);
      await create(repA, { name: '杭州阿尔法科技有限公司', stage: 'opportunity', level: 'A', tags: ['续约'], contacts: [{ name: '周总', phone: '13911112222' }] });
      await create(repA, { name: '苏州贝塔制造有限公司', stage: 'lead', level: 'B' });
      await create(mgrEast, { name: '南京伽马物流有限公司', stage: 'deal', level: 'C' });
      for (let i = 0; i < 25; i++) expect((await create(repB, { name: `分页客户${String(i).padStart(2, '0')}` })).status).toBe(201);
    });

    it('should list only owned and co-followed customers for scope=mine', async () => {
      const res = await app.request('GET', '/api/customers?scope=mine&pageSize=100', { token: repA });
      expect(res.status).toBe(200);
      expect(res.body.items.every((c: any) => c.ownerId === String(app.users.repA))).toBe(true);
      expect(res.body.items.map((c: any) => c.name)).toEqual(expect.arrayContaining(['杭州阿尔法科技有限公司', '苏州贝塔制造有限公司']));
    });

    it('should paginate with a stable total when pages are walked', async () => {
      const first = await app.request('GET', '/api/customers?pageSize=10&page=1', { token: repB });
      const third = await app.request('GET', '/api/customers?pageSize=10&page=3', { token: repB });
      expect(first.body.total).toBe(third.body.total);
      expect(first.body.items).toHaveLength(10);
      expect(third.body.items).toHaveLength(first.body.total - 20);
      expect(third.body).toMatchObject({ page: 3, pageSize: 10 });
      const ids = new Set([...first.body.items, ...third.body.items].map((c: any) => c.id));
      expect(ids.size).toBe(first.body.items.length + third.body.items.length);
    });

    it.each([
      ['阿尔法', '杭州阿尔法科技有限公司'],
      ['周总', '杭州阿尔法科技有限公司'],
      ['1391111', '杭州阿尔法科技有限公司'],
      ['贝塔制造有限公司', '苏州贝塔制造有限公司'],
    ])('should find by "%s" (name, contact or phone)', async (q, name) => {
      const res = await app.request('GET', `/api/customers?q=${encodeURIComponent(q)}`, { token: repA });
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: any) => c.name)).toEqual([name]);
    });

    it('should treat % and _ in the search text literally', async () => {
      const res = await app.request('GET', `/api/customers?q=${encodeURIComponent('%')}`, { token: repA });
      expect(res.body.total).toBe(0);
    });

    it('should filter by stage, level and tag', async () => {
      const byStage = await app.request('GET', '/api/customers?stage=opportunity', { token: repA });
      expect(byStage.body.items.map((c: any) => c.name)).toEqual(['杭州阿尔法科技有限公司']);
      const byLevel = await app.request('GET', '/api/customers?level=B', { token: repA });
      expect(byLevel.body.items.map((c: any) => c.name)).toEqual(['苏州贝塔制造有限公司']);
      const byTag = await app.request('GET', `/api/customers?tag=${encodeURIComponent('续约')}`, { token: repA });
      expect(byTag.body.items.map((c: any) => c.name)).toEqual(['杭州阿尔法科技有限公司']);
    });

    it('should show a manager the whole department subtree for scope=team', async () => {
      const res = await app.request('GET', '/api/customers?scope=team&pageSize=100', { token: mgrEast });
      expect(res.status).toBe(200);
      const owners = new Set(res.body.items.map((c: any) => c.ownerId));
      expect(owners).toEqual(new Set([String(app.users.repA), String(app.users.repB), String(app.users.mgrEast)].filter((id) => res.body.items.some((c: any) => c.ownerId === id))));
      expect(res.body.items.some((c: any) => c.name === '南京伽马物流有限公司')).toBe(true);
    });

    it('should answer 403 when a rep asks for team or a manager for all', async () => {
      expect((await app.request('GET', '/api/customers?scope=team', { token: repA })).status).toBe(403);
      expect((await app.request('GET', '/api/customers?scope=all', { token: mgrEast })).status).toBe(403);
      expect((await app.request('GET', '/api/customers?scope=all', { token: boss })).status).toBe(200);
    });

    it.each([
      ['scope=everything'], ['page=0'], ['page=abc'], ['pageSize=1000'], ['stage=won'], ['q=' + 'x'.repeat(65)], ['bogus=1'],
    ])('should answer 400 for the query %s', async (query) => {
      const res = await app.request('GET', `/api/customers?${query}`, { token: repA });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('read, update, followers', () => {
    let id: string;
    beforeAll(async () => {
      const res = await create(repA, { name: '上海德尔塔软件有限公司', contacts: [{ name: '吴工', phone: '13700001111' }, { name: '郑总', phone: '13700002222' }] });
      id = res.body.id;
    });

    it('should answer 404 for an unknown or malformed id', async () => {
      expect((await app.request('GET', '/api/customers/999999', { token: repA })).status).toBe(404);
      const bad = await app.request('GET', '/api/customers/abc', { token: repA });
      expect(bad.status).toBe(400);
    });

    it('should update fields and replace the contact list, auditing before and after', async () => {
      const current = await app.request('GET', `/api/customers/${id}`, { token: repA });
      const keep = current.body.contacts.find((c: any) => c.name === '吴工');
      const res = await app.request('PATCH', `/api/customers/${id}`, {
        token: repA,
        body: { industry: '软件', stage: 'contacted', tags: ['价格敏感'], contacts: [{ id: keep.id, name: '吴工', title: 'IT主管', phone: '13700001111' }, { name: '孙助理' }] },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ industry: '软件', stage: 'contacted', tags: ['价格敏感'] });
      expect(res.body.contacts.map((c: any) => c.name)).toEqual(['吴工', '孙助理']);
      expect(res.body.contacts[0]).toMatchObject({ id: keep.id, title: 'IT主管' });
      const audit = await app.runtime.db.manager.query("SELECT before_json, after_json FROM audit_log WHERE action = 'customer.update' AND entity_id = ?", [id]);
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0].before_json).industry).toBeNull();
      expect(JSON.parse(audit[0].after_json).industry).toBe('软件');
    });

    it('should refuse a rename onto another company and leave the record unchanged', async () => {
      const res = await app.request('PATCH', `/api/customers/${id}`, { token: repA, body: { name: '华为技术', industry: '改不了' } });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CUSTOMER_DUPLICATE');
      const after = await app.request('GET', `/api/customers/${id}`, { token: repA });
      expect(after.body.industry).toBe('软件');
    });

    it('should refuse a contact id of another customer without partial writes', async () => {
      const res = await app.request('PATCH', `/api/customers/${id}`, { token: repA, body: { region: '上海', contacts: [{ id: '999999', name: '冒名' }] } });
      expect(res.status).toBe(400);
      const after = await app.request('GET', `/api/customers/${id}`, { token: repA });
      expect(after.body.region).toBeNull();
      expect(after.body.contacts).toHaveLength(2);
    });

    it('should answer 400 for an empty or unknown patch', async () => {
      expect((await app.request('PATCH', `/api/customers/${id}`, { token: repA, body: {} })).status).toBe(400);
      expect((await app.request('PATCH', `/api/customers/${id}`, { token: repA, body: { ownerId: '1' } })).status).toBe(400);
    });

    it('should add a co-follower who then sees the customer in mine, and remove them', async () => {
      const added = await app.request('POST', `/api/customers/${id}/followers`, { token: repA, body: { userId: String(app.users.repB) } });
      expect(added.status).toBe(200);
      expect(added.body.followers).toEqual([{ id: String(app.users.repB), name: '李四' }]);
      const mine = await app.request('GET', '/api/customers?scope=mine&q=' + encodeURIComponent('德尔塔'), { token: repB });
      expect(mine.body.items.map((c: any) => c.id)).toEqual([id]);
      // the co-follower may not edit the record
      expect((await app.request('PATCH', `/api/customers/${id}`, { token: repB, body: { region: '杭州' } })).status).toBe(403);
      const removed = await app.request('DELETE', `/api/customers/${id}/followers/${app.users.repB}`, { token: repA });
      expect(removed.status).toBe(204);
      expect((await app.request('GET', `/api/customers/${id}`, { token: repB })).status).toBe(404);
    });

    it('should refuse a departed member or the owner as co-follower', async () => {
      const gone = await app.request('POST', `/api/customers/${id}/followers`, { token: repA, body: { userId: String(app.users.gone) } });
      expect(gone.status).toBe(400);
      const owner = await app.request('POST', `/api/customers/${id}/followers`, { token: repA, body: { userId: String(app.users.repA) } });
      expect(owner.status).toBe(400);
    });
  });
});
