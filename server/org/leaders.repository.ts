import type { EntityManager } from 'typeorm';

export interface LeaderRef {
  id: number;
  name: string;
  wecomUserId: string;
}

/**
 * The leaders of a department (API.md): its managers, else the managers of the nearest
 * department up the tree that has some, else the admins. Only active people; `exclude` (the
 * requester) never leads themself.
 */
export async function findLeaders(em: EntityManager, departmentPath: string, exclude: readonly number[] = []): Promise<LeaderRef[]> {
  const ids = departmentPath.split('/').filter(Boolean).map(Number);
  if (ids.length) {
    const rows: Array<{ id: number | string; name: string; wecom_user_id: string; department_id: number | string }> = await em.query(
      `SELECT id, name, wecom_user_id, department_id FROM users
        WHERE role = 'manager' AND status = 'active' AND department_id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    const byDepartment = new Map<number, LeaderRef[]>();
    for (const r of rows) {
      if (exclude.includes(Number(r.id))) continue;
      const list = byDepartment.get(Number(r.department_id)) ?? [];
      list.push({ id: Number(r.id), name: r.name, wecomUserId: r.wecom_user_id });
      byDepartment.set(Number(r.department_id), list);
    }
    for (const departmentId of [...ids].reverse()) {
      const found = byDepartment.get(departmentId);
      if (found?.length) return found.sort((a, b) => a.id - b.id);
    }
  }
  const admins: Array<{ id: number | string; name: string; wecom_user_id: string }> = await em.query(
    "SELECT id, name, wecom_user_id FROM users WHERE role = 'admin' AND status = 'active' ORDER BY id");
  return admins.filter((a) => !exclude.includes(Number(a.id))).map((a) => ({ id: Number(a.id), name: a.name, wecomUserId: a.wecom_user_id }));
}
