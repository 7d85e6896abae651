import { describe, expect, it } from 'vitest';
import {
  checkMove, checkStageList, checkValue, effectiveProbability, entryFields, missingMessage, stagesToSatisfy, weightedFen,
  type RequiredField, type StageDef,
} from './stage-gate.ts';

const quote: RequiredField = { key: 'quoteFen', label: '报价金额', type: 'amount' };
const maker: RequiredField = { key: 'decisionMaker', label: '决策人', type: 'text' };
const reason: RequiredField = { key: 'lostReason', label: '输单原因', type: 'choice', options: ['价格', '竞品', '预算取消', '需求变化', '其他'] };
const STAGES: StageDef[] = [
  { id: 1, name: '初步接触', kind: 'open', winRate: 10, requiredFields: [] },
  { id: 2, name: '需求确认', kind: 'open', winRate: 30, requiredFields: [maker] },
  { id: 3, name: '方案报价', kind: 'open', winRate: 50, requiredFields: [quote] },
  { id: 4, name: '商务谈判', kind: 'open', winRate: 70, requiredFields: [] },
  { id: 5, name: '赢单', kind: 'won', winRate: 100, requiredFields: [] },
  { id: 6, name: '输单', kind: 'lost', winRate: 0, requiredFields: [reason] },
];
const S = (id: number) => STAGES.find((s) => s.id === id)!;
const keys = (fields: RequiredField[]) => fields.map((f) => f.key);

describe('stagesToSatisfy', () => {
  it.each([
    ['one step forward', 1, 2, 'forward', [2]],
    ['a jump forward (every stage passed)', 1, 4, 'forward', [2, 3, 4]],
    ['straight to won from the start', 1, 5, 'forward', [2, 3, 4, 5]],
    ['going back', 4, 2, 'back', []],
    ['reopening a won one', 5, 3, 'back', []],
    ['losing from anywhere', 2, 6, 'lost', [6]],
    ['leaving lost for an open stage', 6, 4, 'back', []],
    ['leaving lost for won', 6, 5, 'forward', [5]],
    ['the same stage', 3, 3, 'same', []],
  ] as const)('should ask for the right stages when %s', (_label, from, to, direction, ids) => {
    const r = stagesToSatisfy(STAGES, S(from), S(to));
    expect(r.direction).toBe(direction);
    expect(r.stages.map((s) => s.id)).toEqual(ids);
  });

  it('should treat creation as passing every open stage before the first one chosen', () => {
    expect(stagesToSatisfy(STAGES, null, S(1)).stages.map((s) => s.id)).toEqual([1]);
    expect(stagesToSatisfy(STAGES, null, S(3))).toEqual({ direction: 'create', stages: [S(1), S(2), S(3)] });
  });
});

describe('checkMove', () => {
  const move = (from: number | null, to: number, feedback: Record<string, unknown> = {}, amountFen = 0) =>
    checkMove({ stages: STAGES, from: from === null ? null : S(from), to: S(to), feedback, amountFen });

  it.each([
    ['forward without feedback', 2, 3, {}, 0, ['quoteFen']],
    ['forward with the feedback', 2, 3, { quoteFen: 12_000_00 }, 0, []],
    ['a jump needs every stage passed', 1, 4, { quoteFen: 100 }, 0, ['decisionMaker']],
    ['a jump with everything', 1, 4, { quoteFen: 100, decisionMaker: '王总' }, 0, []],
    ['back needs nothing', 4, 1, {}, 0, []],
    ['lost always needs a reason', 1, 6, {}, 0, ['lostReason']],
    ['lost with a reason', 4, 6, { lostReason: '价格' }, 0, []],
    ['a win without an amount asks for one', 4, 5, {}, 0, ['amountFen']],
    ['a win with an amount on the opportunity', 4, 5, {}, 500, []],
    ['a win given its amount', 4, 5, { amountFen: 500 }, 0, []],
    ['blank counts as missing', 2, 3, { quoteFen: null }, 0, ['quoteFen']],
    ['blank text counts as missing', 1, 2, { decisionMaker: '   ' }, 0, ['decisionMaker']],
  ] as const)('should report missing fields for %s', (_label, from, to, feedback, amount, missing) => {
    const r = move(from, to, feedback, amount);
    expect(r.invalid).toEqual({});
    expect(keys(r.missing)).toEqual(missing);
  });

  it.each([
    [quote, 12.5, '整数'],
    [quote, -1, '0 至'],
    [quote, '100', '整数'],
    [quote, 10_000_000_001, '0 至'],
    [maker, 42, '文本'],
    [maker, 'x'.repeat(201), '200'],
    [reason, '太贵', '以下之一'],
    [{ key: 'd', label: '签约日', type: 'date' } as RequiredField, '2026-02-30', 'YYYY-MM-DD'],
    [{ key: 'd', label: '签约日', type: 'date' } as RequiredField, '2026/01/01', 'YYYY-MM-DD'],
    [{ key: 'n', label: '人数', type: 'number' } as RequiredField, 'many', '数字'],
    [{ key: 'n', label: '人数', type: 'number' } as RequiredField, Number.NaN, '数字'],
  ])('should refuse %j = %j (%s)', (field, value, words) => {
    const r = checkValue(field, value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(words);
  });

  it.each([
    [quote, 0, 0],
    [maker, '  王总 ', '王总'],
    [reason, '竞品', '竞品'],
    [{ key: 'd', label: '签约日', type: 'date' } as RequiredField, '2024-02-29', '2024-02-29'],
    [{ key: 'n', label: '人数', type: 'number' } as RequiredField, 3.5, 3.5],
  ])('should accept %j = %j', (field, value, normalised) => {
    expect(checkValue(field, value)).toEqual({ ok: true, value: normalised });
  });

  it('should report invalid and unknown keys apart from missing ones', () => {
    const r = move(2, 3, { quoteFen: 1.5, colour: 'red' });
    expect(r.invalid).toEqual({ quoteFen: expect.stringContaining('报价金额') });
    expect(r.unknown).toEqual(['colour']);
    expect(r.missing).toEqual([]);
  });

  it('should refuse a win with an amount of zero given as feedback', () => {
    const r = move(4, 5, { amountFen: 0 });
    expect(Object.keys(r.invalid)).toEqual(['amountFen']);
  });

  it('should carry the amount given with a win and keep the others', () => {
    expect(move(4, 5, { amountFen: 800 }, 100).amountFen).toBe(800);
    expect(move(4, 5, {}, 100).amountFen).toBe(100);
  });

  it('should ask a lost stage for a reason even when the admin listed none', () => {
    const bare: StageDef = { id: 9, name: '放弃', kind: 'lost', winRate: 0, requiredFields: [] };
    expect(keys(entryFields(bare))).toEqual(['lostReason']);
    const r = checkMove({ stages: [...STAGES, bare], from: S(1), to: bare, feedback: {}, amountFen: 0 });
    expect(keys(r.missing)).toEqual(['lostReason']);
  });

  it('should list the labels in the message', () => {
    expect(missingMessage([maker, quote])).toBe('进入该阶段前请填写：决策人、报价金额');
  });
});

describe('probability and weighted amounts', () => {
  it.each([
    [null, 50, 50], [80, 50, 80], [0, 50, 0],
  ])('should use the override %j over the stage rate %j', (override, rate, expected) => {
    expect(effectiveProbability(override, { winRate: rate })).toBe(expected);
  });
  it.each([
    [100_00, 50, 50_00], [333, 33, 109], [10_000_000_000, 70, 7_000_000_000], [1, 99, 0],
  ])('should weigh %j fen at %j%% as %j fen (integers, rounded down)', (amount, p, w) => {
    expect(weightedFen(amount, p)).toBe(w);
  });
});

describe('checkStageList', () => {
  const base = STAGES.map(({ id: _id, ...s }) => s);
  it('should accept the defaults', () => {
    expect(checkStageList(base)).toEqual({});
  });
  it.each([
    ['two won stages', [...base, { name: '大单赢', kind: 'won', winRate: 100, requiredFields: [] }], 'items'],
    ['no open stage', base.filter((s) => s.kind !== 'open'), 'items'],
    ['no lost stage', base.filter((s) => s.kind !== 'lost'), 'items'],
    ['a duplicate name', [{ ...base[0]! }, ...base], 'items.1.name'],
    ['an open stage after won', [...base.slice(0, 4), base[4]!, { name: '复核', kind: 'open', winRate: 80, requiredFields: [] }, base[5]!], 'items.5.kind'],
    ['won not at 100%', base.map((s) => (s.kind === 'won' ? { ...s, winRate: 90 } : s)), 'items.4.winRate'],
    ['a choice without options', base.map((s, i) => (i === 1 ? { ...s, requiredFields: [{ key: 'c', label: '竞品', type: 'choice' }] } : s)), 'items.1.requiredFields.0.options'],
    ['a key twice in a stage', base.map((s, i) => (i === 1 ? { ...s, requiredFields: [maker, maker] } : s)), 'items.1.requiredFields.1.key'],
    ['one key with two types', base.map((s, i) => (i === 1 ? { ...s, requiredFields: [{ key: 'quoteFen', label: '报价', type: 'text' }] } : s)), 'items.2.requiredFields.0.type'],
  ] as const)('should refuse %s', (_label, items, field) => {
    expect(Object.keys(checkStageList(items as never))).toContain(field);
  });
});
