import { z } from 'zod';
import { CUSTOMER_LEVELS } from '../../entities/customer.entity.ts';

const days = (max: number) => z.number({ error: '必须是整数天数' }).int('必须是整数天数').min(1, '至少 1 天').max(max, `不能超过 ${max} 天`);

export const poolRulesSchema = z.object({
  noFollowUpDays: days(3650),
  noDealDays: days(3650),
  noRepeatDealDays: days(3650).nullable(),
  warnDaysBefore: z.number().int().min(0).max(365),
  holdingCap: z.number().int().min(1).max(100000),
  claimCooldownDays: z.number().int().min(0).max(3650),
  dailyClaimLimit: z.number().int().min(1).max(10000),
  exemptLevels: z.array(z.enum(CUSTOMER_LEVELS)).max(CUSTOMER_LEVELS.length).transform((l) => [...new Set(l)]),
}).strict().refine((r) => r.warnDaysBefore < r.noFollowUpDays, { message: '提前提醒天数必须小于未跟进回收天数', path: ['warnDaysBefore'] });

export const poolCustomersQuerySchema = z.object({
  q: z.string().trim().max(64).optional().transform((v) => v || undefined),
  industry: z.string().trim().max(64).optional(),
  region: z.string().trim().max(64).optional(),
  level: z.enum(CUSTOMER_LEVELS).optional(),
  lastOwnerId: z.string().regex(/^\d{1,10}$/).optional(),
  /** Customers at least / at most this many days in the pool. */
  minDaysInPool: z.coerce.number().int().min(0).max(36500).optional(),
  maxDaysInPool: z.coerce.number().int().min(0).max(36500).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
}).strict();
export type PoolCustomersQuery = z.infer<typeof poolCustomersQuerySchema>;

export const releaseSchema = z.object({ reason: z.string().trim().min(1, '请填写释放原因').max(200, '原因不能超过 200 个字符') }).strict();
export const assignSchema = z.object({
  userId: z.union([z.string().regex(/^\d{1,10}$/, 'userId 无效'), z.number().int().positive()]).transform(Number),
  /** A manager may exceed the assignee's holding cap only on purpose; the override is audited. */
  overrideCap: z.boolean().default(false),
  reason: z.string().trim().max(200).optional(),
}).strict();
export const reclaimSchema = z.object({ reason: z.string().trim().min(1, '请填写收回原因').max(200) }).strict();

export const createPoolSchema = z.object({
  name: z.string().trim().min(1, '请填写公海名称').max(64, '公海名称不能超过 64 个字符'),
  departmentId: z.union([z.string().regex(/^\d{1,10}$/, '部门 id 无效'), z.number().int().positive()]).transform(Number)
    .refine((n) => n <= 2147483647, '部门 id 无效'),
  rules: poolRulesSchema,
}).strict();
