import { z } from 'zod';
import { CUSTOMER_LEVELS, CUSTOMER_STAGES } from '../../entities/customer.entity.ts';
import { calendarDate, idParam, idValue, jsonFits, optionalText, pageQuery, text } from '../http/inputs.ts';
import { nameKeyProblem } from './rules/normalize-name.ts';
import { parsePhone } from './rules/phone.ts';

/** customers.tags is varchar(1024) holding the JSON list. */
const TAGS_JSON_MAX = 1024;

/** The name must fit its column and key to a non-empty, storable duplicate-check key. */
const customerName = text(128).superRefine((name, ctx) => {
  const problem = nameKeyProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The number as typed (shown as is); the service keys it with phoneKey. Empty means no phone. */
const contactPhone = optionalText(32).superRefine((phone, ctx) => {
  if (phone === null) return;
  const parsed = parsePhone(phone);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});

/** An id (digit string or number) checked to fit an int column, kept as the string services expect. */
const idString = idValue.transform(String);

export const contactInputSchema = z.object({
  id: idString.optional(),
  name: text(64),
  title: optionalText(64),
  phone: contactPhone,
  birthday: calendarDate().nullish().transform((v) => v ?? null),
}).strict();

/** A new record's contact may be one of the caller's WeCom customers (linked in the same step). */
export const createContactInputSchema = contactInputSchema.extend({
  externalUserId: z.string({ error: '企业微信客户 ID 不正确' }).regex(/^[A-Za-z0-9_-]{1,64}$/, '企业微信客户 ID 不正确').optional(),
}).strict();

const tagsSchema = z.array(text(20), { error: '标签应为列表' }).max(20, '标签不能超过 20 个')
  .transform((tags) => [...new Set(tags)])
  .refine((tags) => jsonFits(tags, TAGS_JSON_MAX), { message: '标签总长度超出限制' });

const contactsSchema = z.array(contactInputSchema, { error: '联系人应为列表' }).max(50, '联系人不能超过 50 个');

export const createCustomerSchema = z.object({
  name: customerName,
  industry: optionalText(64),
  size: optionalText(32),
  region: optionalText(64),
  source: optionalText(64),
  level: z.enum(CUSTOMER_LEVELS).default('C'),
  stage: z.enum(CUSTOMER_STAGES).default('lead'),
  tags: tagsSchema.default([]),
  contacts: z.array(createContactInputSchema, { error: '联系人应为列表' }).max(50, '联系人不能超过 50 个')
    .refine((list) => new Set(list.map((c) => c.externalUserId).filter(Boolean)).size === list.filter((c) => c.externalUserId).length, {
      message: '同一个企业微信客户只能关联一个联系人',
    })
    .default([]),
}).strict();
export type CreateCustomerInput = z.infer<typeof createCustomerSchema>;

export const updateCustomerSchema = z.object({
  name: customerName.optional(),
  industry: optionalText(64).optional(),
  size: optionalText(32).optional(),
  region: optionalText(64).optional(),
  source: optionalText(64).optional(),
  level: z.enum(CUSTOMER_LEVELS).optional(),
  stage: z.enum(CUSTOMER_STAGES).optional(),
  tags: tagsSchema.optional(),
  /** When present, the complete new list: items with id are updated, others added, missing ones removed. */
  contacts: contactsSchema.optional(),
  /** Why: recorded in the history when an exempt level or a deal stage changes (managers only). */
  reason: text(200).optional(),
}).strict().refine((v) => Object.keys(v).length > 0, { message: '没有要修改的字段' });
export type UpdateCustomerInput = z.infer<typeof updateCustomerSchema>;

export const listCustomersSchema = z.object({
  scope: z.enum(['mine', 'team', 'all']).default('mine'),
  q: text(64, { min: 0 }).optional().transform((v) => v || undefined),
  stage: z.enum(CUSTOMER_STAGES).optional(),
  level: z.enum(CUSTOMER_LEVELS).optional(),
  tag: text(20).optional(),
  ownerId: idString.optional(),
  /** Only customers in the warning window of their pool (soon reclaimed). */
  soon: z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1'),
  /** Only customers whose last follow-up (or none at all) is older than this many days. */
  followUpOlderThanDays: z.coerce.number({ message: '跟进天数必须是整数' }).int('跟进天数必须是整数').min(1, '跟进天数至少为 1').max(3650, '跟进天数不能超过 3650').optional(),
  sort: z.enum(['updatedAt', 'lastFollowUpAt', 'createdAt', 'name']).default('updatedAt'),
  ...pageQuery.shape,
}).strict();
export type ListCustomersQuery = z.infer<typeof listCustomersSchema>;

export const idParamSchema = idParam;

export const addFollowerSchema = z.object({ userId: idString }).strict();
