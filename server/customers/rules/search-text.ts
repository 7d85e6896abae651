/**
 * What customer search matches, as pure functions: the SQL plans (customer-list.query.ts) and
 * the index they read (customer-search.index.ts) must return exactly what `matchesSearch`
 * says, and the tests hold them to it.
 *
 * A query matches a customer when its normalised text is a substring of the normalised
 * customer name or of a normalised contact name, or — for a query of digits only, at least
 * three — a substring of a contact's phone key. Normalised = NFKC, lower case, letters and
 * numbers only, so "华为 技术", "華為" typed with full-width spaces or "ＡＢＣ" find what a
 * person means. A query with no letter or number matches nothing.
 *
 * The index holds every suffix of every normalised text (cut to SEARCH_TERM_LENGTH code
 * points): a substring of a text is a prefix of one of its suffixes, so one range scan over
 * the suffixes starting with the query finds exactly its occurrences — for one character as
 * for twelve. Longer queries use their first twelve characters to find candidates and the
 * normalised columns to verify them.
 */

/** Code points kept per indexed suffix (the term column is VARCHAR of this length). */
export const SEARCH_TERM_LENGTH = 12;
/** Phone suffixes are kept from this many digits on: shorter digit queries do not search phones. */
export const MIN_PHONE_QUERY_DIGITS = 3;
/** Marks phone terms, so digits of a phone never answer a text range (never in normalised text). */
export const PHONE_TERM_MARK = '#';
/** Joins the parts of a document; never in normalised text, so no match spans two parts. */
export const PART_SEPARATOR = '|';
/** Longest normalised part kept (compatibility characters expand under NFKC). */
const MAX_PART_LENGTH = 256;

export function normalizeSearchText(text: string): string {
  const normalized = text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return truncateCodePoints(normalized, MAX_PART_LENGTH);
}

/** The searchable content of one customer, as stored in customers.search_text / search_phones. */
export interface SearchDocument {
  /** Normalised name, then normalised contact names, joined by PART_SEPARATOR. */
  text: string;
  /** Digits of the contacts' phone keys, joined by PART_SEPARATOR. */
  phones: string;
}

export function searchDocument(name: string, contacts: ReadonlyArray<{ name: string; phoneKey: string | null }>): SearchDocument {
  const parts = [name, ...contacts.map((c) => c.name)].map(normalizeSearchText).filter(Boolean);
  const phones = contacts.map((c) => (c.phoneKey ?? '').replace(/\D+/g, '')).filter((p) => p.length >= MIN_PHONE_QUERY_DIGITS);
  return { text: [...new Set(parts)].join(PART_SEPARATOR), phones: [...new Set(phones)].join(PART_SEPARATOR) };
}

/** The index terms of a document: every suffix of every text part, and of every phone (marked). */
export function searchTerms(doc: SearchDocument): string[] {
  const terms = new Set<string>();
  for (const part of splitParts(doc.text)) {
    const cps = Array.from(part);
    for (let i = 0; i < cps.length; i++) terms.add(cps.slice(i, i + SEARCH_TERM_LENGTH).join(''));
  }
  for (const phone of splitParts(doc.phones)) {
    for (let i = 0; i + MIN_PHONE_QUERY_DIGITS <= phone.length; i++) {
      terms.add(PHONE_TERM_MARK + phone.slice(i, i + SEARCH_TERM_LENGTH - 1));
    }
  }
  return [...terms];
}

export interface SearchQuery {
  /** Normalised text (non-empty). */
  text: string;
  /** Digits to find in phone keys, or null when the query is not a phone number. */
  phone: string | null;
}

/** Parses what a person typed; null when it cannot match anything (no letter or number). */
export function parseSearchQuery(q: string): SearchQuery | null {
  const text = normalizeSearchText(q);
  if (!text) return null;
  let phone: string | null = /^\d+$/.test(text) ? text : null;
  // "+86 138…" and "0086 138…" find the mobile number stored without the country code.
  if (phone?.startsWith('0086') && phone.length > 4) phone = phone.slice(4);
  else if (phone?.startsWith('86') && phone.length === 13) phone = phone.slice(2);
  if (phone && phone.length < MIN_PHONE_QUERY_DIGITS) phone = null;
  return { text, phone };
}

/** The brute-force definition every plan is tested against. */
export function matchesSearch(doc: SearchDocument, query: SearchQuery): boolean {
  if (doc.text.includes(query.text)) return true;
  return query.phone !== null && splitParts(doc.phones).some((p) => p.includes(query.phone!));
}

/** A half-open range of index terms [from, to). */
export interface TermRange {
  from: string;
  to: string;
}

/**
 * The term ranges holding the query's occurrences, and whether those are exact (the query
 * fits in a term) or candidates to verify against the stored document.
 */
export function searchRanges(query: SearchQuery): { ranges: TermRange[]; exact: boolean } {
  const text = truncateCodePoints(query.text, SEARCH_TERM_LENGTH);
  const ranges = [prefixRange(text)];
  let exact = text.length === query.text.length;
  if (query.phone !== null) {
    const digits = query.phone.slice(0, SEARCH_TERM_LENGTH - 1);
    ranges.push(prefixRange(PHONE_TERM_MARK + digits));
    exact &&= digits.length === query.phone.length;
  }
  return { ranges, exact };
}

/** All strings starting with `prefix`, in code point order (binary collation): [prefix, successor). */
export function prefixRange(prefix: string): TermRange {
  const cps = Array.from(prefix);
  const last = cps.pop()!.codePointAt(0)!;
  // Normalised text holds letters and numbers only, so last + 1 is never past U+10FFFF;
  // skip the surrogate block, which no string can contain.
  const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
  return { from: prefix, to: cps.join('') + String.fromCodePoint(next) };
}

function splitParts(joined: string): string[] {
  return joined ? joined.split(PART_SEPARATOR) : [];
}

function truncateCodePoints(text: string, max: number): string {
  if (text.length <= max) return text; // UTF-16 length bounds the code point count
  return Array.from(text).slice(0, max).join('');
}
