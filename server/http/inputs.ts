import { z } from 'zod';
import './zod-locale.ts';

/**
 * The building blocks of every request schema, so that nothing a validator accepts can be
 * refused by MariaDB (SQLite stores anything, MariaDB does not):
 * - varchar(n) on utf8mb4 counts code points, JS `.length` counts UTF-16 units: lengths here are
 *   code points (`[...s].length`), and a lone surrogate (not a character at all) is refused;
 * - date columns take only real calendar dates, and instants are kept to 2000–2100;
 * - int columns end at 2^31 − 1.
 * Messages are zh-CN and name no field: validate.ts puts the field's name in front.
 */

export const inputMessages = {
  required: '不能为空',
  notText: '应为文本',
  loneSurrogate: '包含无法识别的字符',
  controlCharacter: '不能包含控制字符',
  controlCharacterSingleLine: '不能包含换行、制表符等控制字符',
  dateFormat: '日期格式应为 YYYY-MM-DD',
  notADate: '不是有效的日期',
  instantFormat: '时间格式应为 ISO-8601，例如 2026-11-26T09:00:00+08:00 或 2026-11-26',
  instantRange: '时间应在 2000 年至 2100 年之间',
  id: '编号无效，应为正整数',
  integer: '应为整数',
  number: '应为数字',
} as const;

/** Code points, as MariaDB counts characters of a utf8mb4 column. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

// ---- text ---------------------------------------------------------------------------------

export interface TextOptions {
  /** Minimum length in code points after trimming; 1 unless told (0 allows the empty string). */
  min?: number;
  /** Allows line breaks and tabs (\n, \r\n, \t), e.g. a follow-up's content. */
  multiline?: boolean;
}

/** Controls other than \n and \t; \r only as part of \r\n (stored as \n). */
const CONTROL = /\p{Cc}/u;
const CONTROL_EXCEPT_LINE_BREAKS = /(?![\n\t])\p{Cc}/u;

function textChecks(schema: z.ZodString, max: number, { min = 1, multiline = false }: TextOptions): z.ZodString {
  let s = schema.trim();
  if (multiline) s = s.overwrite((v) => v.replace(/\r\n?/g, '\n'));
  return s
    .refine((v) => v.isWellFormed(), { message: inputMessages.loneSurrogate, abort: true })
    .refine((v) => !(multiline ? CONTROL_EXCEPT_LINE_BREAKS : CONTROL).test(v), {
      message: multiline ? inputMessages.controlCharacter : inputMessages.controlCharacterSingleLine,
      abort: true,
    })
    .refine((v) => codePointLength(v) >= min, { message: min <= 1 ? inputMessages.required : `至少 ${min} 个字符` })
    .refine((v) => codePointLength(v) <= max, { message: `不能超过 ${max} 个字符` });
}

const stringType = () =>
  z.string({ error: (issue) => (issue.input === undefined || issue.input === null ? inputMessages.required : inputMessages.notText) });

/** A trimmed string of `min`…`max` code points without control characters or lone surrogates. */
export function text(max: number, opts: TextOptions = {}): z.ZodString {
  return textChecks(stringType(), max, opts);
}

/** Like text(), but absent, null, empty and blank all become null. */
export function optionalText(max: number, opts: Omit<TextOptions, 'min'> = {}) {
  return textChecks(stringType(), max, { ...opts, min: 0 })
    .nullish()
    .transform((v) => (v ? v : null));
}

// ---- dates and instants -------------------------------------------------------------------

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Is `YYYY-MM-DD` a day of the calendar (no 2026-02-30, no 2025-02-29, no month 13)? */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export interface DateRange {
  /** Earliest accepted day, `YYYY-MM-DD`; 1900-01-01 unless told. */
  min?: string;
  /** Latest accepted day, `YYYY-MM-DD`; 2100-12-31 unless told. */
  max?: string;
}

/** A real calendar day `YYYY-MM-DD` within the range (a MariaDB `date`). */
export function calendarDate({ min = '1900-01-01', max = '2100-12-31' }: DateRange = {}): z.ZodString {
  return stringType()
    .regex(DATE, inputMessages.dateFormat)
    .refine(isCalendarDate, { message: inputMessages.notADate, abort: true })
    // ISO days compare as strings.
    .refine((v) => v >= min && v <= max, { message: `日期应在 ${min} 至 ${max} 之间` });
}

/** Instants the product stores: none before 2000 or from 2100 on (in UTC). */
export const INSTANT_MIN = new Date('2000-01-01T00:00:00Z');
export const INSTANT_MAX = new Date('2100-01-01T00:00:00Z');

export function isInstantInRange(at: Date): boolean {
  const t = at.getTime();
  return Number.isFinite(t) && t >= INSTANT_MIN.getTime() && t < INSTANT_MAX.getTime();
}

const ISO_DATE_TIME = z.iso.datetime({ offset: true });

/**
 * An ISO-8601 date-time with an offset ("2026-11-26T09:00:00+08:00", "…Z"), or a plain date
 * (the service places it in business time), between 2000 and 2100 in UTC:
 * "9999-12-31T23:00:00-05:00" is year 10000 in UTC and is refused. The value stays a string.
 */
export function instant(): z.ZodString {
  return stringType()
    .refine((v) => ISO_DATE_TIME.safeParse(v).success || isCalendarDate(v), { message: inputMessages.instantFormat, abort: true })
    .refine((v) => {
      // A plain date becomes some hour of that day in business time: keep the day itself in range.
      if (DATE.test(v)) return v >= '2000-01-01' && v <= '2099-12-31';
      return isInstantInRange(new Date(v));
    }, { message: inputMessages.instantRange });
}

// ---- integers and ids ---------------------------------------------------------------------

/** The largest value of an `int` column. */
export const INT_MAX = 2_147_483_647;

const numberType = () =>
  z.number({ error: (issue) => (issue.input === undefined || issue.input === null ? inputMessages.required : inputMessages.number) });

/** An integer from a JSON number within [min, max]. */
export function intIn(min: number, max: number): z.ZodNumber {
  return numberType()
    .int(inputMessages.integer)
    .min(min, `不能小于 ${min}`)
    .max(max, `不能大于 ${max}`);
}

const INTEGER_TEXT = /^-?\d{1,16}$/;

/** An integer within [min, max] from a query string ("20") or a JSON number. */
export function queryInt(min: number, max: number) {
  return z
    .union([z.number(), z.string().trim()], { error: inputMessages.integer })
    .transform((v, ctx) => {
      if (typeof v === 'string' && !INTEGER_TEXT.test(v)) {
        ctx.issues.push({ code: 'custom', message: inputMessages.integer, input: v });
        return z.NEVER;
      }
      return Number(v);
    })
    .pipe(intIn(min, max));
}

const ID_TEXT = /^\d{1,10}$/;

function toId(value: string | number, ctx: z.core.$RefinementCtx<string | number>): number {
  const id = typeof value === 'number' ? value : ID_TEXT.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(id) || id < 1 || id > INT_MAX) {
    ctx.issues.push({ code: 'custom', message: inputMessages.id, input: value });
    return z.NEVER;
  }
  return id;
}

/** An id in a path or query ("42"): a positive integer that fits an int column. */
export const idParam = z.string({ error: inputMessages.id }).transform(toId);

/** An id in a JSON body: a digit string or a number, a positive integer that fits an int column. */
export const idValue = z.union([z.string(), z.number()], { error: inputMessages.id }).transform(toId);

/** page ≥ 1 (up to 100,000) and pageSize 1–100, from the query string; spread `.shape` into a query schema. */
export const pageQuery = z.object({
  page: queryInt(1, 100_000).default(1),
  pageSize: queryInt(1, 100).default(20),
});

// ---- JSON-encoded columns -----------------------------------------------------------------

/** A list stored as JSON in a varchar(maxJson) column: refused when its encoding would not fit. */
export function jsonFits(value: unknown, maxJson: number): boolean {
  return codePointLength(JSON.stringify(value)) <= maxJson;
}
