/** Shared test data for the card builders: a realistic context and text meant to break cards. */
import type { CardContext } from './card-context.ts';

/** Thursday 2026-11-26 10:00 in Shanghai. */
export const NOW = new Date('2026-11-26T02:00:00Z');

export const BASE = 'https://crm.example.com';

export const links = {
  customerUrl: (id: string) => `${BASE}/#/pages/customer-detail/index?id=${id}`,
  appUrl: `${BASE}/#/pages/home/index`,
  pageUrl: (path: string) => `${BASE}/#${path}`,
};

export function makeCtx(over: Partial<CardContext> = {}): CardContext {
  return { now: NOW, tz: 'Asia/Shanghai', links, taskId: 'wecrm_rw_1001_1764122400000', ...over };
}

/** Names and texts a real database will eventually hold. */
export const HOSTILE_TEXTS: Record<string, string> = {
  'a 200-character Chinese name': '华为技术有限公司'.repeat(25),
  'a 5000-character Latin name': 'x'.repeat(5000),
  'emoji only': '😀'.repeat(120),
  'ZWJ family emoji': '👨‍👩‍👧'.repeat(60),
  'flags': '🇨🇳'.repeat(50),
  'combining marks': 'e\u0301'.repeat(100),
  'an empty string': '',
  'white space only': ' \n\t\u3000 ',
  'control and bidi characters': 'A\u0000B\u202Ec\r\nD\u2028E',
  'a lone surrogate': 'abc\uD800def',
  'mixed': '上海🏙️“深蓝”科技（集团）有限公司 — Shanghai Deep Blue Technology Group Co., Ltd. 👍🏽'.repeat(4),
};

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Every string anywhere in `value` that is not well-formed UTF-16 (would not survive UTF-8). */
export function malformedStrings(value: unknown, path = '$'): string[] {
  if (typeof value === 'string') return LONE.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => malformedStrings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => malformedStrings(v, `${path}.${k}`));
  return [];
}
