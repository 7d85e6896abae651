import { describe, expect, it } from 'vitest';
import { canEditCustomer, canLogFollowUp, canViewCustomer, mayUseScope, type CustomerAccessFacts, type Viewer } from './visibility.ts';

const rep: Viewer = { id: 10, role: 'rep', departmentPath: '/1/2/5/' };
const otherRep: Viewer = { id: 11, role: 'rep', departmentPath: '/1/2/5/' };
const manager: Viewer = { id: 20, role: 'manager', departmentPath: '/1/2/' };
const otherManager: Viewer = { id: 21, role: 'manager', departmentPath: '/1/3/' };
const admin: Viewer = { id: 30, role: 'admin', departmentPath: '/1/' };

const ownedByRep: CustomerAccessFacts = { ownerId: 10, ownerDepartmentPath: '/1/2/5/', followerIds: [], inPool: false };
const followedByOther: CustomerAccessFacts = { ...ownedByRep, followerIds: [11] };
const inPool: CustomerAccessFacts = { ownerId: null, ownerDepartmentPath: null, followerIds: [], inPool: true };

describe('canViewCustomer', () => {
  it.each([
    ['owner', rep, ownedByRep, true],
    ['another rep of the same department', otherRep, ownedByRep, false],
    ['a co-follower', otherRep, followedByOther, true],
    ['the manager of an ancestor department', manager, ownedByRep, true],
    ['a manager of a sibling department', otherManager, ownedByRep, false],
    ['an admin', admin, ownedByRep, true],
    ['any rep for a pool customer', otherRep, inPool, true],
  ] as const)('should answer for %s', (_who, viewer, facts, expected) => {
    expect(canViewCustomer(viewer, facts)).toBe(expected);
  });

  it('should not treat a path prefix that is not an ancestor as the subtree', () => {
    const m: Viewer = { id: 22, role: 'manager', departmentPath: '/1/2/' };
    expect(canViewCustomer(m, { ...ownedByRep, ownerDepartmentPath: '/1/22/' })).toBe(false);
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
