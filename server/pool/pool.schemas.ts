import { z } from 'zod';
import { CUSTOMER_LEVELS } from '../../entities/customer.entity.ts';
import { idValue, intIn, pageQuery, queryInt, text } from '../http/inputs.ts';

const days = (max: number) => intIn(1, max);

export const poolRulesSchema = z.object({
  noFollowUpDays: days(3650),
  noDealDays: days(3650),
  noRepeatDealDays: days(3650).nullable(),
  warnDaysBefore: intIn(0, 365),
  holdingCap: intIn(1, 100000),
  claimCooldownDays: intIn(0, 3650),
  dailyClaimLimit: intIn(1, 10000),
  exemptLevels: z.array(z.enum(CUSTOMER_LEVELS)).max(CUSTOMER_LEVELS.length).transform((l) => [...new Set(l)]),
}).strict().refine((r) => r.warnDaysBefore < r.noFollowUpDays, { message: '必须小于未跟进回收天数', path: ['warnDaysBefore'] });

export const poolCustomersQuerySchema = z.object({
  q: text(64, { min: 0 }).optional().transform((v) => v || undefined),
  industry: text(64, { min: 0 }).optional(),
  region: text(64, { min: 0 }).optional(),
  level: z.enum(CUSTOMER_LEVELS).optional(),
  lastOwnerId: idValue.transform(String).optional(),
  /** Customers at least / at most this many days in the pool. */
  minDaysInPool: queryInt(0, 36500).optional(),
  maxDaysInPool: queryInt(0, 36500).optional(),
  ...pageQuery.shape,
}).strict();
export type PoolCustomersQuery = z.infer<typeof poolCustomersQuerySchema>;

export const releaseSchema = z.object({ reason: text(200) }).strict();
export const assignSchema = z.object({
  userId: idValue,
  /** A manager may exceed the assignee's holding cap only on purpose; the override is audited. */
  overrideCap: z.boolean().default(false),
  reason: text(200, { min: 0 }).optional().transform((v) => v || undefined),
}).strict();
export const reclaimSchema = z.object({ reason: text(200) }).strict();

export const createPoolSchema = z.object({
  name: text(64),
  departmentId: idValue,
  rules: poolRulesSchema,
}).strict();
