import { simDirectorySchema, type SimDepartment, type SimDirectoryInput, type SimUser } from './directory.schemas.ts';

/**
 * The fake corp's departments and members, as the contacts endpoints see them. Replaced
 * wholesale by `set` (the server loads the demo company at boot); read-only otherwise.
 */
export class Directory {
  private departments = new Map<number, SimDepartment>();
  private users = new Map<string, SimUser>();

  /** Validates and replaces everything; throws a ZodError naming the offending entries. */
  set(input: SimDirectoryInput): void {
    const dir = simDirectorySchema.parse(input);
    this.departments = new Map(dir.departments.map((d) => [d.id, d]));
    // WeCom userids are case-insensitive.
    this.users = new Map(dir.users.map((u) => [u.userid.toLowerCase(), u]));
  }

  /** A member's status changes (5: they left the corp). Returns false for an unknown member. */
  setStatus(userid: string, status: SimUser['status']): boolean {
    const user = this.users.get(userid.toLowerCase());
    if (!user) return false;
    this.users.set(userid.toLowerCase(), { ...user, status });
    return true;
  }

  department(id: number): SimDepartment | undefined {
    return this.departments.get(id);
  }

  user(userid: string): SimUser | undefined {
    return this.users.get(userid.toLowerCase());
  }

  /** Every member, in the order the directory was given. */
  allUsers(): SimUser[] {
    return [...this.users.values()];
  }

  /** Members of the department or any of its sub-departments, each once. */
  usersInSubtree(departmentId: number): SimUser[] {
    const ids = new Set(this.subtree(departmentId).map((d) => d.id));
    return [...this.users.values()].filter((u) => u.department.some((d) => ids.has(d)));
  }

  /** The root department's id, or undefined while the directory is empty. */
  rootId(): number | undefined {
    for (const d of this.departments.values()) if (d.parentid === 0) return d.id;
    return undefined;
  }

  /** `id` then its descendants, depth first, siblings by descending `order` (WeCom's display order). */
  subtree(id: number): SimDepartment[] {
    const start = this.departments.get(id);
    if (!start) return [];
    const out: SimDepartment[] = [];
    const visit = (d: SimDepartment) => {
      out.push(d);
      for (const child of this.childrenOf(d.id)) visit(child);
    };
    visit(start);
    return out;
  }

  /** Members directly in the department (WeCom's user/list has no recursion). */
  usersIn(departmentId: number): SimUser[] {
    return [...this.users.values()].filter((u) => u.department.includes(departmentId));
  }

  private childrenOf(id: number): SimDepartment[] {
    return [...this.departments.values()].filter((d) => d.parentid === id).sort((a, b) => b.order - a.order || a.id - b.id);
  }
}
