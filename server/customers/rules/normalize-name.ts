import { AMBIGUOUS_SHORT_FORMS, BRACKET_ONLY_REGION_WORDS, PREFECTURE_WORDS, PROVINCE_WORDS } from './region-names.ts';

/**
 * The duplicate-check key of a company name (防撞单): two names with the same key are the
 * same company. Reps type one company in many shapes — full-width letters, invisible characters
 * pasted from chats, look-alike letters, any dash or space, any bracket, with or without the
 * region ("佛山恒通…", "恒通…（佛山）…", "…佛山分公司") and with or without the legal form — so
 * the key folds all of those away:
 *
 * 1. Unicode NFKC and lower case, accents removed; every format and default-ignorable character
 *    removed (zero-width space and joiners, word joiner, soft hyphen, bidi controls, BOM,
 *    variation selectors, Hangul fillers …); Cyrillic and Greek letters that look like Latin
 *    ones made Latin.
 * 2. Brackets of every kind: a group holding only a region or a legal form is dropped
 *    ("（佛山）", "（集团）", "(China)"), any other loses its brackets and keeps its words.
 * 3. Everything but letters and numbers goes: spaces, dashes, punctuation, symbols.
 * 4. Legal forms are stripped from the end, repeatedly ("…集团有限公司", "… Co., Ltd."), and a
 *    region word next to one ("…佛山有限公司", "…有限公司佛山分公司"); then a region prefix,
 *    province → city → district ("广东省佛山市南海区…").
 *
 * A region is stripped only when at least three characters remain, so "大同证券", "青岛啤酒",
 * "北京银行" keep their region and never become "证券", "啤酒", "银行".
 */
export const NAME_KEY_MAX_LENGTH = 128;

export const nameKeyMessages = {
  empty: '客户名称需包含文字或数字',
  tooLong: `客户名称过长：规范化后超过 ${NAME_KEY_MAX_LENGTH} 个字符（部分特殊符号会展开为多个字符），请改用常规文字`,
} as const;

/** What remains of a name after a region is stripped must be at least this long to stay distinctive. */
const MIN_DISTINCTIVE_LENGTH = 3;

const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * Lower-case Cyrillic and Greek letters whose (upper- or lower-case) glyph is a Latin letter's:
 * "Асme" typed with a Cyrillic А must not be a second "Acme".
 */
const LOOKALIKES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', һ: 'h', н: 'h', і: 'i', ј: 'j', к: 'k', ӏ: 'l', м: 'm', о: 'o', р: 'p',
  ԛ: 'q', с: 'c', ѕ: 's', т: 't', у: 'y', ү: 'y', х: 'x', ԁ: 'd', ԝ: 'w',
  // Greek
  α: 'a', β: 'b', ε: 'e', η: 'h', ι: 'i', ϳ: 'j', κ: 'k', μ: 'm', ν: 'n', ο: 'o', ρ: 'p', ϲ: 'c',
  τ: 't', υ: 'y', γ: 'y', χ: 'x', ω: 'w', ζ: 'z',
  // Latin letters outside ASCII that neither NFKC nor removing marks makes ASCII
  ı: 'i', ɑ: 'a', ɡ: 'g', ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', ħ: 'h', ŧ: 't',
};
const LOOKALIKE = new RegExp(`[${Object.keys(LOOKALIKES).join('')}]`, 'gu');

/** Chinese legal forms, longest first; "集团" and "股份" alone are legal forms too ("恒通集团"). */
const LEGAL_SUFFIXES = [
  '集团股份有限公司', '集团有限公司', '股份有限公司', '有限责任公司', '个人独资企业', '特殊普通合伙',
  '有限公司', '集团公司', '股份公司', '合伙企业', '有限合伙', '普通合伙', '独资企业',
  '分公司', '总公司', '办事处', '代表处', '公司', '集团', '股份',
].sort((a, b) => b.length - a.length);

/** English legal forms, matched as whole words at the end ("Acme Co., Ltd."), never inside one ("Tesco"). */
const LEGAL_WORDS: ReadonlySet<string> = new Set([
  'co', 'ltd', 'coltd', 'colimited', 'limited', 'inc', 'incorporated', 'corp', 'corporation', 'company',
  'llc', 'llp', 'lp', 'plc', 'group', 'gmbh', 'ag', 'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'kk', 'pte', 'pty',
]);

/**
 * Words: runs of Han letters, or runs of other letters and numbers (so "华为Co" is two words).
 * Everything that is not a letter or a number (\p{L}\p{N}) separates words and is dropped.
 */
const WORD = /(?:(?=\p{Script=Han})[\p{L}\p{N}])+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;
const HAN = /^\p{Script=Han}$/u;
const DOTTED_ABBREVIATION = /(?<![\p{L}\p{N}])(?:[a-z]\.)+[a-z](?![\p{L}\p{N}])\.?/gu;
const DISTRICT_ENDINGS = '区县旗市';
/** A region's last character that starts an everyday word instead: "广州市场营销" is 广州 + 市场营销. */
const FALSE_ENDINGS: ReadonlySet<string> = new Set(['市场', '区块']);

export function customerNameKey(name: string): string {
  const folded = name
    .replace(INVISIBLE, '')
    .normalize('NFKC') // full-width ＡＢＣ１２３（）, circled and mathematical letters, ligatures
    .toLowerCase()
    // Accents and other marks go: "Café" is "Cafe", as MariaDB's utf8mb4_unicode_ci compares them.
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(LOOKALIKE, (c) => LOOKALIKES[c]!);
  // A name that is only a bracketed region or legal form ("（佛山）") keeps it: it is all there is.
  const unbracketed = unbracket(folded);
  const text = unbracketed.match(WORD) ? unbracketed : folded;
  // "S.A.", "B.V.", "S.p.A." are one word each.
  const words = text.replace(DOTTED_ABBREVIATION, (abbr) => abbr.replaceAll('.', '')).match(WORD) ?? [];
  // English legal forms go word by word, before the words are joined; never the last word.
  while (words.length > 1 && LEGAL_WORDS.has(words[words.length - 1]!)) words.pop();
  return stripRegionPrefix(stripLegalSuffixes(words.join('')));
}

/** Why a name cannot be a customer's name (its key is empty or outgrows the column), or null. */
export function nameKeyProblem(name: string): string | null {
  const key = customerNameKey(name);
  if (!key) return nameKeyMessages.empty;
  if (codePoints(key) > NAME_KEY_MAX_LENGTH) return nameKeyMessages.tooLong;
  return null;
}

export { phoneKey } from './phone.ts';

/** Every bracket kind becomes ( ); innermost groups first, so "（（佛山））" and "(恒通(中国))" work. */
function unbracket(text: string): string {
  let out = text.replace(/\p{Ps}/gu, '(').replace(/\p{Pe}/gu, ')');
  for (let before = ''; before !== out; ) {
    before = out;
    out = out.replace(/\(([^()]*)\)/g, (_group, inner: string) => (isDroppableGroup(inner) ? ' ' : ` ${inner} `));
  }
  return out.replace(/[()]/g, ' ');
}

/** A bracketed group that says only where or what legal form the company is: "（佛山市南海区）", "（集团）". */
function isDroppableGroup(inner: string): boolean {
  const words = inner.match(WORD) ?? [];
  if (!words.length) return true;
  const joined = words.join('');
  if (BRACKET_ONLY_REGION_WORDS.has(joined)) return true;
  if (words.every((w) => LEGAL_WORDS.has(w) || stripLegalSuffixes(w, { allowEmpty: true }) === '')) return true;
  // "中国·深圳", "中国深圳": the country, then a region.
  const country = [...BRACKET_ONLY_REGION_WORDS].find((c) => joined.startsWith(c) && joined.length > c.length);
  const region = country ? joined.slice(country.length) : joined;
  return regionChainEnds(region, 0, { position: 'bracket' }).includes(region.length);
}

/**
 * Legal forms off the end, repeatedly, and with them a region word right before or after one:
 * "恒通电力工程佛山有限公司", "恒通电力工程有限公司佛山分公司" → "恒通电力工程".
 */
function stripLegalSuffixes(key: string, opts: { allowEmpty?: boolean } = {}): string {
  let justStrippedLegal = false;
  for (let changed = true; changed; ) {
    changed = false;
    const suffix = LEGAL_SUFFIXES.find((s) => key.endsWith(s) && (opts.allowEmpty || key.length > s.length));
    if (suffix) {
      key = key.slice(0, -suffix.length);
      justStrippedLegal = changed = true;
      continue;
    }
    if (justStrippedLegal && !opts.allowEmpty) {
      const start = trailingRegionStart(key);
      if (start !== null) {
        key = key.slice(0, start);
        changed = true;
      }
      justStrippedLegal = false;
    }
  }
  return key;
}

/** Where the longest region chain that ends the key starts, keeping a distinctive rest; or null. */
function trailingRegionStart(key: string): number | null {
  for (let start = 1; start < key.length; start++) {
    if (codePoints(key.slice(0, start)) < MIN_DISTINCTIVE_LENGTH) continue;
    if (regionChainEnds(key, start, { position: 'trailing' }).includes(key.length)) return start;
  }
  return null;
}

/** "广东省佛山市南海区恒通…" → "恒通…": the longest region chain that leaves a distinctive rest. */
function stripRegionPrefix(key: string): string {
  const ends = regionChainEnds(key, 0, { position: 'prefix' });
  for (let i = ends.length - 1; i >= 0; i--) {
    const rest = key.slice(ends[i]);
    if (codePoints(rest) >= MIN_DISTINCTIVE_LENGTH) return rest;
  }
  return key;
}

type ChainPosition = 'prefix' | 'trailing' | 'bracket';

/**
 * The ends (ascending) of every region chain starting at `start`: a province, then a city, then a
 * district, each optional, at least one of province or city (a district alone only in brackets).
 * A short form that is also an everyday word ("白银", "大理") does not open a name's prefix.
 */
function regionChainEnds(text: string, start: number, { position }: { position: ChainPosition }): number[] {
  const clean = (ends: number[]) => ends.filter((end) => !FALSE_ENDINGS.has(text.slice(end - 1, end + 1)));
  const provinceEnds = clean(wordEndsAt(PROVINCE_INDEX, text, start));
  const cityEnds = clean([start, ...provinceEnds].flatMap((from) =>
    wordEndsAt(PREFECTURE_INDEX, text, from, (word) => !(position === 'prefix' && from === start && AMBIGUOUS_SHORT_FORMS.has(word)))));
  const districtStarts = [...provinceEnds, ...cityEnds, ...(position === 'bracket' ? [start] : [])];
  const districtEnds = clean(districtStarts.flatMap((from) => districtEndsAt(text, from)));
  return [...new Set([...provinceEnds, ...cityEnds, ...districtEnds])].sort((a, b) => a - b);
}

/** A county or district by its shape: 2–4 Han characters ending in 区/县/旗/市 ("南海区", "浦东新区"). */
function districtEndsAt(text: string, from: number): number[] {
  const ends: number[] = [];
  for (let len = 1; len <= 4 && from + len <= text.length; len++) {
    if (!HAN.test(text[from + len - 1]!)) break;
    if (len >= 2 && DISTRICT_ENDINGS.includes(text[from + len - 1]!)) ends.push(from + len);
  }
  return ends;
}

type WordIndex = ReadonlyMap<string, readonly string[]>;

function indexByFirstChar(words: readonly string[]): WordIndex {
  const index = new Map<string, string[]>();
  for (const word of words) {
    const list = index.get(word[0]!) ?? [];
    list.push(word);
    index.set(word[0]!, list);
  }
  return index;
}

const PROVINCE_INDEX = indexByFirstChar(PROVINCE_WORDS);
const PREFECTURE_INDEX = indexByFirstChar(PREFECTURE_WORDS);

function wordEndsAt(index: WordIndex, text: string, from: number, allow: (word: string) => boolean = () => true): number[] {
  const candidates = index.get(text[from] ?? '') ?? [];
  return candidates.filter((word) => text.startsWith(word, from) && allow(word)).map((word) => from + word.length);
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
