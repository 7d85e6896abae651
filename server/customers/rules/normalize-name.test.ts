import { describe, expect, it } from 'vitest';
import { customerNameKey, phoneKey } from './normalize-name.ts';

describe('customerNameKey', () => {
  it.each([
    ['华为技术有限公司', '华为技术'],
    ['华为技术', '华为技术'],
    [' 华为 技术 有限责任公司 ', '华为技术'],
    ['华为技术股份有限公司', '华为技术'],
    ['华为技术　有限公司', '华为技术'], // ideographic space
    ['ＡＢＣ科技有限公司', 'abc科技'], // full-width letters
    ['abc科技', 'abc科技'],
    ['ABC 科技', 'abc科技'],
    ['Acme Co., Ltd.', 'acme'],
    ['ACME Inc', 'acme'],
    ['腾讯科技（深圳）有限公司', '腾讯科技(深圳)'],
    ['腾讯科技(深圳)有限公司', '腾讯科技(深圳)'],
  ])('should map "%s" to "%s" when normalising', (input, key) => {
    expect(customerNameKey(input)).toBe(key);
  });

  it('should never strip a name down to nothing when it is only suffixes', () => {
    expect(customerNameKey('有限公司')).not.toBe('');
    expect(customerNameKey('Co., Ltd.')).not.toBe('');
  });

  it('should keep different companies apart when only the suffix matches', () => {
    expect(customerNameKey('华为技术有限公司')).not.toBe(customerNameKey('华为终端有限公司'));
  });
});

describe('phoneKey', () => {
  it.each([
    ['138 0013 8000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['010-8888 6666', '01088886666'],
  ])('should map "%s" to "%s"', (input, key) => {
    expect(phoneKey(input)).toBe(key);
  });

  it('should return null when there are too few digits to be a phone', () => {
    expect(phoneKey('')).toBeNull();
    expect(phoneKey(null)).toBeNull();
    expect(phoneKey('12-3')).toBeNull();
  });
});
