import type { StageKind } from '../../../entities/stage.entity.ts';

/**
 * The stage gate (阶段门): what an opportunity must say before it may enter a stage. Pure: the
 * service loads the stages and the opportunity, asks these rules, and writes what they allow.
 */

export const FIELD_TYPES = ['text', 'number', 'date', 'choice', 'amount'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface RequiredField {
  key: string;
  label: string;
  type: FieldType;
  /** For `choice`: the allowed values. */
  options?: string[];
}

export interface StageDef {
  id: number;
  name: string;
  kind: StageKind;
  winRate: number;
  requiredFields: RequiredField[];
}

export type FeedbackValue = string | number;
export type Feedback = Record<string, FeedbackValue>;

/** Every lost stage asks for a reason, whether or not the admin listed one. */
export const LOST_REASON_KEY = 'lostReason';
export const DEFAULT_LOST_REASONS = ['价格', '竞品', '预算取消', '需求变化', '其他'];
/** A win needs an amount > 0: the gate asks for it under this key when the opportunity has none. */
export const WIN_AMOUNT_KEY = 'amountFen';
export const WIN_AMOUNT_FIELD: RequiredField = { key: WIN_AMOUNT_KEY, label: '成交金额', type: 'amount' };

export const MAX_AMOUNT_FEN = 10_000_000_000; // 100,000,000 元
export const MAX_NUMBER = 1e12;
export const MAX_TEXT = 200;

/** The fields a stage requires on entry: its own, plus a reason on a lost stage. */
export function entryFields(stage: StageDef): RequiredField[] {
  if (stage.kind !== 'lost' || stage.requiredFields.some((f) => f.key === LOST_REASON_KEY)) return stage.requiredFields;
  return [...stage.requiredFields, { key: LOST_REASON_KEY, label: '输单原因', type: 'choice', options: DEFAULT_LOST_REASONS }];
}

/**
 * Progress rank in the pipeline: open stages by their order, won after every open stage. A lost
 * opportunity has no progress of its own: leaving it for an open stage is going back (allowed),
 * for a won stage it enters that stage only.
 */
function rank(stages: readonly StageDef[], stage: StageDef): number {
  const open = stages.filter((s) => s.kind === 'open');
  if (stage.kind === 'open') return open.findIndex((s) => s.id === stage.id);
  return open.length;
}

export type MoveDirection = 'create' | 'forward' | 'back' | 'lost' | 'same';

/**
 * The stages whose fields a move needs: moving forward, every stage entered or passed; moving
 * into a lost stage, that stage's; moving back, none. `from` null: a new opportunity (it passes
 * every open stage before the one it starts in).
 */
export function stagesToSatisfy(stages: readonly StageDef[], from: StageDef | null, to: StageDef): { direction: MoveDirection; stages: StageDef[] } {
  if (from && from.id === to.id) return { direction: 'same', stages: [] };
  if (to.kind === 'lost') return { direction: 'lost', stages: [to] };
  const target = rank(stages, to);
  const origin = from === null ? -1 : from.kind === 'lost' ? (to.kind === 'won' ? target - 1 : Number.POSITIVE_INFINITY) : rank(stages, from);
  if (target <= origin) return { direction: 'back', stages: [] };
  const passed = stages.filter((s) => s.kind === 'open' && rank(stages, s) > origin && rank(stages, s) < target);
  return { direction: from === null ? 'create' : 'forward', stages: [...passed, to] };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && y <= 2100 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Is the value blank (absent, null, empty or whitespace)? Blank counts as not given. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** The value a field accepts, normalised; or a zh-CN message saying why not. */
export function checkValue(field: RequiredField, value: unknown): { ok: true; value: FeedbackValue } | { ok: false; message: string } {
  const label = field.label;
  switch (field.type) {
    case 'text': {
      if (typeof value !== 'string') return { ok: false, message: `${label}应为文本` };
      const v = value.trim();
      if (!v.isWellFormed() || /\p{Cc}/u.test(v.replace(/\n/g, ''))) return { ok: false, message: `${label}包含无法识别的字符` };
      if ([...v].length > MAX_TEXT) return { ok: false, message: `${label}不能超过 ${MAX_TEXT} 个字符` };
      return { ok: true, value: v };
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, message: `${label}应为数字` };
      if (Math.abs(value) > MAX_NUMBER) return { ok: false, message: `${label}超出范围` };
      return { ok: true, value };
    }
    case 'amount': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return { ok: false, message: `${label}应为整数（单位：分）` };
      if (value < 0 || value > MAX_AMOUNT_FEN) return { ok: false, message: `${label}应在 0 至 100,000,000 元之间` };
      return { ok: true, value };
    }
    case 'date': {
      if (typeof value !== 'string' || !isCalendarDate(value)) return { ok: false, message: `${label}应为 YYYY-MM-DD 格式的日期` };
      return { ok: true, value };
    }
    case 'choice': {
      const options = field.options ?? [];
      if (typeof value !== 'string' || !options.includes(value)) return { ok: false, message: `${label}应为以下之一：${options.join('、')}` };
      return { ok: true, value };
    }
  }
}

export interface MoveCheck {
  direction: MoveDirection;
  /** Every field the move needs (in stage order). */
  required: RequiredField[];
  /** Required fields not given (blank counts as not given). */
  missing: RequiredField[];
  /** Given values that are not valid for their field: key → message. */
  invalid: Record<string, string>;
  /** Given keys that no stage knows. */
  unknown: string[];
  /** The feedback to record, normalised (only known keys). */
  feedback: Feedback;
  /** The amount after the move (a win may give it as feedback `amountFen`). */
  amountFen: number;
}

/**
 * Checks a move of an opportunity (amount `amountFen`) from `from` (null: creation) to `to`
 * with the feedback given. Values of any stage's fields are accepted (and validated) on any
 * move; required are those of stagesToSatisfy; a win needs an amount > 0 (asked as `amountFen`).
 */
export function checkMove(input: {
  stages: readonly StageDef[];
  from: StageDef | null;
  to: StageDef;
  feedback: Readonly<Record<string, unknown>>;
  amountFen: number;
}): MoveCheck {
  const { stages, from, to, feedback } = input;
  const { direction, stages: satisfy } = stagesToSatisfy(stages, from, to);
  const known = new Map<string, RequiredField>();
  for (const s of stages) for (const f of entryFields(s)) if (!known.has(f.key)) known.set(f.key, f);
  known.set(WIN_AMOUNT_KEY, WIN_AMOUNT_FIELD);

  const invalid: Record<string, string> = {};
  const unknown: string[] = [];
  const normalised: Feedback = {};
  for (const [key, value] of Object.entries(feedback)) {
    const field = known.get(key);
    if (!field) { unknown.push(key); continue; }
    if (isBlank(value)) continue;
    // Fields of the target stage are checked against the target's own definition (its options).
    const def = entryFields(to).find((f) => f.key === key) ?? field;
    const checked = checkValue(def, value);
    if (checked.ok) normalised[key] = checked.value;
    else invalid[key] = checked.message;
  }
  if (WIN_AMOUNT_KEY in normalised && to.kind === 'won' && normalised[WIN_AMOUNT_KEY] === 0) {
    invalid[WIN_AMOUNT_KEY] = '成交金额必须大于 0';
    delete normalised[WIN_AMOUNT_KEY];
  }

  const required: RequiredField[] = [];
  for (const s of satisfy) for (const f of entryFields(s)) if (!required.some((r) => r.key === f.key)) required.push(f);
  const amountFen = typeof normalised[WIN_AMOUNT_KEY] === 'number' ? normalised[WIN_AMOUNT_KEY] : input.amountFen;
  if (to.kind === 'won' && amountFen <= 0 && !required.some((r) => r.key === WIN_AMOUNT_KEY)) required.push(WIN_AMOUNT_FIELD);
  const missing = required.filter((f) => !(f.key in normalised) && !(f.key in invalid)
    && !(f.key === WIN_AMOUNT_KEY && to.kind === 'won' && amountFen > 0));
  return { direction, required, missing, invalid, unknown, feedback: normalised, amountFen };
}

/** The probability an opportunity counts with: its override, else its stage's win rate. */
export function effectiveProbability(override: number | null, stage: Pick<StageDef, 'winRate'>): number {
  return override ?? stage.winRate;
}

/** amount × probability in integer fen (rounded down), no floats. */
export function weightedFen(amountFen: number, probability: number): number {
  return Number((BigInt(amountFen) * BigInt(probability)) / 100n);
}

/** zh-CN: "请填写：报价金额、决策人". */
export function missingMessage(missing: readonly RequiredField[]): string {
  return `进入该阶段前请填写：${missing.map((f) => f.label).join('、')}`;
}

/**
 * An admin's stage list: names unique, exactly one won stage, at least one open and one lost,
 * open stages before won and lost; field keys unique within a stage; choices need options.
 * Returns field → message for what is wrong (empty: fine).
 */
export function checkStageList(items: ReadonlyArray<Omit<StageDef, 'id'> & { id?: number | null }>): Record<string, string> {
  const errors: Record<string, string> = {};
  const names = new Set<string>();
  items.forEach((s, i) => {
    if (names.has(s.name)) errors[`items.${i}.name`] = `阶段名称「${s.name}」重复`;
    names.add(s.name);
    const keys = new Set<string>();
    s.requiredFields.forEach((f, j) => {
      if (keys.has(f.key)) errors[`items.${i}.requiredFields.${j}.key`] = `字段「${f.key}」重复`;
      keys.add(f.key);
      if (f.type === 'choice' && !(f.options?.length)) errors[`items.${i}.requiredFields.${j}.options`] = `选择题「${f.label}」需要至少一个选项`;
      if (f.type !== 'choice' && f.options?.length) errors[`items.${i}.requiredFields.${j}.options`] = `只有选择题可以设置选项`;
      if (f.key === WIN_AMOUNT_KEY && f.type !== 'amount') errors[`items.${i}.requiredFields.${j}.type`] = `字段 ${WIN_AMOUNT_KEY} 必须是金额`;
      if (f.key === LOST_REASON_KEY && f.type !== 'choice' && f.type !== 'text') errors[`items.${i}.requiredFields.${j}.type`] = `输单原因应为选择或文本`;
    });
    const firstTerminal = items.findIndex((x) => x.kind !== 'open');
    if (s.kind === 'open' && firstTerminal !== -1 && i > firstTerminal) errors[`items.${i}.kind`] = '进行中的阶段必须排在赢单、输单之前';
    if (s.kind === 'won' && s.winRate !== 100) errors[`items.${i}.winRate`] = '赢单阶段的赢率应为 100%';
    if (s.kind === 'lost' && s.winRate !== 0) errors[`items.${i}.winRate`] = '输单阶段的赢率应为 0%';
  });
  // A key means one thing across stages (one type), so a value given once reads the same everywhere.
  const typeOf = new Map<string, FieldType>();
  items.forEach((s, i) => s.requiredFields.forEach((f, j) => {
    const t = typeOf.get(f.key);
    if (t && t !== f.type) errors[`items.${i}.requiredFields.${j}.type`] = `字段「${f.key}」在各阶段的类型必须一致`;
    typeOf.set(f.key, f.type);
  }));
  const count = (k: StageKind) => items.filter((s) => s.kind === k).length;
  if (count('open') < 1) errors.items = '至少需要一个进行中的阶段';
  else if (count('won') !== 1) errors.items = '需要且只能有一个赢单阶段';
  else if (count('lost') < 1) errors.items = '至少需要一个输单阶段';
  return errors;
}
