/** Amounts are integer fen; a request is 1 fen … 100,000,000 元. */
export const MIN_AMOUNT_FEN = 1;
export const MAX_AMOUNT_FEN = 10_000_000_000;

/** "¥5,000.00": yuan with thousands separators and two decimals, from integer fen. */
export function formatFen(fen: number): string {
  const negative = fen < 0;
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(abs % 100).padStart(2, '0');
  return `${negative ? '-' : ''}¥${yuan}.${cents}`;
}
