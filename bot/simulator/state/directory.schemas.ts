import { z } from 'zod';

/** WeCom userids: 1–64 bytes of letters, digits and `_-@.` (case-insensitive in WeCom). */
export const USERID_PATTERN = /^[A-Za-z0-9_@.-]{1,64}$/;

export const simDepartmentSchema = z.object({
  id: z.number().int().positive(),
  name: z.string().min(1).max(64),
  name_en: z.string().max(64).optional(),
  /** 0 for the root department. */
  parentid: z.number().int().min(0),
  order: z.number().int().min(0),
  department_leader: z.array(z.string()).optional(),
});

export const simUserSchema = z.object({
  userid: z.string().regex(USERID_PATTERN, 'userid: 1-64 letters, digits or _-@.'),
  name: z.string().min(1).max(64),
  department: z.array(z.number().int().positive()).min(1).max(20),
  main_department: z.number().int().positive(),
  position: z.string().max(128).optional(),
  /** 1 activated, 2 disabled, 4 not activated, 5 left. */
  status: z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(5)]),
  order: z.array(z.number().int()).optional(),
  is_leader_in_dept: z.array(z.union([z.literal(0), z.literal(1)])).optional(),
  direct_leader: z.array(z.string()).max(1).optional(),
  alias: z.string().max(64).optional(),
  telephone: z.string().max(32).optional(),
});

/**
 * The fake corp's contacts. Consistency is checked here, once, so the endpoints can trust
 * it: a single root, every parent present, no cycles, users only in known departments.
 */
export const simDirectorySchema = z
  .object({
    departments: z.array(simDepartmentSchema).min(1),
    users: z.array(simUserSchema),
  })
  .superRefine((dir, ctx) => {
    const ids = new Map<number, number>();
    dir.departments.forEach((d, i) => {
      if (ids.has(d.id)) ctx.addIssue({ code: 'custom', path: ['departments', i, 'id'], message: `duplicate department id ${d.id}` });
      ids.set(d.id, d.parentid);
    });
    const roots = dir.departments.filter((d) => d.parentid === 0);
    if (roots.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['departments'], message: `exactly one root department (parentid 0) expected, got ${roots.length}` });
    }
    dir.departments.forEach((d, i) => {
      if (d.parentid !== 0 && !ids.has(d.parentid)) {
        ctx.addIssue({ code: 'custom', path: ['departments', i, 'parentid'], message: `unknown parent department ${d.parentid}` });
        return;
      }
      // Walk up; more steps than departments means a cycle.
      let at = d.parentid;
      for (let steps = 0; at !== 0; steps++) {
        if (steps > ids.size) {
          ctx.addIssue({ code: 'custom', path: ['departments', i, 'parentid'], message: `department ${d.id} is in a cycle` });
          return;
        }
        at = ids.get(at) ?? 0;
      }
    });

    const userids = new Set<string>();
    dir.users.forEach((u, i) => {
      const key = u.userid.toLowerCase();
      if (userids.has(key)) ctx.addIssue({ code: 'custom', path: ['users', i, 'userid'], message: `duplicate userid ${u.userid}` });
      userids.add(key);
      u.department.forEach((dep, j) => {
        if (!ids.has(dep)) ctx.addIssue({ code: 'custom', path: ['users', i, 'department', j], message: `unknown department ${dep}` });
      });
      if (!u.department.includes(u.main_department)) {
        ctx.addIssue({ code: 'custom', path: ['users', i, 'main_department'], message: 'main_department must be one of department[]' });
      }
      for (const field of ['order', 'is_leader_in_dept'] as const) {
        const values = u[field];
        if (values && values.length !== u.department.length) {
          ctx.addIssue({ code: 'custom', path: ['users', i, field], message: `${field} must have one entry per department` });
        }
      }
    });
  });

export type SimDepartment = z.infer<typeof simDepartmentSchema>;
export type SimUser = z.infer<typeof simUserSchema>;
export type SimDirectoryInput = z.input<typeof simDirectorySchema>;
export type SimDirectoryData = z.infer<typeof simDirectorySchema>;
