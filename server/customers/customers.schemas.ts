import { z } from 'zod';
import { CUSTOMER_LEVELS, CUSTOMER_STAGES } from '../../entities/customer.entity.ts';

const trimmed = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 个字符`);
const optionalText = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字符`).nullish().transform((v) => (v ? v : null));

export const contactInputSchema = z.object({
  id: z.string().regex(/^\d{1,10}$/, '联系人 id 无效').optional(),
  name: trimmed(64),
  title: optionalText(64),
  phone: z.string().trim().max(32, '不能超过 32 个字符').regex(/^[\d\s+\-()（）＋]*$/, '电话号码格式不正确').nullish().transform((v) => (v ? v : null)),
  birthday: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').nullish().transform((v) => v ?? null),
}).strict();

const tagsSchema = z.array(z.string().trim().min(1, '标签不能为空').max(20, '标签不能超过 20 个字符')).max(20, '标签不能超过 20 个')
  .transform((tags) => [...new Set(tags)]);

export const createCustomerSchema = z.object({
  name: trimmed(128),
  industry: optionalText(64),
  size: optionalText(32),
  region: optionalText(64),
  source: optionalText(64),
  level: z.enum(CUSTOMER_LEVELS).default('C'),
  stage: z.enum(CUSTOMER_STAGES).default('lead'),
  tags: tagsSchema.default([]),
  contacts: z.array(contactInputSchema).max(50, '联系人不能超过 50 个').default([]),
}).strict();
export type CreateCustomerInput = z.infer<typeof createCustomerSchema>;

export const updateCustomerSchema = z.object({
  name: trimmed(128).optional(),
  industry: optionalText(64).optional(),
  size: optionalText(32).optional(),
  region: optionalText(64).optional(),
  source: optionalText(64).optional(),
  level: z.enum(CUSTOMER_LEVELS).optional(),
  stage: z.enum(CUSTOMER_STAGES).optional(),
  tags: tagsSchema.optional(),
  /** When present, the complete new list: items with id are updated, others added, missing ones removed. */
  contacts: z.array(contactInputSchema).max(50, '联系人不能超过 50 个').optional(),
  /** Why: recorded in the history when an exempt level or a deal stage changes (managers only). */
  reason: z.string().trim().min(1, '原因不能为空').max(200, '原因不能超过 200 个字符').optional(),
}).strict().refine((v) => Object.keys(v).length > 0, { message: '没有要修改的字段' });
export type UpdateCustomerInput = z.infer<typeof updateCustomerSchema>;

export const listCustomersSchema = z.object({
  scope: z.enum(['mine', 'team', 'all']).default('mine'),
  q: z.string().trim().max(64, '搜索词不能超过 64 个字符').optional().transform((v) => v || undefined),
  stage: z.enum(CUSTOMER_STAGES).optional(),
  level: z.enum(CUSTOMER_LEVELS).optional(),
  tag: z.string().trim().min(1).max(20).optional(),
  ownerId: z.string().regex(/^\d{1,10}$/).optional(),
  /** Only customers in the warning window of their pool (soon reclaimed). */
  soon: z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1'),
  sort: z.enum(['updatedAt', 'lastFollowUpAt', 'createdAt', 'name']).default('updatedAt'),
  page: z.coerce.number().int('页码必须是整数').min(1, '页码从 1 开始').max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '每页最多 100 条').default(20),
}).strict();
export type ListCustomersQuery = z.infer<typeof listCustomersSchema>;

export const idParamSchema = z.string().regex(/^\d{1,10}$/, 'id 无效').transform(Number);

export const addFollowerSchema = z.object({ userId: z.string().regex(/^\d{1,10}$/, 'userId 无效').or(z.number().int().positive().transform(String)) }).strict();
