import { describe, expect, it } from 'vitest';
import { batchesByOwner } from './reclaim-sweep.ts';

const due = (pairs: Array<[number, number]>) => pairs.map(([id, ownerId]) => ({ id, ownerId, poolId: 1 }));

describe('batchesByOwner', () => {
  it('should never split one owner across batches, whatever the batch size', () => {
    const rows = due(Array.from({ length: 200 }, (_, i) => [i + 1, (i * 7919) % 13] as [number, number]));
    for (const size of [1, 3, 10, 50, 500]) {
      const batches = batchesByOwner(rows, size);
      expect(batches.flat().map((d) => d.id).sort((a, b) => a - b)).toEqual(rows.map((d) => d.id));
      const batchOf = new Map<number, number>();
      batches.forEach((b, i) => b.forEach((d) => {
        expect(batchOf.get(d.ownerId) ?? i).toBe(i);
        batchOf.set(d.ownerId, i);
      }));
      // Every batch but the last reaches the size; none goes beyond it by more than one owner's customers.
      for (const b of batches.slice(0, -1)) expect(b.length).toBeGreaterThanOrEqual(size);
    }
  });

  it('should keep an owner with more customers than the batch size in one batch of its own', () => {
    const batches = batchesByOwner(due([[1, 5], [2, 5], [3, 5], [4, 6], [5, 7]]), 2);
    expect(batches.map((b) => b.map((d) => d.id))).toEqual([[1, 2, 3], [4, 5]]);
  });

  it('should return no batch when nothing is due', () => {
    expect(batchesByOwner([], 100)).toEqual([]);
  });
});
