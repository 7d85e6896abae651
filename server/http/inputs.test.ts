import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  calendarDate, codePointLength, idParam, idValue, INSTANT_MAX, INSTANT_MIN, instant, intIn, isCalendarDate,
  isInstantInRange, jsonFits, optionalText, pageQuery, queryInt, text,
} from './inputs.ts';

/** The messages of a failed parse (or [] when it passed). */
function problems(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

const ENGLISH = /expected|invalid|too (small|big)|received|required/i;

function expectChineseProblem(schema: z.ZodType, value: unknown): void {
  const messages = problems(schema, value);
  expect(messages.length).toBeGreaterThan(0);
  for (const m of messages) {
    expect(m).toMatch(/[\u4e00-\u9fa5]/);
    expect(m).not.toMatch(ENGLISH);
  }
}

describe('text', () => {
  it.each([
    ['plain', 'abc', 'abc'],
    ['trimmed', '  华为  ', '华为'],
    ['astral characters counted as one each', '𠀀😀𝐀', '𠀀😀𝐀'],
    ['exactly max code points of astral characters', '😀'.repeat(5), '😀'.repeat(5)],
    ['emoji sequences with joiners', '👩‍💻', '👩‍💻'],
  ])('should accept %s', (_label, value, expected) => {
    expect(text(5).parse(value)).toBe(expected);
  });

  it.each([
    ['a lone high surrogate', 'ab\uD800'],
    ['a lone low surrogate', '\uDC00ab'],
    ['surrogates in the wrong order', '\uDE00\uD83D'],
    ['NUL', 'a\u0000b'],
    ['a bell', 'a\u0007'],
    ['an escape', '\u001B[31m'],
    ['DEL', 'a\u007F'],
    ['a C1 control', 'a\u0085b'],
    ['a line break in a single-line field', 'a\nb'],
    ['a tab in a single-line field', 'a\tb'],
    ['a carriage return', 'a\rb'],
    ['too many code points', '😀'.repeat(6)],
    ['an empty string', ''],
    ['only spaces', '   '],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
  ])('should refuse %s with a Chinese message', (_label, value) => {
    expectChineseProblem(text(5), value);
  });

  it('should count code points as MariaDB does, not UTF-16 units', () => {
    const value = '😀'.repeat(128); // 256 UTF-16 units
    expect(value.length).toBe(256);
    expect(codePointLength(value)).toBe(128);
    expect(text(128).safeParse(value).success).toBe(true);
    expect(text(128).safeParse(`${value}a`).success).toBe(false);
  });

  it('should allow line breaks and tabs only when multiline, storing \\r\\n as \\n', () => {
    expect(text(20, { multiline: true }).parse('第一行\r\n第二行\n\t缩进')).toBe('第一行\n第二行\n\t缩进');
    expectChineseProblem(text(20, { multiline: true }), 'a\u0000b');
    expectChineseProblem(text(20, { multiline: true }), 'a\u000Bb');
  });

  it('should honour a minimum length in code points', () => {
    expect(problems(text(10, { min: 2 }), '😀')).toEqual(['至少 2 个字符']);
    expect(text(10, { min: 0 }).parse('  ')).toBe('');
  });

  it('should say how long a text may be', () => {
    expect(problems(text(5), 'abcdef')).toEqual(['不能超过 5 个字符']);
    expect(problems(text(5), '')).toEqual(['不能为空']);
  });
});

describe('optionalText', () => {
  it.each([[undefined], [null], [''], ['   ']])('should make %j null', (value) => {
    expect(optionalText(5).parse(value)).toBeNull();
  });

  it('should keep a present value and check it like text', () => {
    expect(optionalText(5).parse(' ab ')).toBe('ab');
    expectChineseProblem(optionalText(5), 'abcdef');
    expectChineseProblem(optionalText(5), 'a\u0000');
    expectChineseProblem(optionalText(5), '\uD800');
  });

  it('should leave the key out when it is absent from an object', () => {
    expect(z.object({ title: optionalText(5) }).parse({})).toEqual({ title: null });
  });
});

describe('calendarDate', () => {
  it.each([['2026-02-28'], ['2024-02-29'], ['2000-02-29'], ['1900-01-01'], ['2100-12-31'], ['1990-12-31']])('should accept %s', (value) => {
    expect(calendarDate().parse(value)).toBe(value);
  });

  it.each([
    ['2026-02-30'], ['2025-02-29'], ['1900-02-29'], ['2026-13-01'], ['2026-00-10'], ['2026-04-31'], ['2026-01-00'],
    ['2026-1-5'], ['26-01-05'], ['2026/01/05'], ['2026-01-05T00:00:00Z'], ['1899-12-31'], ['2101-01-01'], ['0000-01-01'],
    ['9999-12-31'], [''], [20260105],
  ])('should refuse %s with a Chinese message', (value) => {
    expectChineseProblem(calendarDate(), value);
  });

  it('should honour a custom range', () => {
    const birthday = calendarDate({ min: '1920-01-01', max: '2020-12-31' });
    expect(birthday.safeParse('1919-12-31').success).toBe(false);
    expect(birthday.safeParse('2021-01-01').success).toBe(false);
    expect(birthday.parse('1988-08-08')).toBe('1988-08-08');
  });

  it('should know the calendar', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2100-02-29')).toBe(false);
    expect(isCalendarDate('2026-06-31')).toBe(false);
  });
});

describe('instant', () => {
  it.each([
    ['2026-11-26T09:00:00+08:00'],
    ['2026-11-26T01:00:00Z'],
    ['2026-11-26T01:00:00.123Z'],
    ['2000-01-01T00:00:00Z'],
    ['2099-12-31T23:59:59.999Z'],
    ['2100-01-01T07:59:59+08:00'],
    ['2026-11-26'],
    ['2000-01-01'],
    ['2099-12-31'],
  ])('should accept %s', (value) => {
    expect(instant().parse(value)).toBe(value);
  });

  it.each([
    ['year 10000 in UTC', '9999-12-31T23:00:00-05:00'],
    ['the year 9999', '9999-06-01T00:00:00Z'],
    ['the first instant of 2100', '2100-01-01T00:00:00Z'],
    ['before 2000 in UTC', '2000-01-01T07:59:59+08:00'],
    ['1970', '1970-01-01T00:00:00Z'],
    ['a plain date in 2100', '2100-01-01'],
    ['a plain date in 1999', '1999-12-31'],
    ['an impossible day', '2026-02-30T09:00:00+08:00'],
    ['an impossible plain date', '2026-02-30'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['hour 24', '2026-01-01T24:00:00Z'],
    ['no offset', '2026-01-01T09:00:00'],
    ['words', 'tomorrow'],
    ['a timestamp number', 1767225600000],
    ['an empty string', ''],
  ])('should refuse %s with a Chinese message', (_label, value) => {
    expectChineseProblem(instant(), value);
  });

  it('should bound instants to 2000–2100 in UTC', () => {
    expect(isInstantInRange(INSTANT_MIN)).toBe(true);
    expect(isInstantInRange(new Date(INSTANT_MIN.getTime() - 1))).toBe(false);
    expect(isInstantInRange(new Date(INSTANT_MAX.getTime() - 1))).toBe(true);
    expect(isInstantInRange(INSTANT_MAX)).toBe(false);
    expect(isInstantInRange(new Date(Number.NaN))).toBe(false);
  });
});

describe('ids', () => {
  it.each([['1', 1], ['42', 42], ['2147483647', 2147483647]])('should read the path id %s', (value, id) => {
    expect(idParam.parse(value)).toBe(id);
  });

  it.each([
    ['2147483648'], ['4294967295'], ['9999999999'], ['99999999999'], ['0'], ['-1'], ['1.5'], ['1e3'], [' 1'], ['abc'], [''], [7],
  ])('should refuse the path id %j', (value) => {
    expectChineseProblem(idParam, value);
  });

  it.each([['5', 5], [5, 5], [2147483647, 2147483647]])('should read the body id %j', (value, id) => {
    expect(idValue.parse(value)).toBe(id);
  });

  it.each([[2147483648], [2 ** 53], [0], [-3], [1.5], [Number.NaN], ['2147483648'], [true], [null], [[1]]])('should refuse the body id %j', (value) => {
    expectChineseProblem(idValue, value);
  });
});

describe('integers', () => {
  it('should bound intIn and say so in Chinese', () => {
    expect(intIn(1, 10).parse(10)).toBe(10);
    expect(problems(intIn(1, 10), 11)).toEqual(['不能大于 10']);
    expect(problems(intIn(1, 10), 0)).toEqual(['不能小于 1']);
    expect(problems(intIn(1, 10), 1.5)).toEqual(['应为整数']);
    expectChineseProblem(intIn(1, 10), '5');
    expectChineseProblem(intIn(1, 10), null);
  });

  it('should read query integers from strings', () => {
    expect(queryInt(0, 100).parse('42')).toBe(42);
    expect(queryInt(0, 100).parse(42)).toBe(42);
    for (const bad of ['', 'abc', '1.5', '1e2', '101', '-1', '99999999999999999999', ['1', '2']]) expectChineseProblem(queryInt(0, 100), bad);
  });

  it('should page with defaults and zh-CN messages', () => {
    expect(pageQuery.parse({})).toEqual({ page: 1, pageSize: 20 });
    expect(pageQuery.parse({ page: '3', pageSize: '100' })).toEqual({ page: 3, pageSize: 100 });
    expect(problems(pageQuery, { pageSize: '1000' })).toEqual(['不能大于 100']);
    expect(problems(pageQuery, { page: '0' })).toEqual(['不能小于 1']);
    expectChineseProblem(pageQuery, { page: 'abc' });
    expectChineseProblem(pageQuery, { pageSize: '0' });
  });
});

describe('jsonFits', () => {
  it('should measure the JSON encoding in code points', () => {
    expect(jsonFits(['a'], 5)).toBe(true); // ["a"]
    expect(jsonFits(['ab'], 5)).toBe(false);
    expect(jsonFits(['😀'], 5)).toBe(true); // one code point, two UTF-16 units
    expect(jsonFits(['"'], 5)).toBe(false); // ["\""]: the escape counts
  });
});

describe('zod messages', () => {
  it.each([
    ['a missing string', z.object({ a: z.string() }), {}],
    ['a wrong type', z.object({ a: z.number() }), { a: 'x' }],
    ['a small number', z.number().min(1), 0],
    ['a big number', z.number().max(1), 2],
    ['a short string', z.string().min(2), 'a'],
    ['a long string', z.string().max(1), 'ab'],
    ['a long array', z.array(z.number()).max(1), [1, 2]],
    ['an enum', z.enum(['a', 'b']), 'c'],
    ['an unknown key', z.object({}).strict(), { x: 1 }],
    ['a non-integer', z.number().int(), 1.5],
    ['a datetime', z.iso.datetime(), 'x'],
    ['a regex', z.string().regex(/^a$/), 'b'],
    ['a union', z.union([z.string(), z.number()]), true],
    ['a boolean', z.boolean(), 'yes'],
  ])('should answer %s in Chinese', (_label, schema, value) => {
    expectChineseProblem(schema, value);
  });
});
