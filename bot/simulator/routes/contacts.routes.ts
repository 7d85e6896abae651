import type { Router } from '@koa/router';
import { WecomErrcode } from '../../wecom/wecom-errcodes.ts';
import { defineCgiRoute, parseIdParam, requireParam, type CgiRequest } from '../http/cgi-route.ts';
import { WecomSimError } from '../http/wecom-sim-error.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { USERID_PATTERN, type SimDepartment, type SimUser } from '../state/directory.schemas.ts';

/**
 * Contacts (WECOM.md §9): department/list|simplelist, user/list|simplelist|get. The fake app
 * sees the whole corp and, being created after 2022-06-20, never gets the private fields
 * (mobile, gender, email, avatar, address, qr_code).
 */
export function registerContactsRoutes(router: Router, state: SimulatorState): void {
  const departmentsFrom = (req: CgiRequest): SimDepartment[] => {
    const raw = req.query('id');
    const id = raw === undefined || raw === '' ? state.directory.rootId() : parseIdParam(raw, 'id');
    if (id === undefined) return [];
    const tree = state.directory.subtree(id);
    if (tree.length === 0) throw new WecomSimError(WecomErrcode.INVALID_DEPARTMENT_ID);
    return tree;
  };

  const membersOf = (req: CgiRequest): SimUser[] => {
    const id = parseIdParam(requireParam(req, 'department_id', WecomErrcode.MISSING_DEPARTMENT), 'department_id');
    if (!state.directory.department(id)) throw new WecomSimError(WecomErrcode.INVALID_DEPARTMENT_ID);
    return state.directory.usersIn(id);
  };

  defineCgiRoute(router, state, { method: 'GET', path: 'department/list', requiresToken: true }, (req) => ({
    department: departmentsFrom(req).map(toDepartmentJson),
  }));

  defineCgiRoute(router, state, { method: 'GET', path: 'department/simplelist', requiresToken: true }, (req) => ({
    department_id: departmentsFrom(req).map((d) => ({ id: d.id, parentid: d.parentid, order: d.order })),
  }));

  defineCgiRoute(router, state, { method: 'GET', path: 'user/list', requiresToken: true }, (req) => ({
    userlist: membersOf(req).map(toUserDetailJson),
  }));

  defineCgiRoute(router, state, { method: 'GET', path: 'user/simplelist', requiresToken: true }, (req) => ({
    userlist: membersOf(req).map((u) => ({ userid: u.userid, name: u.name, department: u.department })),
  }));

  defineCgiRoute(router, state, { method: 'GET', path: 'user/get', requiresToken: true }, (req) => {
    const userid = req.query('userid');
    if (userid === undefined) throw new WecomSimError(WecomErrcode.MISSING_USERID);
    if (userid !== '' && !USERID_PATTERN.test(userid)) throw new WecomSimError(WecomErrcode.INVALID_USERID);
    const user = userid === '' ? undefined : state.directory.user(userid);
    if (!user) throw new WecomSimError(WecomErrcode.USERID_NOT_FOUND);
    return toUserDetailJson(user);
  });
}

function toDepartmentJson(d: SimDepartment) {
  return {
    id: d.id,
    name: d.name,
    ...(d.name_en ? { name_en: d.name_en } : {}),
    department_leader: d.department_leader ?? [],
    parentid: d.parentid,
    order: d.order,
  };
}

function toUserDetailJson(u: SimUser) {
  const perDepartment = <T>(value: T) => u.department.map(() => value);
  return {
    userid: u.userid,
    name: u.name,
    department: u.department,
    order: u.order ?? perDepartment(0),
    position: u.position ?? '',
    is_leader_in_dept: u.is_leader_in_dept ?? perDepartment(0),
    direct_leader: u.direct_leader ?? [],
    telephone: u.telephone ?? '',
    alias: u.alias ?? '',
    main_department: u.main_department,
    status: u.status,
    extattr: { attrs: [] },
    external_position: '',
  };
}
