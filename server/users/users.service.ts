import { Department } from '../../entities/department.entity.ts';
import { User } from '../../entities/user.entity.ts';
import { likeContains, likePrefix, readQuery, type Database } from '../infra/db.ts';
import type { Actor } from '../auth/actor.ts';
import { ForbiddenError } from '../http/errors.ts';
import { requireEditableCustomer, requireVisibleCustomer } from '../customers/customer-access.ts';
import { poolMessages } from '../pool/pool.errors.ts';
import { toUserDto, type UserDto } from '../org/users.dto.ts';
import type { ListUsersQuery } from './users.schemas.ts';
import { cappedCount } from '../customers/customer-list.query.ts';

/** As for customer lists: beyond this the total reads "1万+". */
const USER_COUNT_CAP = 10_000;

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

  /**
   * Active members for pickers, searched (name or WeCom id) and paged on the server. With a
   * purpose, only the people that action would accept, in SQL form of rules/pickable.ts:
   * assign → isAssignable, follower → isFollowerCandidate. The customer must be visible (404),
   * and for assign the caller a manager or admin, for follower its editor (403).
   */
  async list(actor: Actor, query: ListUsersQuery): Promise<{ items: UserDto[]; total: number; totalCapped?: true; page: number; pageSize: number }> {
    const em = this.db.manager;
    const where = ["u.status = 'active'"];
    const params: unknown[] = [];
    if (query.purpose === 'assign') {
      if (actor.role === 'rep') throw new ForbiddenError(poolMessages.assignForbidden);
      const { customer } = await requireVisibleCustomer(em, actor, query.customerId!);
      if (actor.role !== 'admin') {
        where.push('u.department_id IN (SELECT sd.id FROM departments sd WHERE sd.path LIKE ?)');
        params.push(`${actor.departmentPath}%`);
      }
      if (customer.ownerId !== null) { where.push('u.id <> ?'); params.push(customer.ownerId); }
    } else if (query.purpose === 'handover-from' || query.purpose === 'handover-to') {
      // The same scope the handover checks (its requireManaged / requireSuccessors): managers their subtree, admins all.
      if (actor.role === 'rep') throw new ForbiddenError('只有经理或管理员可以交接客户');
      if (query.purpose === 'handover-from') {
        where.length = 0;
        where.push('u.id <> ?');
        params.push(actor.id);
      }
      if (actor.role !== 'admin') {
        where.push('u.department_id IN (SELECT sd.id FROM departments sd WHERE sd.path LIKE ?)');
        params.push(`${actor.departmentPath}%`);
      }
    } else if (query.purpose === 'follower') {
      const { customer } = await requireEditableCustomer(em, actor, query.customerId!);
      if (customer.ownerId !== null) { where.push('u.id <> ?'); params.push(customer.ownerId); }
      where.push('u.id NOT IN (SELECT f.user_id FROM customer_followers f WHERE f.customer_id = ?)');
      params.push(customer.id);
    }
    if (query.q) {
      where.push("(u.name LIKE ? ESCAPE '!' OR u.wecom_user_id LIKE ? ESCAPE '!')");
      params.push(likeContains(query.q), likeContains(query.q));
    }
    // The page along idx_users_department, its departments' names joined to those rows only;
    // the total counted up to the list cap (a company may have tens of thousands of people).
    const rows: Array<{ id: number | string; wecom_user_id: string; name: string; role: User['role']; department_id: number | string; department_name: string; status: string }> =
      await readQuery(em,
        `SELECT p.id, p.wecom_user_id, p.name, p.role, p.department_id, p.status, d.name AS department_name
         FROM (SELECT u.id, u.wecom_user_id, u.name, u.role, u.department_id, u.status FROM users u WHERE ${where.join(' AND ')}
               ORDER BY u.department_id, u.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}) p
         JOIN departments d ON d.id = p.department_id ORDER BY p.department_id, p.id`,
        params,
      );
    const offset = (query.page - 1) * query.pageSize;
    const total = rows.length && rows.length < query.pageSize
      ? offset + rows.length
      : await cappedCount(em, { sql: `SELECT 1 AS one FROM users u WHERE ${where.join(' AND ')}`, params }, USER_COUNT_CAP + 1);
    return {
      items: rows.map((r) => ({
        id: String(r.id), wecomUserId: r.wecom_user_id, name: r.name, role: r.role, departmentId: String(r.department_id), departmentName: r.department_name,
        ...(query.purpose === 'handover-from' ? { status: r.status } : {}),
      })),
      total: Math.min(total, USER_COUNT_CAP), ...(total > USER_COUNT_CAP ? { totalCapped: true as const } : {}), page: query.page, pageSize: query.pageSize,
    };
  }
}
