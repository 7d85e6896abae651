import { describe, expect, it } from 'vitest';
import { malformedStrings } from './cards.fixtures.ts';
import { cleanText, ELLIPSIS, fitAround, fitText, textLength, truncateBytes, truncateChars, utf8Length } from './text.ts';

describe('truncateChars', () => {
  it('should leave text alone when it fits exactly', () => {
    expect(truncateChars('华为技术', 4)).toBe('华为技术');
  });

  it('should cut to the limit including the ellipsis when text is too long', () => {
    const out = truncateChars('华'.repeat(200), 36);
    expect(out).toBe('华'.repeat(35) + ELLIPSIS);
    expect(textLength(out)).toBe(36);
  });

  it('should never split a surrogate pair when emoji straddle the limit', () => {
    // Each 😀 is 2 UTF-16 units: 4 of them (8) + "…" (1) = 9 ≤ 10; a 5th would make 11.
    const out = truncateChars('😀'.repeat(30), 10);
    expect(out).toBe('😀'.repeat(4) + ELLIPSIS);
    expect(malformedStrings(out)).toEqual([]);
  });

  it('should keep ZWJ sequences and flags whole when cutting', () => {
    expect(truncateChars('👨‍👩‍👧'.repeat(5), 12)).toBe('👨‍👩‍👧' + ELLIPSIS);
    expect(truncateChars('🇨🇳🇯🇵🇺🇸', 7)).toBe('🇨🇳' + ELLIPSIS);
  });

  it('should keep a letter with its combining mark when cutting', () => {
    expect(truncateChars('e\u0301'.repeat(10), 6)).toBe('e\u0301'.repeat(2) + ELLIPSIS);
  });

  it('should return only the ellipsis when the first character alone does not fit', () => {
    expect(truncateChars('👨‍👩‍👧abc', 4)).toBe(ELLIPSIS);
  });

  it('should return an empty string when the limit is zero', () => {
    expect(truncateChars('abc', 0)).toBe('');
  });
});

describe('truncateBytes', () => {
  it('should count UTF-8 bytes when text is Chinese', () => {
    // 3 bytes per 汉字; 9 of them (27) + "…" (3) = 30.
    const out = truncateBytes('汉'.repeat(20), 30);
    expect(out).toBe('汉'.repeat(9) + ELLIPSIS);
    expect(utf8Length(out)).toBe(30);
  });

  it('should never split a 4-byte emoji when it straddles the limit', () => {
    // 😀 is 4 bytes: 2 of them (8) + "…" (3) = 11 ≤ 12; a third would make 15.
    const out = truncateBytes('😀'.repeat(10), 12);
    expect(out).toBe('😀😀' + ELLIPSIS);
    expect(malformedStrings(out)).toEqual([]);
  });

  it('should leave text alone when its bytes fit exactly', () => {
    expect(truncateBytes('a汉😀', 8)).toBe('a汉😀');
  });

  it('should return an empty string when not even the ellipsis fits', () => {
    expect(truncateBytes('汉字', 2)).toBe('');
  });
});

describe('cleanText', () => {
  it('should make one trimmed line when text has newlines, tabs and repeated spaces', () => {
    expect(cleanText('  第一行\n\n第二行\t 结束  ')).toBe('第一行 第二行 结束');
  });

  it('should drop control and bidi-override characters when they are embedded', () => {
    expect(cleanText('A\u0000B\u202Ec\u2028D\uFEFF')).toBe('A B c D');
  });

  it('should replace lone surrogates when text is malformed', () => {
    expect(cleanText('a\uD800b')).toBe('a\uFFFDb');
    expect(cleanText('a\uDC00')).toBe('a\uFFFD');
  });

  it('should return an empty string when given null or only white space', () => {
    expect(cleanText(null)).toBe('');
    expect(cleanText(' \u3000\n ')).toBe('');
  });
});

describe('fitText and fitAround', () => {
  it('should use the fallback when the cleaned text is empty', () => {
    expect(fitText('  ', 10, '未命名客户')).toBe('未命名客户');
  });

  it('should shorten only the variable part when a sentence is too long', () => {
    const out = fitAround('华'.repeat(100), (n) => `${n} 已 153 天未联系`, 36);
    expect(out.endsWith('… 已 153 天未联系')).toBe(true);
    expect(textLength(out)).toBe(36);
  });

  it('should keep the whole sentence when it fits', () => {
    expect(fitAround('华为技术', (n) => `${n} 已 153 天未联系`, 36)).toBe('华为技术 已 153 天未联系');
  });
});
