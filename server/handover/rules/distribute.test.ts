import { describe, expect, it } from 'vitest';
import { distribute, type Movable, type Successor } from './distribute.ts';

const movable = (n: number, exemptEvery = 0): Movable[] =>
  Array.from({ length: n }, (_, i) => ({ customerId: i + 1, exempt: exemptEvery > 0 && (i + 1) % exemptEvery === 0 }));
const people = (...loads: Array<[number, number]>): Successor[] => loads.map(([held, cap], i) => ({ id: 100 + i, name: `接手人${i}`, held, cap }));
const shares = (d: ReturnType<typeof distribute>) => {
  const out = new Map<number, number>();
  for (const to of d.assignments.values()) out.set(to, (out.get(to) ?? 0) + 1);
  return Object.fromEntries(out);
};

describe('distribute', () => {
  it('should even out the load: the least loaded successor gets the next customer', () => {
    const d = distribute(movable(10), people([5, 100], [0, 100], [3, 100]), { overrideCap: false });
    expect(d.overCap).toEqual([]);
    // Final loads 6, 6, 6 from 5, 0, 3.
    expect(shares(d)).toEqual({ 100: 1, 101: 6, 102: 3 });
  });

  it('should give everything to one successor when there is one, within the cap', () => {
    const d = distribute(movable(20), people([0, 20]), { overrideCap: false });
    expect(shares(d)).toEqual({ 100: 20 });
    expect(d.overCap).toEqual([]);
  });

  it('should name who would exceed the cap and by how much when the customers do not fit', () => {
    const d = distribute(movable(10), people([18, 20], [19, 20]), { overrideCap: false });
    expect(d.overCap).toEqual([
      { id: 100, name: '接手人0', held: 18, cap: 20, after: 23 },
      { id: 101, name: '接手人1', held: 19, cap: 20, after: 24 },
    ]);
  });

  it('should place everything anyway with the override, still evenly', () => {
    const d = distribute(movable(10), people([18, 20], [19, 20]), { overrideCap: true });
    expect(d.overCap).toEqual([]);
    expect(d.assignments.size).toBe(10);
  });

  it('should not count exempt customers against the cap', () => {
    const d = distribute(movable(6, 2), people([17, 20]), { overrideCap: false });
    expect(d.overCap).toEqual([]); // 3 counted: 17 + 3 = 20
    expect(distribute(movable(8, 2), people([17, 20]), { overrideCap: false }).overCap).toHaveLength(1);
  });

  it('should assign every customer exactly once, whatever the loads', () => {
    for (const [n, loads] of [[0, [[0, 5]]], [7, [[3, 10], [3, 10]]], [33, [[0, 50], [40, 50], [10, 50], [49, 50]]]] as const) {
      const d = distribute(movable(n), people(...(loads as unknown as Array<[number, number]>)), { overrideCap: false });
      expect([...d.assignments.keys()].sort((a, b) => a - b)).toEqual(movable(n).map((c) => c.customerId));
    }
  });
});
