import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accessToken, cgiGet } from '../testing/sim-http.ts';
import { startSimulatorServer, type RunningSimulator } from '../testing/start-simulator-server.ts';

let sim: RunningSimulator;
let token: string;
beforeAll(async () => {
  sim = await startSimulatorServer();
});
afterAll(() => sim.close());
beforeEach(async () => {
  sim.state.reset();
  token = await accessToken(sim);
});

const get = (path: string, query: Record<string, string> = {}) => cgiGet(sim, path, { access_token: token, ...query });

describe('GET /sim/cgi-bin/department/*', () => {
  it('should list the whole tree with WeCom fields when no id is given', async () => {
    const { body } = await get('department/list');
    expect(body.errcode).toBe(0);
    expect(body.department.map((d: { id: number }) => d.id)).toEqual([1, 2, 4, 3, 5]);
    expect(body.department[0]).toEqual({ id: 1, name: '示例科技', department_leader: [], parentid: 0, order: 100000000 });
  });

  it('should list the department and its sub-departments when an id is given', async () => {
    const { body } = await get('department/list', { id: '2' });
    expect(body.department.map((d: { id: number }) => d.id)).toEqual([2, 4, 3]);
  });

  it('should return ids, parents and order only when simplelist is asked', async () => {
    const { body } = await get('department/simplelist', { id: '2' });
    expect(body.department_id).toEqual([
      { id: 2, parentid: 1, order: 100 },
      { id: 4, parentid: 2, order: 60 },
      { id: 3, parentid: 2, order: 50 },
    ]);
  });

  it('should answer 60123 when the department does not exist', async () => {
    expect((await get('department/list', { id: '99' })).body.errcode).toBe(60123);
    expect((await get('department/simplelist', { id: '99' })).body.errcode).toBe(60123);
  });

  it('should answer 40058 when the id is not a number', async () => {
    expect((await get('department/list', { id: 'abc' })).body.errcode).toBe(40058);
  });
});

describe('GET /sim/cgi-bin/user/*', () => {
  it('should list direct members with detailed fields and no private ones when user/list is asked', async () => {
    const { body } = await get('user/list', { department_id: '3' });
    expect(body.userlist.map((u: { userid: string }) => u.userid)).toEqual(['zhangsan', 'lisi']);
    expect(body.userlist[0]).toMatchObject({
      userid: 'zhangsan',
      name: '张三',
      department: [3],
      order: [0],
      position: '销售',
      main_department: 3,
      status: 1,
      is_leader_in_dept: [0],
    });
    for (const privateField of ['mobile', 'gender', 'email', 'avatar', 'address', 'qr_code']) {
      expect(body.userlist[0]).not.toHaveProperty(privateField);
    }
  });

  it('should return userid, name and department only when user/simplelist is asked', async () => {
    const { body } = await get('user/simplelist', { department_id: '4' });
    expect(body.userlist).toEqual([
      { userid: 'wangwu', name: '王五', department: [4] },
      { userid: 'zhaoliu', name: '赵六', department: [4] },
    ]);
  });

  it.each([
    ['department_id is missing', {}, 41019],
    ['the department does not exist', { department_id: '99' }, 60123],
    ['department_id is not a number', { department_id: 'x' }, 40058],
  ])('should answer the WeCom errcode when %s', async (_label, query, errcode) => {
    expect((await get('user/list', query)).body.errcode).toBe(errcode);
    expect((await get('user/simplelist', query)).body.errcode).toBe(errcode);
  });

  it('should return one member at the top level when user/get is asked', async () => {
    const { body } = await get('user/get', { userid: 'lisi' });
    expect(body).toMatchObject({ errcode: 0, errmsg: 'ok', userid: 'lisi', department: [3, 5], main_department: 3, status: 1 });
  });

  it('should report a member who left with status 5', async () => {
    expect((await get('user/get', { userid: 'zhaoliu' })).body.status).toBe(5);
  });

  it.each([
    ['userid is missing', {}, 41009],
    ['userid has invalid characters', { userid: 'bad id!' }, 40003],
    ['userid is unknown', { userid: 'nobody' }, 60111],
    ['userid is empty', { userid: '' }, 60111],
  ])('should answer the WeCom errcode when %s', async (_label, query, errcode) => {
    expect((await get('user/get', query)).body.errcode).toBe(errcode);
  });

  it('should refuse with 41001 when access_token is missing', async () => {
    expect((await cgiGet(sim, 'user/get', { userid: 'lisi' })).body.errcode).toBe(41001);
  });
});
