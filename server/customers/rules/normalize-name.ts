/**
 * The duplicate-check key of a company name (查重): two names with the same key are the
 * same company. Reps type names in every shape — full-width letters, stray spaces, with or
 * without the legal suffix — so the key folds all of those away.
 */
const LEGAL_SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '集团有限公司',
  '集团股份有限公司',
  '有限公司',
  '集团公司',
  '股份公司',
  '分公司',
  '公司',
  'coltd',
  'colimited',
  'limited',
  'ltd',
  'incorporated',
  'inc',
  'corporation',
  'corp',
  'company',
  'co',
  'llc',
  'gmbh',
].sort((a, b) => b.length - a.length);

export function customerNameKey(name: string): string {
  let key = name
    .normalize('NFKC') // full-width ＡＢＣ１２３（） → ABC123()
    .toLowerCase()
    .replace(/[\s\u3000]+/g, '')
    .replace(/[()（）[\]【】]/g, (c) => ('(（[【'.includes(c) ? '(' : ')'))
    .replace(/[.,，。、·'"“”‘’\-_&/]+/g, '');
  // Strip stacked suffixes ("xx有限公司" and "xx co., ltd." alike), but never the whole name.
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of LEGAL_SUFFIXES) {
      if (key.endsWith(suffix) && key.length > suffix.length) {
        key = key.slice(0, -suffix.length);
        changed = true;
        break;
      }
    }
  }
  return key;
}

/** Digits-only phone key; +86 / 0086 country prefixes of mobile numbers are dropped. */
export function phoneKey(phone: string | null | undefined): string | null {
  if (!phone) return null;
  let digits = phone.normalize('NFKC').replace(/\D+/g, '');
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  return digits.length >= 5 ? digits : null;
}
