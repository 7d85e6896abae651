// Money is integer fen everywhere on the wire (API.md); people read and type 元. These helpers do
// the conversion with string and integer arithmetic only: 0.1 + 0.2 never reaches an amount.

/** The largest amount one request may carry: 100,000,000 元 (the server refuses more). */
export const MAX_AMOUNT_FEN = 100_000_000 * 100

export type ParsedAmount = { ok: true; fen: number } | { ok: false; error: string }

const YUAN_PATTERN = /^(\d+)(?:\.(\d{0,2}))?$/

/**
 * "5000", "5,000.5", "¥ 12.34" → fen. At most two decimals, greater than zero, at most 1 亿元.
 * Separators, spaces and a leading ¥ are forgiven because people paste amounts from receipts.
 */
export function parseYuanToFen(input: string): ParsedAmount {
  const text = input.trim().replace(/^[¥￥]/, '').replace(/[,，\s]/g, '')
  if (!text) return { ok: false, error: '请填写金额' }
  if (text.startsWith('-')) return { ok: false, error: '金额必须大于 0' }
  const match = YUAN_PATTERN.exec(text)
  if (!match) {
    return /^\d+\.\d{3,}$/.test(text) ? { ok: false, error: '金额最多两位小数' } : { ok: false, error: '请输入正确的金额，如 500 或 1280.50' }
  }
  const [, whole, decimals = ''] = match
  // Beyond 12 digits of 元 it is over the limit anyway; checking the length first keeps the sum exact.
  if (whole.replace(/^0+/, '').length > 12) return { ok: false, error: tooLarge() }
  const fen = Number(whole) * 100 + Number(decimals.padEnd(2, '0'))
  if (fen <= 0) return { ok: false, error: '金额必须大于 0' }
  if (fen > MAX_AMOUNT_FEN) return { ok: false, error: tooLarge() }
  return { ok: true, fen }
}

function tooLarge(): string {
  return `金额不能超过 ${formatFen(MAX_AMOUNT_FEN)}`
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** 500000 → "¥5,000.00"; a negative amount reads "-¥5.00". */
export function formatFen(fen: number): string {
  if (!Number.isFinite(fen)) return '—'
  const n = Math.round(fen)
  const abs = Math.abs(n)
  const yuan = groupThousands(String(Math.floor(abs / 100)))
  const cents = String(abs % 100).padStart(2, '0')
  return `${n < 0 ? '-' : ''}¥${yuan}.${cents}`
}

/** 128050 → "1280.50": the amount as the 元 field of a form shows it when editing. */
export function fenToYuanInput(fen: number): string {
  const abs = Math.abs(Math.round(fen))
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}
