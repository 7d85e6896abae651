import { describe, expect, it } from 'vitest';
import { departmentTarget, maySetTarget } from './targets.ts';

describe('targets', () => {
  it('should use a department\'s own target when set', () => {
    expect(departmentTarget({ wonAmountFen: 10, paymentsFen: 5 }, [{ wonAmountFen: 100, paymentsFen: 50 }])).toEqual({ target: { wonAmountFen: 10, paymentsFen: 5 }, derived: false });
  });

  it('should sum its people when the department has none', () => {
    expect(departmentTarget(null, [{ wonAmountFen: 100, paymentsFen: 50 }, null, { wonAmountFen: 1, paymentsFen: 2 }]))
      .toEqual({ target: { wonAmountFen: 101, paymentsFen: 52 }, derived: true });
  });

  it('should have no target when nobody has one', () => {
    expect(departmentTarget(null, [null, null])).toEqual({ target: null, derived: false });
  });

  it.each([
    ['admin', '/1/', '/1/3/', true],
    ['manager', '/1/2/', '/1/2/4/', true],
    ['manager', '/1/2/', '/1/2/', true],
    ['manager', '/1/2/', '/1/3/', false],
    ['manager', '/1/2/', '/1/', false],
    ['rep', '/1/2/4/', '/1/2/4/', false],
  ])('should let a %s of %s set a target in %s: %s', (role, departmentPath, target, expected) => {
    expect(maySetTarget({ role, departmentPath }, target)).toBe(expected);
  });
});
