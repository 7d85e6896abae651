import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { sampleDirectory } from '../testing/sample-directory.ts';
import { Directory } from './directory.ts';
import type { SimDirectoryInput } from './directory.schemas.ts';

function loaded(input: SimDirectoryInput = sampleDirectory()): Directory {
  const dir = new Directory();
  dir.set(input);
  return dir;
}

describe('Directory', () => {
  it('should list a department and its descendants, siblings by descending order, when asked for a subtree', () => {
    expect(loaded().subtree(1).map((d) => d.id)).toEqual([1, 2, 4, 3, 5]);
    expect(loaded().subtree(2).map((d) => d.id)).toEqual([2, 4, 3]);
  });

  it('should return nothing when the department is unknown', () => {
    expect(loaded().subtree(99)).toEqual([]);
  });

  it('should list only direct members when asked for a department', () => {
    const dir = loaded();
    expect(dir.usersIn(3).map((u) => u.userid)).toEqual(['zhangsan', 'lisi']);
    expect(dir.usersIn(2)).toEqual([]);
    expect(dir.usersIn(5).map((u) => u.userid)).toEqual(['lisi']);
  });

  it('should find a member case-insensitively when looked up by userid', () => {
    expect(loaded().user('ZhangSan')?.name).toBe('张三');
  });

  it('should find the root when the directory is loaded', () => {
    expect(loaded().rootId()).toBe(1);
    expect(new Directory().rootId()).toBeUndefined();
  });

  it.each<[string, (d: SimDirectoryInput) => void]>([
    ['a parent is unknown', (d) => d.departments.push({ id: 9, name: 'x', parentid: 42, order: 1 })],
    ['two roots exist', (d) => d.departments.push({ id: 9, name: 'x', parentid: 0, order: 1 })],
    ['a department id repeats', (d) => d.departments.push({ id: 2, name: 'x', parentid: 1, order: 1 })],
    [
      'departments form a cycle',
      (d) => d.departments.push({ id: 7, name: 'a', parentid: 8, order: 1 }, { id: 8, name: 'b', parentid: 7, order: 1 }),
    ],
    ['a userid repeats ignoring case', (d) => d.users.push({ userid: 'ZHANGSAN', name: 'x', department: [1], main_department: 1, status: 1 })],
    ['a member is in an unknown department', (d) => d.users.push({ userid: 'x', name: 'x', department: [42], main_department: 42, status: 1 })],
    ['main_department is not among the departments', (d) => d.users.push({ userid: 'x', name: 'x', department: [1], main_department: 2, status: 1 })],
    ['a userid has characters WeCom refuses', (d) => d.users.push({ userid: 'bad id', name: 'x', department: [1], main_department: 1, status: 1 })],
  ])('should refuse the whole directory when %s', (_label, spoil) => {
    const input = sampleDirectory();
    spoil(input);
    const dir = loaded();
    expect(() => dir.set(input)).toThrow(ZodError);
    // The previous directory stays in place.
    expect(dir.user('zhangsan')).toBeDefined();
  });
});
