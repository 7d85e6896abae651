import { describe, expect, it } from 'vitest';
import { formatFen } from './money.ts';

describe('formatFen', () => {
  it.each([
    [1, '¥0.01'], [50_000, '¥500.00'], [500_000, '¥5,000.00'], [123_456_789, '¥1,234,567.89'], [10_000_000_000, '¥100,000,000.00'],
  ])('should show %i fen as %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });
});
