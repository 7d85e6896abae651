/**
 * Contract money: integer fen only, never floats. Discounts are basis points (1 bp = 0.01%).
 */
export const MAX_CONTRACT_FEN = 100_000_000_000; // 10 亿元: far inside 2^53 and BIGINT
export const MAX_DISCOUNT_BP = 10_000;

export const sumFen = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/**
 * "12.5" (percent, at most two decimals) → 1250 bp; null when not representable exactly.
 * The decimal string is split, never multiplied as a float.
 */
export function percentToBp(pct: number): number | null {
  if (!Number.isFinite(pct) || pct < 0 || pct > 100) return null;
  const text = String(pct);
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 1250 → 12.5 (for the API's discountPct). */
export function bpToPercent(bp: number): number {
  return Number(`${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`);
}

/** Integer percent of progress, floored (0 when there is no target). */
export function progressPercent(actualFen: number, targetFen: number): number | null {
  if (targetFen <= 0) return null;
  return Math.floor((actualFen * 100) / targetFen);
}
