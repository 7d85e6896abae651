import { z } from 'zod';
import { calendarDate, idParam, idValue, intIn, optionalText, pageQuery, text } from '../http/inputs.ts';
import { STAGE_KINDS } from '../../entities/stage.entity.ts';
import { FIELD_TYPES, MAX_AMOUNT_FEN } from './rules/stage-gate.ts';

const amountFen = intIn(0, MAX_AMOUNT_FEN);
const probability = intIn(0, 100);
const closeOn = calendarDate({ min: '2000-01-01', max: '2099-12-31' });
const SCOPES = ['mine', 'team', 'all'] as const;
const scope = z.enum(SCOPES, { error: 'scope 应为 mine、team 或 all' }).default('mine');
const flag = z.enum(['true', 'false', '1', '0'], { error: '应为 true 或 false' }).optional().transform((v) => v === 'true' || v === '1');

/** Feedback: {key: value}; values are checked by the stage gate against each field's type. */
const feedback = z.record(
  z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, '反馈字段名无效'),
  z.union([z.string().max(2000, '不能超过 2000 个字符'), z.number(), z.null()], { error: '反馈的值应为文本或数字' }),
  { error: '反馈应为对象 {字段: 值}' },
).refine((v) => Object.keys(v).length <= 30, { message: '反馈字段过多' });

export const requiredFieldSchema = z.object({
  key: z.string({ error: '字段标识应为文本' }).regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, '字段标识应以字母开头，只含字母、数字和下划线，最多 32 个字符'),
  label: text(32),
  type: z.enum(FIELD_TYPES, { error: '字段类型应为 text、number、date、choice 或 amount' }),
  options: z.array(text(32), { error: '选项应为列表' }).max(20, '最多 20 个选项').optional(),
}).strict();

export const putStagesSchema = z.object({
  items: z.array(z.object({
    id: idValue.nullish().transform((v) => v ?? null),
    name: text(32),
    winRate: intIn(0, 100),
    kind: z.enum(STAGE_KINDS, { error: '阶段类型应为 open、won 或 lost' }),
    requiredFields: z.array(requiredFieldSchema, { error: '必填字段应为列表' }).max(10, '每个阶段最多 10 个必填字段').default([]),
  }).strict(), { error: 'items 应为列表' }).min(3, '至少需要三个阶段（进行中、赢单、输单）').max(20, '最多 20 个阶段'),
}).strict();
export type PutStagesInput = z.infer<typeof putStagesSchema>;

export const createOpportunitySchema = z.object({
  customerId: idValue,
  name: text(128),
  /** The customer's owner (default) or one of its co-followers. */
  ownerId: idValue.nullish().transform((v) => v ?? null),
  amountFen: amountFen.default(0),
  expectedCloseOn: closeOn.nullish().transform((v) => v ?? null),
  stageId: idValue.nullish().transform((v) => v ?? null),
  probability: probability.nullish().transform((v) => v ?? null),
  notes: optionalText(1000, { multiline: true }),
  source: optionalText(64),
  feedback: feedback.optional().default({}),
}).strict();
export type CreateOpportunityInput = z.infer<typeof createOpportunitySchema>;

export const updateOpportunitySchema = z.object({
  /** Accepted when it is the opportunity's own customer (clients send the object back); it never moves. */
  customerId: idValue.optional(),
  name: text(128).optional(),
  ownerId: idValue.optional(),
  amountFen: amountFen.optional(),
  expectedCloseOn: closeOn.nullish(),
  stageId: idValue.optional(),
  probability: probability.nullish(),
  notes: optionalText(1000, { multiline: true }).optional(),
  source: optionalText(64).optional(),
  feedback: feedback.optional(),
}).strict();
export type UpdateOpportunityInput = z.infer<typeof updateOpportunitySchema>;

export const moveStageSchema = z.object({
  stageId: idValue,
  feedback: feedback.optional().default({}),
}).strict();
export type MoveStageInput = z.infer<typeof moveStageSchema>;

export const listOpportunitiesSchema = z.object({
  scope,
  customerId: idParam.optional(),
  stageId: idParam.optional(),
  status: z.enum(STAGE_KINDS, { error: 'status 应为 open、won 或 lost' }).optional(),
  closingThisMonth: flag,
  q: text(64, { min: 0 }).optional().transform((v) => v || undefined),
  ...pageQuery.shape,
}).strict();
export type ListOpportunitiesQuery = z.infer<typeof listOpportunitiesSchema>;

const MONTH = /^(20\d\d)-(0[1-9]|1[0-2])$/;
export const forecastSchema = z.object({
  scope,
  month: z.string({ error: '月份格式应为 YYYY-MM' }).regex(MONTH, '月份格式应为 YYYY-MM').optional(),
}).strict();
export type ForecastQuery = z.infer<typeof forecastSchema>;

export const funnelSchema = forecastSchema;
export type FunnelQuery = z.infer<typeof funnelSchema>;

export const opportunityIdParam = idParam;
