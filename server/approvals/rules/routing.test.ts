import { describe, expect, it } from 'vitest';
import { activateLevel, approversFor, DEFAULT_POLICY, Directory, leadersOf, PASS_NOTES, planRoute, type ApproverSpec, type Person } from './routing.ts';

/**
 *   1 总部 (/1/) ─ 2 华东 (/1/2/) ─ 4 华东一组 (/1/2/4/)
 *               └ 3 华南 (/1/3/)    ─ 5 华南一组 (/1/3/5/)
 */
const p = (id: number, role: Person['role'], departmentPath: string, active = true): Person =>
  ({ id, name: `u${id}`, wecomUserId: `u${id}`, role, departmentPath, active });
const people = {
  boss: p(1, 'admin', '/1/'),
  boss2: p(2, 'admin', '/1/'),
  mgrEast: p(10, 'manager', '/1/2/'),
  mgrEastTeam: p(11, 'manager', '/1/2/4/'),
  mgrSouth: p(12, 'manager', '/1/3/', false),
  repEast: p(20, 'rep', '/1/2/4/'),
  repSouth: p(21, 'rep', '/1/3/5/'),
  repTop: p(22, 'rep', '/1/'),
};
const all = Object.values(people);
const dir = (list: Person[] = all) => new Directory(list);
const ids = (list: Person[]) => list.map((x) => x.id);

describe('leadersOf', () => {
  it.each([
    ['the own department has a manager', '/1/2/4/', [], [11]],
    ['the requester is that manager: one level up', '/1/2/4/', [11], [10]],
    ['the department and its parent have none: admins', '/1/', [], [1, 2]],
    ['a disabled manager is an empty seat: admins', '/1/3/5/', [], [1, 2]],
    ['an admin excluded leaves the other admin', '/1/', [1], [2]],
  ] as const)('should pick %s', (_case, path, exclude, expected) => {
    expect(ids(leadersOf(path, dir(), new Set(exclude)))).toEqual(expected);
  });
});

describe('approversFor', () => {
  const leader: ApproverSpec = { type: 'leader' };
  const admins: ApproverSpec = { type: 'role', role: 'admin' };
  it.each<[string, ApproverSpec, Person, number[]]>([
    ['leader of a rep: the team manager', leader, people.repEast, [11]],
    ['leader of a team manager: the manager above', leader, people.mgrEastTeam, [10]],
    ['leader of a rep under a disabled manager: admins', leader, people.repSouth, [1, 2]],
    ['role admin for a rep: every admin', admins, people.repEast, [1, 2]],
    ['role admin for an admin: the other admin', admins, people.boss, [2]],
    ['named users, the requester skipped', { type: 'users', userIds: [10, 20] }, people.repEast, [10]],
    ['a disabled named user: their leader', { type: 'users', userIds: [12] }, people.repEast, [1, 2]],
    ['unknown named users: admins', { type: 'users', userIds: [999] }, people.repEast, [1, 2]],
    ['role manager excludes the disabled and the requester', { type: 'role', role: 'manager' }, people.mgrEast, [11]],
  ])('should give %s', (_case, spec, requester, expected) => {
    expect(ids(approversFor(spec, requester, dir()))).toEqual(expected);
  });

  it('should give nobody for the only admin asking the admins (their request passes with a note)', () => {
    const company = dir([people.boss, people.repEast]);
    expect(approversFor(admins, people.boss, company)).toEqual([]);
    expect(approversFor(leader, people.boss, company)).toEqual([]);
  });
});

describe('planRoute with the default policy', () => {
  it.each([
    ['1 fen', 1, [[1, [11]]]],
    ['exactly 2,000 元', 200_000, [[1, [11]]]],
    ['2,000.01 元', 200_001, [[1, [11]], [2, [1, 2]]]],
    ['5,000 元', 500_000, [[1, [11]], [2, [1, 2]]]],
  ] as const)('should route %s of a rep', (_case, amount, expected) => {
    const steps = planRoute(DEFAULT_POLICY, people.repEast, amount, dir());
    expect(steps.map((s) => [s.level, ids(s.approvers)])).toEqual(expected);
  });

  it('should skip levels below their threshold but keep the policy numbering', () => {
    const policy = { levels: [{ approvers: { type: 'leader' as const }, overAmountFen: 100 }, { approvers: { type: 'role' as const, role: 'admin' as const }, overAmountFen: 1000 }] };
    expect(planRoute(policy, people.repEast, 50, dir())).toEqual([]);
    expect(planRoute(policy, people.repEast, 5000, dir()).map((s) => s.level)).toEqual([1, 2]);
  });
});

describe('activateLevel', () => {
  it.each([
    ['nobody decided yet', [10, 11], [], 20, [10, 11], null],
    ['someone of the level decided earlier (nobody decides twice)', [1, 2], [1], 20, [2], null],
    ['everyone of the level decided earlier', [1], [1], 20, [], PASS_NOTES.alreadyDecided],
    ['the requester is the only one', [20], [], 20, [], PASS_NOTES.alreadyDecided],
    ['no approver at all', [], [], 1, [], PASS_NOTES.nobody],
  ] as const)('should handle %s', (_case, approvers, decided, requester, expected, note) => {
    expect(activateLevel(approvers, decided, requester)).toEqual({ approverIds: expected, passNote: note });
  });
});
