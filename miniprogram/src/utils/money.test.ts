import { describe, expect, it } from 'vitest'
import { MAX_AMOUNT_FEN, fenToYuanInput, formatFen, parseYuanToFen } from './money'

describe('parseYuanToFen', () => {
  it.each([
    ['500', 50_000],
    ['500.5', 50_050],
    ['500.05', 50_005],
    ['0.01', 1],
    ['1280.50', 128_050],
    ['5,000.00', 500_000],
    ['¥ 2,000', 200_000],
    ['  12.3 ', 1_230],
    ['007', 700],
    ['12.', 1_200],
    ['100000000', MAX_AMOUNT_FEN],
    ['100000000.00', MAX_AMOUNT_FEN],
    // floats would make this 1.1500000000000001 * 100 …: string arithmetic keeps it exact
    ['1.15', 115],
    ['4.35', 435]
  ])('should read %s 元 as %i fen when it has at most two decimals', (input, fen) => {
    expect(parseYuanToFen(input)).toEqual({ ok: true, fen })
  })

  it.each([
    ['', '请填写金额'],
    ['   ', '请填写金额'],
    ['0', '金额必须大于 0'],
    ['0.00', '金额必须大于 0'],
    ['-5', '金额必须大于 0'],
    ['1.234', '金额最多两位小数'],
    ['abc', '请输入正确的金额，如 500 或 1280.50'],
    ['1e5', '请输入正确的金额，如 500 或 1280.50'],
    ['.5', '请输入正确的金额，如 500 或 1280.50'],
    ['1.2.3', '请输入正确的金额，如 500 或 1280.50'],
    ['100000000.01', '金额不能超过 ¥100,000,000.00'],
    ['99999999999999999999', '金额不能超过 ¥100,000,000.00']
  ])('should refuse %j with "%s" when it is not a valid amount', (input, error) => {
    expect(parseYuanToFen(input)).toEqual({ ok: false, error })
  })

  it('should round-trip every cent when the amount comes back from the form', () => {
    for (let fen = 1; fen < 100_000; fen += 37) {
      expect(parseYuanToFen(fenToYuanInput(fen))).toEqual({ ok: true, fen })
    }
  })
})

describe('formatFen', () => {
  it.each([
    [500_000, '¥5,000.00'],
    [1, '¥0.01'],
    [0, '¥0.00'],
    [128_050, '¥1,280.50'],
    [99_999, '¥999.99'],
    [MAX_AMOUNT_FEN, '¥100,000,000.00'],
    [123_456_789_012, '¥1,234,567,890.12'],
    [-500, '-¥5.00']
  ])('should write %i fen as %s when shown to people', (fen, text) => {
    expect(formatFen(fen)).toBe(text)
  })

  it('should write a dash when the amount is missing', () => {
    expect(formatFen(Number.NaN)).toBe('—')
  })
})

describe('fenToYuanInput', () => {
  it.each([
    [50_000, '500.00'],
    [128_050, '1280.50'],
    [5, '0.05']
  ])('should prefill %i fen as %s when a request is edited', (fen, text) => {
    expect(fenToYuanInput(fen)).toBe(text)
  })
})
