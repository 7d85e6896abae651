import { describe, expect, it } from 'vitest';
import { maySetProtectedFacts, protectedChanges } from './protected-facts.ts';

describe('protectedChanges', () => {
  const exempt = ['key'] as const;
  it.each([
    ['a rep-level change between ordinary levels', { level: 'C', stage: 'lead' }, { level: 'A' }, []],
    ['making a customer 重点', { level: 'A', stage: 'lead' }, { level: 'key' }, ['level']],
    ['taking 重点 away', { level: 'key', stage: 'lead' }, { level: 'B' }, ['level']],
    ['the same level again', { level: 'key', stage: 'lead' }, { level: 'key' }, []],
    ['entering a deal', { level: 'C', stage: 'opportunity' }, { stage: 'deal' }, ['stage']],
    ['leaving a deal (the stage-and-back dodge)', { level: 'C', stage: 'deal' }, { stage: 'opportunity' }, ['stage']],
    ['deal to repeat', { level: 'C', stage: 'deal' }, { stage: 'repeat' }, ['stage']],
    ['ordinary stage moves', { level: 'C', stage: 'lead' }, { stage: 'contacted' }, []],
    ['both at once', { level: 'C', stage: 'lead' }, { level: 'key', stage: 'deal' }, ['level', 'stage']],
  ] as const)('should find %s', (_case, current, next, fields) => {
    expect(protectedChanges(current, next, exempt).map((c) => c.field)).toEqual(fields);
  });

  it('should follow the pool: a level is protected only when the pool exempts it', () => {
    expect(protectedChanges({ level: 'C', stage: 'lead' }, { level: 'A' }, ['A', 'key'])).toEqual([{ field: 'level', from: 'C', to: 'A' }]);
    expect(protectedChanges({ level: 'C', stage: 'lead' }, { level: 'key' }, [])).toEqual([]);
  });

  it('should let only managers and admins set them', () => {
    expect([maySetProtectedFacts('rep'), maySetProtectedFacts('manager'), maySetProtectedFacts('admin')]).toEqual([false, true, true]);
  });
});
