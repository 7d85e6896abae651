import { describe, expect, it } from 'vitest';
import { canEditCustomer, canLogFollowUp, canViewCustomer, canViewPool, isPoolMember, mayUseScope, type CustomerAccessFacts, type Viewer } from './visibility.ts';

const rep: Viewer = { id: 10, role: 'rep', departmentPath: '/1/2/5/' };
const otherRep: Viewer = { id: 11, role: 'rep', departmentPath: '/1/2/5/' };
const manager: Viewer = { id: 20, role: 'manager', departmentPath: '/1/2/' };
const otherManager: Viewer = { id: 21, role: 'manager', departmentPath: '/1/3/' };
const admin: Viewer = { id: 30, role: 'admin', departmentPath: '/1/' };

const ownedByRep: CustomerAccessFacts = { ownerId: 10, ownerDepartmentPath: '/1/2/5/', followerIds: [], inPool: false, poolDepartmentPath: null };
const followedByOther: CustomerAccessFacts = { ...ownedByRep, followerIds: [11] };
const inPool: CustomerAccessFacts = { ownerId: null, ownerDepartmentPath: null, followerIds: [], inPool: true, poolDepartmentPath: '/1/' };
/** In the pool of department /1/2/5/ (a rep's team); /1/3/ is a sibling region. */
const inTeamPool: CustomerAccessFacts = { ...inPool, poolDepartmentPath: '/1/2/5/' };
const inSouthPool: CustomerAccessFacts = { ...inPool, poolDepartmentPath: '/1/3/' };
const southRep: Viewer = { id: 12, role: 'rep', departmentPath: '/1/3/7/' };
const teamManager: Viewer = { id: 23, role: 'manager', departmentPath: '/1/2/5/' };

describe('canViewCustomer', () => {
  it.each([
    ['owner', rep, ownedByRep, true],
    ['another rep of the same department', otherRep, ownedByRep, false],
    ['a co-follower', otherRep, followedByOther, true],
    ['the manager of an ancestor department', manager, ownedByRep, true],
    ['a manager of a sibling department', otherManager, ownedByRep, false],
    ['an admin', admin, ownedByRep, true],
    ['any rep for a customer in the company pool', otherRep, inPool, true],
    ['a member of the pool the customer sits in', otherRep, inTeamPool, true],
    ['a rep of another department for a department pool customer', southRep, inTeamPool, false],
    ['a rep of the same region but outside the pool department', { id: 13, role: 'rep', departmentPath: '/1/2/6/' }, inTeamPool, false],
    ['a manager above the pool department', manager, inTeamPool, true],
    ['a manager inside the pool department', teamManager, inTeamPool, true],
    ['a manager of a sibling region', otherManager, inTeamPool, false],
    ['a manager below the pool department', { id: 24, role: 'manager', departmentPath: '/1/3/7/' }, inSouthPool, true],
    ['a manager of another region for the south pool', manager, inSouthPool, false],
    ['an admin for any pool', admin, inSouthPool, true],
    ['anyone but admins for a customer whose pool is unknown', manager, { ...inPool, poolDepartmentPath: null }, false],
    ['an admin for a customer whose pool is unknown', admin, { ...inPool, poolDepartmentPath: null }, true],
    ['a co-follower of a pool customer', southRep, { ...inTeamPool, followerIds: [12] }, true],
  ] as const)('should answer for %s', (_who, viewer, facts, expected) => {
    expect(canViewCustomer(viewer, facts)).toBe(expected);
  });

  it('should not treat a path prefix that is not an ancestor as the subtree', () => {
    const m: Viewer = { id: 22, role: 'manager', departmentPath: '/1/2/' };
    expect(canViewCustomer(m, { ...ownedByRep, ownerDepartmentPath: '/1/22/' })).toBe(false);
  });
});

describe('canViewPool and isPoolMember', () => {
  it.each([
    ['a member', rep, '/1/2/5/', true, true],
    ['a member through an ancestor pool', rep, '/1/', true, true],
    ['a manager above (sees, does not claim)', manager, '/1/2/5/', true, false],
    ['a rep of another department', southRep, '/1/2/5/', false, false],
    ['a sibling path that only shares a prefix', { id: 1, role: 'rep', departmentPath: '/1/22/' } as Viewer, '/1/2/', false, false],
    ['an admin (sees every pool)', admin, '/1/3/', true, false],
  ] as const)('should answer for %s', (_who, viewer, poolPath, sees, member) => {
    expect(canViewPool(viewer, poolPath)).toBe(sees);
    expect(isPoolMember(viewer, poolPath)).toBe(member);
  });
});

describe('canEditCustomer and canLogFollowUp', () => {
  it('should let a co-follower log a follow-up but not edit the record', () => {
    expect(canEditCustomer(otherRep, followedByOther)).toBe(false);
    expect(canLogFollowUp(otherRep, followedByOther)).toBe(true);
  });

  it('should refuse edits and follow-ups on pool customers when nobody claimed them', () => {
    expect(canEditCustomer(rep, inPool)).toBe(false);
    expect(canLogFollowUp(rep, inPool)).toBe(false);
    expect(canEditCustomer(manager, inPool)).toBe(false);
    expect(canEditCustomer(admin, inPool)).toBe(false);
  });

  it('should let the managers above the owner edit', () => {
    expect(canEditCustomer(manager, ownedByRep)).toBe(true);
    expect(canEditCustomer(otherManager, ownedByRep)).toBe(false);
  });
});

describe('mayUseScope', () => {
  it.each([
    ['rep', 'mine', true], ['rep', 'team', false], ['rep', 'all', false],
    ['manager', 'mine', true], ['manager', 'team', true], ['manager', 'all', false],
    ['admin', 'mine', true], ['admin', 'team', true], ['admin', 'all', true],
  ] as const)('should answer %s asking for %s with %s', (role, scope, expected) => {
    expect(mayUseScope(role, scope)).toBe(expected);
  });
});
