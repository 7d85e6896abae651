import { Department } from '../../entities/department.entity.ts';
import { User } from '../../entities/user.entity.ts';
import { likePrefix, type Database } from '../infra/db.ts';
import { ForbiddenError } from '../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { toUserDto, type UserDto } from './users.dto.ts';

export class UsersService {
  constructor(private readonly db: Database) {}

  async me(actor: Actor): Promise<UserDto & { departmentPath: string }> {
    const user = await this.db.manager.findOneByOrFail(User, { id: actor.id });
    const department = await this.db.manager.findOneBy(Department, { id: user.departmentId });
    return { ...toUserDto(user, department?.name), departmentPath: actor.departmentPath };
  }

  /**
   * The department tree as the caller may use it (admins: the whole company, for pools; managers:
   * their own subtree), each with the pool it has, if any. Departments are few (hundreds).
   */
  async departments(actor: Actor): Promise<{ items: Array<{ id: string; name: string; parentId: string | null; path: string; poolId: string | null }> }> {
    if (actor.role === 'rep') throw new ForbiddenError('只有经理和管理员可以查看部门结构');
    const rows: Array<{ id: number | string; name: string; parent_id: number | string | null; path: string; pool_id: number | string | null }> = await this.db.manager.query(
      `SELECT d.id, d.name, d.parent_id, d.path, p.id AS pool_id FROM departments d LEFT JOIN pools p ON p.department_id = d.id
        WHERE d.path LIKE ? ESCAPE '!' ORDER BY d.path, d.sort_order, d.id`,
      [likePrefix(actor.role === 'admin' ? '/' : actor.departmentPath)],
    );
    return {
      items: rows.map((r) => ({
        id: String(r.id), name: r.name, parentId: r.parent_id === null ? null : String(r.parent_id), path: r.path,
        poolId: r.pool_id === null ? null : String(r.pool_id),
      })),
    };
  }

  /** Active members of the company, for pickers (co-followers, assignment). */
  async list(): Promise<{ items: UserDto[] }> {
    const users = await this.db.manager.find(User, { where: { status: 'active' }, order: { departmentId: 'ASC', id: 'ASC' } });
    const departments = new Map((await this.db.manager.find(Department)).map((d) => [d.id, d.name]));
    return { items: users.map((u) => toUserDto(u, departments.get(u.departmentId))) };
  }
}
