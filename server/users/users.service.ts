import { Department } from '../../entities/department.entity.ts';
import { User } from '../../entities/user.entity.ts';
import type { Database } from '../infra/db.ts';
import type { Actor } from '../auth/actor.ts';
import { toUserDto, type UserDto } from './users.dto.ts';

export class UsersService {
  constructor(private readonly db: Database) {}

  async me(actor: Actor): Promise<UserDto & { departmentPath: string }> {
    const user = await this.db.manager.findOneByOrFail(User, { id: actor.id });
    const department = await this.db.manager.findOneBy(Department, { id: user.departmentId });
    return { ...toUserDto(user, department?.name), departmentPath: actor.departmentPath };
  }

  /** Active members of the company, for pickers (co-followers, assignment). */
  async list(): Promise<{ items: UserDto[] }> {
    const users = await this.db.manager.find(User, { where: { status: 'active' }, order: { departmentId: 'ASC', id: 'ASC' } });
    const departments = new Map((await this.db.manager.find(Department)).map((d) => [d.id, d.name]));
    return { items: users.map((u) => toUserDto(u, departments.get(u.departmentId))) };
  }
}
