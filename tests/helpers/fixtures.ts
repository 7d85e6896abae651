import { Department } from '../../entities/department.entity.ts';
import { User, type UserRole } from '../../entities/user.entity.ts';
import type { Database } from '../../server/infra/db.ts';
import { homePoolFor } from '../../server/ownership/pools.repository.ts';

/**
 * A small company whose shape every test can reason about:
 *   1 总部 (/1/) ─ 2 华东 (/1/2/) ─ 4 华东一组 (/1/2/4/)
 *               └ 3 华南 (/1/3/)
 */
export const FIXTURE_DEPARTMENTS = [
  { id: 1, name: '总部', parentId: null, path: '/1/', sortOrder: 0 },
  { id: 2, name: '华东', parentId: 1, path: '/1/2/', sortOrder: 1 },
  { id: 3, name: '华南', parentId: 1, path: '/1/3/', sortOrder: 2 },
  { id: 4, name: '华东一组', parentId: 2, path: '/1/2/4/', sortOrder: 0 },
] as const;

export const FIXTURE_USERS = {
  boss: { wecomUserId: 'boss', name: '陈总', role: 'admin', departmentId: 1 },
  mgrEast: { wecomUserId: 'mgr.east', name: '王经理', role: 'manager', departmentId: 2 },
  mgrSouth: { wecomUserId: 'mgr.south', name: '李经理', role: 'manager', departmentId: 3 },
  repA: { wecomUserId: 'zhangsan', name: '张三', role: 'rep', departmentId: 4 },
  repB: { wecomUserId: 'lisi', name: '李四', role: 'rep', departmentId: 4 },
  repC: { wecomUserId: 'wangwu', name: '王五', role: 'rep', departmentId: 3 },
  gone: { wecomUserId: 'zhaoliu', name: '赵六', role: 'rep', departmentId: 4, status: 'left' },
} as const satisfies Record<string, { wecomUserId: string; name: string; role: UserRole; departmentId: number; status?: 'left' }>;

export type FixtureUserKey = keyof typeof FIXTURE_USERS;

export async function insertFixtures(db: Database, now: Date): Promise<Record<FixtureUserKey, number>> {
  return db.tx(async (em) => {
    await em.insert(Department, FIXTURE_DEPARTMENTS.map((d) => ({ ...d })));
    const ids = {} as Record<FixtureUserKey, number>;
    for (const [key, u] of Object.entries(FIXTURE_USERS) as Array<[FixtureUserKey, (typeof FIXTURE_USERS)[FixtureUserKey]]>) {
      const result = await em.insert(User, {
        wecomUserId: u.wecomUserId, name: u.name, role: u.role, departmentId: u.departmentId,
        status: 'status' in u ? u.status : 'active', position: null, createdAt: now,
      });
      ids[key] = Number(result.identifiers[0]!.id);
    }
    await homePoolFor(em, '/1/', now); // the company pool, default rules
    return ids;
  });
}
