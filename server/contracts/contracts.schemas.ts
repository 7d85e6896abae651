import { z } from 'zod';
import { CONTRACT_STATUSES } from '../../entities/contract.entity.ts';
import { calendarDate, idParam, idValue, intIn, pageQuery, text } from '../http/inputs.ts';
import { MAX_CONTRACT_FEN, percentToBp } from './rules/money.ts';

const day = () => calendarDate({ min: '2000-01-01', max: '2099-12-31' });
const amountFen = intIn(1, MAX_CONTRACT_FEN);
/** Percent off, 0–100 with at most two decimals, stored as basis points. */
const discountPct = z.number({ error: '折扣应为数字（百分比）' }).min(0, '折扣不能小于 0').max(100, '折扣不能大于 100')
  .transform((v, ctx) => {
    const bp = percentToBp(v);
    if (bp === null) {
      ctx.issues.push({ code: 'custom', message: '折扣最多保留两位小数', input: v });
      return z.NEVER;
    }
    return bp;
  });
const contractNumber = text(64).refine((v) => /^[\p{L}\p{N}._\-/#]+$/u.test(v), { message: '合同编号只能包含文字、数字和 - _ . / #' });

export const createContractSchema = z.object({
  customerId: idValue,
  opportunityId: idValue.nullish().transform((v) => v ?? null),
  number: contractNumber,
  amountFen,
  discountPct: discountPct.nullish().transform((v) => v ?? 0),
  signedOn: day().nullish().transform((v) => v ?? null),
  startOn: day(),
  endOn: day(),
}).strict().refine((v) => v.endOn >= v.startOn, { message: '结束日期不能早于开始日期', path: ['endOn'] });
export type CreateContractInput = z.infer<typeof createContractSchema>;

export const patchContractSchema = z.object({
  number: contractNumber.optional(),
  opportunityId: idValue.nullish(),
  amountFen: amountFen.optional(),
  discountPct: discountPct.optional(),
  signedOn: day().nullish(),
  startOn: day().optional(),
  endOn: day().optional(),
  status: z.enum(['completed', 'void'], { error: 'status 只能改为 completed（已完成）或 void（作废）' }).optional(),
}).strict();
export type PatchContractInput = z.infer<typeof patchContractSchema>;

export const listContractsSchema = z.object({
  scope: z.enum(['mine', 'team', 'all'], { error: 'scope 应为 mine、team 或 all' }).default('mine'),
  status: z.enum(CONTRACT_STATUSES, { error: 'status 应为 draft、pending_approval、signed、completed 或 void' }).optional(),
  customerId: idParam.optional(),
  q: text(64).optional(),
  ...pageQuery.shape,
}).strict();
export type ListContractsQuery = z.infer<typeof listContractsSchema>;

export const createPlanSchema = z.object({
  dueOn: day(),
  amountFen,
}).strict();
export type CreatePlanInput = z.infer<typeof createPlanSchema>;

export const createPaymentSchema = z.object({
  amountFen,
  receivedOn: day(),
}).strict();
export type CreatePaymentInput = z.infer<typeof createPaymentSchema>;

export const contractSettingsSchema = z.object({
  approvalLimit: z.object({
    maxDiscountPct: discountPct,
    maxAmountFen: intIn(0, MAX_CONTRACT_FEN),
  }).strict(),
  remindDaysBefore: intIn(0, 60).optional(),
  expiringWithinDays: intIn(1, 365).optional(),
}).strict();
export type ContractSettingsInput = z.infer<typeof contractSettingsSchema>;

export const contractIdParam = idParam;
