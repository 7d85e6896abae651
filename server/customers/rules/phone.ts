/**
 * Phone numbers of contacts: only real numbers are accepted, and every way of writing one
 * number gives one key, so the duplicate check (防撞单) finds "+86 138-0013-8000" when
 * "13800138000" exists.
 *
 * Keys: mainland numbers as national digits (mobile 11 digits, landline with its trunk 0 and area
 * code, 400/800 service 10 digits); other countries in E.164 form, "+" and 8–15 digits. An
 * extension ("转 123") is never part of the key: it reaches the same company.
 */
export type PhoneKind = 'mobile' | 'landline' | 'service' | 'international';

export type ParsedPhone =
  | { ok: true; key: string; kind: PhoneKind }
  | { ok: false; message: string };

export const phoneMessages = {
  empty: '请填写电话号码',
  characters: '电话号码只能包含数字、空格、横线、点和括号，国际号码以 + 开头',
  tooShort: '电话号码位数不对：请填写 11 位手机号、带区号的座机号（例如 010-12345678）或 +国家码开头的号码',
  mobilePrefix: '手机号码格式不正确：应为 1 开头、第二位为 3–9 的 11 位号码',
  mobileLength: '手机号码应为 11 位',
  mobileExtension: '手机号码不能带分机号',
  landlineWithoutArea: '座机号码请带区号，例如 010-12345678',
  landlineLength: '座机号码格式不正确：应为区号加 7–8 位号码，例如 010-12345678 或 0755-88886666',
  international: '国际号码格式不正确：应为 + 国家码加号码，共 8–15 位数字',
} as const;

const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
/** An extension written after the number: "转 123", "ext. 12", "x12", "#12", "分机 8". */
const EXTENSION = /^(.*?)[\s\p{Z}]*(?:转|分机|ext\.?|x|#)[\s\p{Z}]*(\d{1,6})$/iu;
/** What may separate the digits: spaces, any dash (− included), dots and parentheses. */
const SEPARATORS = /[\s\p{Z}\p{Pd}\u2212.()]/gu;

const MOBILE = /^1[3-9]\d{9}$/;
const SERVICE = /^[48]00\d{7}$/;
/** Trunk 0, a 2-digit area code (010, 020–029) or a 3-digit one (0310–0999), then 7–8 digits. */
const LANDLINE = /^0(?:10|2\d|[3-9]\d{2})\d{7,8}$/;

export function parsePhone(input: string): ParsedPhone {
  const text = input.replace(INVISIBLE, '').normalize('NFKC').trim();
  if (!text) return refuse(phoneMessages.empty);
  const ext = EXTENSION.exec(text);
  const main = ext ? ext[1]! : text;
  const compact = main.replace(SEPARATORS, '');
  if (!/^\+?\d+$/.test(compact)) return refuse(phoneMessages.characters);
  const digits = compact.replace('+', '');
  const hasExtension = ext !== null;

  if (compact.startsWith('+')) {
    return digits.startsWith('86') ? mainland(digits.slice(2), true, hasExtension) : international(digits);
  }
  if (digits.startsWith('00')) {
    return digits.startsWith('0086') ? mainland(digits.slice(4), true, hasExtension) : international(digits.slice(2));
  }
  // "86" written without + or 00: only a mobile number is unambiguous (13 digits).
  if (digits.length === 13 && digits.startsWith('86') && MOBILE.test(digits.slice(2))) {
    return mainland(digits.slice(2), true, hasExtension);
  }
  return mainland(digits, false, hasExtension);
}

/** The duplicate-check key of a phone, or null when it is not a phone number. */
export function phoneKey(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const parsed = parsePhone(phone);
  return parsed.ok ? parsed.key : null;
}

/** A national number; after +86 / 0086 the landline's trunk 0 is usually left out ("+86 755 …"). */
function mainland(national: string, afterCountryCode: boolean, hasExtension: boolean): ParsedPhone {
  if (MOBILE.test(national)) {
    return hasExtension ? refuse(phoneMessages.mobileExtension) : { ok: true, key: national, kind: 'mobile' };
  }
  if (SERVICE.test(national)) return { ok: true, key: national, kind: 'service' };
  const landline = afterCountryCode && !national.startsWith('0') ? `0${national}` : national;
  if (LANDLINE.test(landline)) return { ok: true, key: landline, kind: 'landline' };

  if (national.startsWith('1') && national.length === 11) return refuse(phoneMessages.mobilePrefix);
  if (national.startsWith('1') && national.length >= 10 && national.length <= 12) return refuse(phoneMessages.mobileLength);
  if (!afterCountryCode && !national.startsWith('0') && (national.length === 7 || national.length === 8)) {
    return refuse(phoneMessages.landlineWithoutArea);
  }
  if (landline.startsWith('0') && landline.length >= 9 && landline.length <= 13) return refuse(phoneMessages.landlineLength);
  return refuse(phoneMessages.tooShort);
}

/** E.164: a country code that does not start with 0, and 8–15 digits in all. */
function international(digits: string): ParsedPhone {
  if (digits.startsWith('0') || digits.length < 8 || digits.length > 15) return refuse(phoneMessages.international);
  return { ok: true, key: `+${digits}`, kind: 'international' };
}

function refuse(message: string): ParsedPhone {
  return { ok: false, message };
}
