import { describe, expect, it } from 'vitest';
import { FaultInjector, normalizeCgiPath } from './faults.ts';

describe('FaultInjector', () => {
  it('should never fail when no faults are set', () => {
    const faults = new FaultInjector(() => 0);
    expect(faults.decide('gettoken')).toEqual({ latencyMs: 0, errcode: null });
  });

  it('should fail with -1 when failRate is 1 and no errcode is given', () => {
    const faults = new FaultInjector(() => 0.999);
    faults.set({ failRate: 1 });
    expect(faults.decide('user/get').errcode).toBe(-1);
  });

  it('should fail a call only when the random draw falls under failRate', () => {
    let draw = 0.2;
    const faults = new FaultInjector(() => draw);
    faults.set({ failRate: 0.3, errcode: 45009, latencyMs: 20 });
    expect(faults.decide('user/get')).toEqual({ latencyMs: 20, errcode: 45009 });
    draw = 0.5;
    expect(faults.decide('user/get')).toEqual({ latencyMs: 20, errcode: null });
  });

  it('should leave other endpoints alone when faults are limited to paths', () => {
    const faults = new FaultInjector(() => 0);
    faults.set({ failRate: 1, paths: ['/cgi-bin/user/get'] });
    expect(faults.decide('user/get').errcode).toBe(-1);
    expect(faults.decide('gettoken')).toEqual({ latencyMs: 0, errcode: null });
  });

  it('should restore a healthy API when failRate 0 is set', () => {
    const faults = new FaultInjector(() => 0);
    faults.set({ failRate: 1, errcode: 45033, latencyMs: 500 });
    expect(faults.set({ failRate: 0 })).toEqual({ failRate: 0, errcode: -1, latencyMs: 0 });
    expect(faults.decide('gettoken')).toEqual({ latencyMs: 0, errcode: null });
  });

  it.each([
    ['gettoken', 'gettoken'],
    ['/cgi-bin/user/get', 'user/get'],
    ['/sim/cgi-bin/department/list', 'department/list'],
  ])('should name %s as %s when normalising a path', (input, expected) => {
    expect(normalizeCgiPath(input)).toBe(expected);
  });
});
