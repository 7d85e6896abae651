import type { EntityManager } from 'typeorm';
import { Department } from '../../entities/department.entity.ts';
import { User } from '../../entities/user.entity.ts';
import type { Clock } from '../infra/clock.ts';
import { readQuery, type Database } from '../infra/db.ts';
import type { SharedVersion } from '../infra/shared-version.ts';
import { writeAudit } from '../audit/audit.service.ts';
import { NotFoundError } from '../http/errors.ts';
import type { Actor } from './actor.ts';
import { UserLeftError, WecomCodeInvalidError, WecomUnavailableError, authMessages } from './auth.errors.ts';
import type { SessionTokens } from './session-token.ts';
import { wecomErrcode, type WecomDirectory } from './wecom-directory.ts';
import { toUserDto, type UserDto } from '../org/users.dto.ts';
import { ForbiddenError } from '../http/errors.ts';

/** WeCom codes that mean "this code is no good", as opposed to WeCom being unreachable. */
const BAD_CODE_ERRCODES = new Set([40029, 40163, 50001]);
/** A cached member is read again after this long whatever the version says (a change made outside the app). */
const MEMBER_MAX_AGE_MS = 60_000;
/** Enough for every member of a large company; beyond it the cache starts over. */
const MEMBER_CACHE_MAX = 100_000;

type Member = Omit<Actor, 'requestId'>;

export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly wecom: WecomDirectory,
    private readonly tokens: SessionTokens,
    private readonly clock: Clock,
    /** Session expiry follows real time, not the simulator's time travel. */
    private readonly wallClock: Clock,
    private readonly simulatorMode: boolean,
    private readonly corpId: string,
    /**
     * The organisation's version (members, departments, pools), bumped after every change the app
     * makes to them: the session check keeps each member it read in this instance until it moves.
     */
    private readonly orgVersion: SharedVersion,
  ) {}

  private readonly members = new Map<number, { member: Member; version: string; loadedAt: number }>();

  async loginWithMiniprogramCode(code: string): Promise<{ token: string; user: UserDto }> {
    const session = await this.callWecom(() => this.wecom.jscode2session(code));
    // A code from a member of another corp (multi-corp mini-programs) must not log in here.
    if (session.corpid !== this.corpId) throw new ForbiddenError(authMessages.otherCorp, 'NOT_A_MEMBER');
    return this.issueFor(await this.findOrProvision(session.userid));
  }

  async loginWithOAuthCode(code: string): Promise<{ token: string; user: UserDto }> {
    const info = await this.callWecom(() => this.wecom.getUserInfoByCode(code));
    if (!('userid' in info) || !info.userid) throw new ForbiddenError(authMessages.notMember, 'NOT_A_MEMBER');
    return this.issueFor(await this.findOrProvision(info.userid));
  }

  /**
   * The demo login picker: who can log in (`items`), and who has left (`departed`: shown as such,
   * not offered, since a departed member cannot log in).
   */
  async listDevUsers(): Promise<{ items: UserDto[]; departed: UserDto[] }> {
    this.assertSimulator();
    const users = await this.db.manager.find(User, { order: { role: 'ASC', id: 'ASC' } });
    const departments = new Map((await this.db.manager.find(Department)).map((d) => [d.id, d.name]));
    const dto = (u: User) => toUserDto(u, departments.get(u.departmentId));
    return { items: users.filter((u) => u.status === 'active').map(dto), departed: users.filter((u) => u.status === 'left').map(dto) };
  }

  async devLogin(userId: number): Promise<{ token: string; user: UserDto }> {
    this.assertSimulator();
    const user = await this.db.manager.findOneBy(User, { id: userId });
    if (!user) throw new NotFoundError(authMessages.userNotFound);
    if (user.status !== 'active') throw new UserLeftError();
    return this.issueFor(user);
  }

  /**
   * Resolves a bearer token to the caller, or null. Left members lose access at once: whatever marks
   * them left bumps the organisation's version, and a member is read again when it moved (a change
   * made to the database by hand is seen within MEMBER_MAX_AGE_MS). Each request checks the version
   * (one shared-store read, shared with the requests in flight), not the database.
   */
  async authenticate(token: string): Promise<Member | null> {
    const claims = this.tokens.verify(token, this.wallClock.now());
    if (!claims) return null;
    // Without the shared store (Redis unreachable) the database answers, as if nothing were cached.
    const version = await this.orgVersion.current().catch(() => null);
    const now = this.wallClock.now().getTime();
    const cached = this.members.get(claims.sub);
    if (version !== null && cached && cached.version === version && now - cached.loadedAt < MEMBER_MAX_AGE_MS) return cached.member;
    const rows: Array<{ id: number; wecom_user_id: string; name: string; role: Actor['role']; department_id: number; status: string; path: string }> =
      await readQuery(this.db.manager,
        'SELECT u.id, u.wecom_user_id, u.name, u.role, u.department_id, u.status, d.path FROM users u JOIN departments d ON d.id = u.department_id WHERE u.id = ?',
        [claims.sub],
      );
    const row = rows[0];
    if (!row || row.status !== 'active') {
      this.members.delete(claims.sub);
      return null;
    }
    const member: Member = {
      id: Number(row.id), wecomUserId: row.wecom_user_id, name: row.name, role: row.role,
      departmentId: Number(row.department_id), departmentPath: row.path,
    };
    if (version === null) return member;
    if (this.members.size >= MEMBER_CACHE_MAX) this.members.clear();
    this.members.set(claims.sub, { member, version, loadedAt: now });
    return member;
  }

  private async issueFor(user: User): Promise<{ token: string; user: UserDto }> {
    const department = await this.db.manager.findOneBy(Department, { id: user.departmentId });
    return { token: this.tokens.issue(user.id, this.wallClock.now()), user: toUserDto(user, department?.name) };
  }

  private assertSimulator(): void {
    // In live mode the dev endpoints do not exist at all.
    if (!this.simulatorMode) throw new NotFoundError(authMessages.devOnly);
  }

  private async callWecom<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const errcode = wecomErrcode(err);
      if (errcode !== undefined && BAD_CODE_ERRCODES.has(errcode)) throw new WecomCodeInvalidError();
      throw new WecomUnavailableError(errcode);
    }
  }

  /**
   * First login of a member we have not seen: read them from WeCom and add them as a rep in
   * their main department (an admin can change the role later).
   */
  private async findOrProvision(wecomUserId: string): Promise<User> {
    const existing = await this.db.manager.findOneBy(User, { wecomUserId });
    if (existing) {
      if (existing.status === 'active') return existing;
      // Someone who left and came back (WeCom says active again) logs in again; nothing moves back by itself.
      const member = await this.callWecom(() => this.wecom.getUser(wecomUserId));
      if (member.status !== undefined && member.status !== 1) throw new UserLeftError();
      const now = this.clock.now();
      await this.db.tx(async (em) => {
        await em.update(User, { id: existing.id, status: 'left' }, { status: 'active' });
        await writeAudit(em, { actorId: null, action: 'user.returned', entityType: 'user', entityId: existing.id, after: { status: 'active', source: 'wecom' }, at: now });
      });
      await this.orgVersion.bump();
      return { ...existing, status: 'active' };
    }
    const member = await this.callWecom(() => this.wecom.getUser(wecomUserId));
    if (member.status === 5) throw new UserLeftError();
    const departmentId = member.main_department ?? member.department[0] ?? 1;
    const needSync = !(await this.db.manager.findOneBy(Department, { id: departmentId }));
    const departments = needSync ? await this.callWecom(() => this.wecom.listDepartments()) : [];
    const now = this.clock.now();
    const user = await this.db.tx(async (em) => {
      if (departments.length) await upsertDepartments(em, departments);
      const again = await em.findOneBy(User, { wecomUserId });
      if (again) return again;
      const result = await em.insert(User, {
        wecomUserId, name: member.name.slice(0, 64), role: 'rep', departmentId, status: 'active',
        position: member.position?.slice(0, 64) || null, createdAt: now,
      });
      const id = Number(result.identifiers[0]!.id);
      await writeAudit(em, { actorId: null, action: 'user.provision', entityType: 'user', entityId: id, after: { wecomUserId, departmentId, role: 'rep' }, at: now });
      return em.findOneByOrFail(User, { id });
    });
    // Departments renamed or moved change the paths of members already cached.
    if (departments.length) await this.orgVersion.bump();
    return user;
  }
}

/** Inserts or renames departments from WeCom's list, computing materialised paths. */
export async function upsertDepartments(em: EntityManager, list: Array<{ id: number; name: string; parentid: number; order?: number }>): Promise<void> {
  const byId = new Map(list.map((d) => [d.id, d]));
  const pathOf = (id: number, seen = new Set<number>()): string => {
    const d = byId.get(id);
    if (!d || d.parentid === 0 || !byId.has(d.parentid) || seen.has(id)) return `/${id}/`;
    seen.add(id);
    return `${pathOf(d.parentid, seen)}${id}/`;
  };
  for (const d of list) {
    const values = { name: d.name.slice(0, 64), parentId: d.parentid || null, path: pathOf(d.id), sortOrder: d.order ?? 0 };
    const found = await em.findOneBy(Department, { id: d.id });
    if (found) await em.update(Department, { id: d.id }, values);
    else await em.insert(Department, { id: d.id, ...values });
  }
}
