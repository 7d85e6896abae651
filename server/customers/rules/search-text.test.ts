import { describe, expect, it } from 'vitest';
import {
  matchesSearch, normalizeSearchText, parseSearchQuery, prefixRange, searchDocument, searchRanges, searchTerms,
  SEARCH_TERM_LENGTH, type SearchDocument,
} from './search-text.ts';

/** What a range scan over the terms finds: the terms in [from, to), compared by code point. */
function inRange(term: string, range: { from: string; to: string }): boolean {
  const cmp = (a: string, b: string) => {
    const x = Array.from(a).map((c) => c.codePointAt(0)!);
    const y = Array.from(b).map((c) => c.codePointAt(0)!);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  };
  return cmp(term, range.from) >= 0 && cmp(term, range.to) < 0;
}

describe('normalizeSearchText', () => {
  it.each([
    ['华为 技术', '华为技术'],
    ['ＡＢＣ１２３', 'abc123'],
    ['Huawei Co., Ltd.', 'huaweicoltd'],
    ['恒通\u200B电力', '恒通电力'],
    ['（佛山）恒通', '佛山恒通'],
    ['%_!', ''],
    ['138-0013 8000', '13800138000'],
  ])('should normalise "%s" to "%s"', (input, expected) => {
    expect(normalizeSearchText(input)).toBe(expected);
  });
});

describe('parseSearchQuery', () => {
  it('should answer null when the query has no letter or number', () => {
    expect(parseSearchQuery('%')).toBeNull();
    expect(parseSearchQuery(' - ')).toBeNull();
  });

  it.each([
    ['138 0013', '1380013'],
    ['+86 138 0013 8000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['123', '123'],
  ])('should search phones for "%s" as %s', (q, phone) => {
    expect(parseSearchQuery(q)?.phone).toBe(phone);
  });

  it.each([['12'], ['华为138'], ['abc']])('should not search phones for "%s"', (q) => {
    expect(parseSearchQuery(q)?.phone).toBeNull();
  });
});

describe('prefixRange', () => {
  it('should hold exactly the strings starting with the prefix', () => {
    const r = prefixRange('科技');
    expect(inRange('科技', r)).toBe(true);
    expect(inRange('科技有限公司', r)).toBe(true);
    expect(inRange('科抗', r)).toBe(false);
    expect(inRange('科', r)).toBe(false);
    expect(inRange('科拀', r)).toBe(false); // U+62C0, the successor of 技 (U+6280)... and beyond
  });
});

describe('search index terms', () => {
  const doc = searchDocument('杭州阿尔法科技有限公司', [{ name: '周总', phoneKey: '13911112222' }, { name: 'Mary Li', phoneKey: null }]);

  it('should store the normalised name and contact names, and the phone digits', () => {
    expect(doc).toEqual({ text: '杭州阿尔法科技有限公司|周总|maryli', phones: '13911112222' });
  });

  it('should find every substring of every part through a range scan of the terms', () => {
    const terms = searchTerms(doc);
    for (const q of ['阿尔法', '科', '公司', '周总', '总', 'maryl', 'li', '1391111', '2222', '杭州阿尔法科技有限公司']) {
      const query = parseSearchQuery(q)!;
      const { ranges, exact } = searchRanges(query);
      expect(matchesSearch(doc, query)).toBe(true);
      expect(terms.some((t) => ranges.some((r) => inRange(t, r)))).toBe(true);
      expect(exact).toBe(Array.from(query.text).length <= SEARCH_TERM_LENGTH);
    }
  });

  it('should not let a match span two parts or digits of a name answer a phone range', () => {
    const terms = searchTerms(doc);
    for (const q of ['公司周', '总mary']) {
      const query = parseSearchQuery(q)!;
      expect(matchesSearch(doc, query)).toBe(false);
      expect(terms.some((t) => searchRanges(query).ranges.some((r) => inRange(t, r)))).toBe(false);
    }
  });

  /** Random documents over a tiny alphabet, so that matches and near misses are frequent. */
  it('should agree with the brute-force definition on random documents (exact ranges, candidates for long queries)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = (s: string, n: number) => Array.from({ length: n }, () => Array.from(s)[Math.floor(rand() * Array.from(s).length)]).join('');
    const docs: SearchDocument[] = [];
    for (let i = 0; i < 300; i++) {
      docs.push(searchDocument(pick('科技公司恒通a1𠀀', 3 + Math.floor(rand() * 14)), Array.from({ length: Math.floor(rand() * 3) }, () => ({
        name: pick('王李科', 2 + Math.floor(rand() * 2)), phoneKey: rand() < 0.7 ? pick('0123', 5 + Math.floor(rand() * 8)) : null,
      }))));
    }
    const termsOf = docs.map((d) => searchTerms(d));
    for (let k = 0; k < 250; k++) {
      const q = rand() < 0.3 ? pick('0123', 1 + Math.floor(rand() * 14)) : pick('科技公司恒通a1𠀀王李', 1 + Math.floor(rand() * 15));
      const query = parseSearchQuery(q)!;
      const { ranges, exact } = searchRanges(query);
      docs.forEach((d, i) => {
        const hit = termsOf[i]!.some((t) => ranges.some((r) => inRange(t, r)));
        const match = matchesSearch(d, query);
        if (exact) expect(hit).toBe(match);
        else if (match) expect(hit).toBe(true); // candidates are a superset
      });
    }
  });
});
