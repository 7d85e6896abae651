import { describe, expect, it } from 'vitest';
import { AMBIGUOUS_SHORT_FORMS, PREFECTURE_WORDS, PROVINCE_WORDS, PROVINCIAL_DIVISIONS } from './region-names.ts';

describe('region names', () => {
  const prefectures = PROVINCIAL_DIVISIONS.flatMap((p) => p.prefectures);

  it('should list all 34 provincial-level divisions when counted', () => {
    expect(PROVINCIAL_DIVISIONS).toHaveLength(34);
    expect(new Set(PROVINCIAL_DIVISIONS.map((p) => p.forms[0])).size).toBe(34);
  });

  it('should list all 333 prefecture-level divisions when counted', () => {
    expect(prefectures).toHaveLength(333);
    expect(new Set(prefectures.map((p) => p[0])).size).toBe(333);
    const byKind = (suffix: string) => prefectures.filter((p) => p.some((form) => form.endsWith(suffix) && form !== p[0])).length;
    expect(byKind('自治州')).toBe(30);
    expect(byKind('地区')).toBe(7);
    expect(byKind('盟')).toBe(3);
    expect(prefectures.length - byKind('自治州') - byKind('地区') - byKind('盟')).toBe(293);
  });

  it.each([
    ['广西', '广西壮族自治区'], ['内蒙古', '内蒙古自治区'], ['香港', '香港特别行政区'], ['澳门', '澳门特别行政区'],
    ['新疆', '新疆维吾尔自治区'], ['宁夏', '宁夏回族自治区'], ['西藏', '西藏自治区'], ['广东', '广东省'], ['北京', '北京市'],
  ])('should know %s also as %s', (short, full) => {
    expect(PROVINCIAL_DIVISIONS.find((p) => p.forms[0] === short)?.forms).toContain(full);
  });

  it.each([
    ['佛山', '佛山市'], ['延边', '延边朝鲜族自治州'], ['延边', '延边州'], ['大兴安岭', '大兴安岭地区'], ['阿拉善', '阿拉善盟'],
    ['西双版纳', '西双版纳傣族自治州'], ['巴音郭楞', '巴州'], ['儋州', '儋州市'],
  ])('should know the prefecture %s also as %s', (short, full) => {
    expect(prefectures.find((p) => p[0] === short)).toContain(full);
  });

  it('should give every short form at least two characters and begin every full form with it', () => {
    for (const forms of [...PROVINCIAL_DIVISIONS.map((p) => p.forms), ...prefectures]) {
      expect(forms[0].length).toBeGreaterThanOrEqual(2);
      for (const form of forms.slice(1)) {
        if (form.length > 2) expect(form.startsWith(forms[0]) || form.endsWith('州')).toBe(true);
      }
    }
  });

  it('should sort the word lists longest first for longest-match', () => {
    for (const words of [PROVINCE_WORDS, PREFECTURE_WORDS]) {
      for (let i = 1; i < words.length; i++) expect(words[i - 1]!.length).toBeGreaterThanOrEqual(words[i]!.length);
      expect(new Set(words).size).toBe(words.length);
    }
  });

  it('should only mark listed short forms as ambiguous', () => {
    const shorts = new Set(prefectures.map((p) => p[0]));
    for (const word of AMBIGUOUS_SHORT_FORMS) expect(shorts.has(word)).toBe(true);
  });
});
