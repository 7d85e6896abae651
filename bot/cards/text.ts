/**
 * Making user-provided text safe for WeCom card fields: one line, no control characters, and
 * cut to a limit without ever splitting a character. A 200-character customer name must shrink
 * to fit, never make WeCom reject the card.
 */

export const ELLIPSIS = '…';

const encoder = new TextEncoder();
const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' });

// Lone surrogates cannot be encoded as UTF-8 (JSON.stringify escapes them; WeCom's reading of
// the escape is unknown), so they become U+FFFD.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0/C1 controls, line/paragraph separators, bidi overrides and isolates, BOM: they either break
// the one-line layout or let a name reorder the text around it. ZWJ/ZWNJ stay (emoji use them).
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Length as limits are counted: UTF-16 code units (an emoji counts 2 — the stricter reading). */
export function textLength(text: string): number {
  return text.length;
}

/** Size of `text` in UTF-8 bytes. */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** One clean line: controls become spaces, runs of white space collapse, ends are trimmed. */
export function cleanText(text: string | null | undefined): string {
  if (!text) return '';
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
}

/** Cleans `text`, falling back when nothing printable is left (an empty field can fail a card). */
export function cleanOr(text: string | null | undefined, fallback: string): string {
  return cleanText(text) || fallback;
}

/**
 * Cuts `text` so that `measure(result) <= max`, at grapheme-cluster boundaries only (never inside
 * a surrogate pair, a ZWJ emoji or a flag), appending "…" when anything was cut.
 */
function truncateBy(text: string, max: number, measure: (s: string) => number): string {
  if (max <= 0) return '';
  if (measure(text) <= max) return text;
  const budget = max - measure(ELLIPSIS);
  if (budget < 0) return '';
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = measure(segment);
    if (used + size > budget) break;
    kept += segment;
    used += size;
  }
  return kept.trimEnd() + ELLIPSIS;
}

/** Truncates to at most `maxChars` characters (UTF-16 code units), "…" included. */
export function truncateChars(text: string, maxChars: number): string {
  return truncateBy(text, maxChars, textLength);
}

/** Truncates to at most `maxBytes` UTF-8 bytes, "…" (3 bytes) included. */
export function truncateBytes(text: string, maxBytes: number): string {
  return truncateBy(text, maxBytes, utf8Length);
}

/** `cleanText` then `truncateChars`: the usual treatment of a user-provided field. */
export function fitText(text: string | null | undefined, maxChars: number, fallback = ''): string {
  return truncateChars(cleanOr(text, fallback), maxChars);
}

/**
 * Fits a sentence built around one variable part (usually a name) into `maxChars`: the variable
 * part gives way, the fixed wording stays. `render` must place its argument verbatim once.
 * e.g. fitAround('华为技术…', (n) => `${n} 已 153 天未联系`, 36)
 */
export function fitAround(variable: string, render: (part: string) => string, maxChars: number): string {
  const fixed = textLength(render(''));
  const part = truncateChars(variable, Math.max(0, maxChars - fixed));
  // A render longer than the limit on its own still must not overflow.
  return truncateChars(render(part), maxChars);
}
