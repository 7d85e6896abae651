import { z } from 'zod';
import { calendarDate, idParam, idValue, intIn, pageQuery, text } from '../http/inputs.ts';
import { MAX_AMOUNT_FEN, MIN_AMOUNT_FEN } from './rules/money.ts';
import { MAX_POLICY_LEVELS } from './rules/routing.ts';

export const FILED_TYPES = ['entertainment', 'travel', 'gift', 'discount', 'other'] as const;
export type FiledType = (typeof FILED_TYPES)[number];
/** Types that are about a customer: the customer is required. */
export const CUSTOMER_TYPES: readonly FiledType[] = ['entertainment', 'gift', 'discount'];

export const TYPE_LABELS: Record<string, string> = {
  entertainment: '招待', travel: '差旅', gift: '礼品', discount: '折扣', other: '其他', contract: '合同',
};

/** Integer fen, > 0 and ≤ 100,000,000 元 (fits BIGINT on both databases and a JS number exactly). */
const amountFenSchema = intIn(MIN_AMOUNT_FEN, MAX_AMOUNT_FEN);
const idString = idValue;
const attachmentIds = z.array(idString, { error: '附件应为列表' }).max(9, '每个申请最多 9 张图片')
  .transform((ids) => [...new Set(ids)]);

export const createApprovalSchema = z.object({
  type: z.enum(FILED_TYPES, { error: '类型应为 entertainment、travel、gift、discount 或 other' }),
  amountFen: amountFenSchema,
  customerId: idString.nullish().transform((v) => v ?? null),
  opportunityId: idString.nullish().transform((v) => v ?? null),
  reason: text(500, { multiline: true }),
  occurredOn: calendarDate({ min: '2000-01-01', max: '2099-12-31' }).nullish().transform((v) => v ?? null),
  attachmentIds: attachmentIds.optional().default([]),
}).strict();
export type CreateApprovalInput = z.infer<typeof createApprovalSchema>;

export const resubmitApprovalSchema = z.object({
  type: z.enum(FILED_TYPES, { error: '类型应为 entertainment、travel、gift、discount 或 other' }).optional(),
  amountFen: amountFenSchema.optional(),
  customerId: idString.nullish(),
  opportunityId: idString.nullish(),
  reason: text(500, { multiline: true }).optional(),
  occurredOn: calendarDate({ min: '2000-01-01', max: '2099-12-31' }).nullish(),
  attachmentIds: attachmentIds.optional(),
}).strict();
export type ResubmitApprovalInput = z.infer<typeof resubmitApprovalSchema>;

export const decideApprovalSchema = z.object({
  decision: z.enum(['approve', 'reject'], { error: '请选择同意（approve）或驳回（reject）' }),
  comment: text(500, { min: 0, multiline: true }).nullish().transform((v) => v || undefined),
}).strict().refine((v) => v.decision === 'approve' || !!v.comment, { message: '驳回时请填写原因', path: ['comment'] });
export type DecideApprovalInput = z.infer<typeof decideApprovalSchema>;

export const BOXES = ['mine', 'todo', 'done'] as const;
export const listApprovalsSchema = z.object({
  box: z.enum(BOXES, { error: 'box 应为 mine、todo 或 done' }).default('mine'),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn'], { error: 'status 应为 pending、approved、rejected 或 withdrawn' }).optional(),
  ...pageQuery.shape,
}).strict();
export type ListApprovalsQuery = z.infer<typeof listApprovalsSchema>;

const approverSpecSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('leader') }).strict(),
  z.object({ type: z.literal('role'), role: z.enum(['manager', 'admin'], { error: '审批角色应为 manager 或 admin' }) }).strict(),
  z.object({
    type: z.literal('users'),
    userIds: z.array(idString, { error: '审批人应为列表' }).min(1, '请至少选择一位审批人').max(20, '每级最多 20 位审批人')
      .transform((ids) => [...new Set(ids)]),
  }).strict(),
], { error: '审批人类型应为 leader、role 或 users' });

export const policySchema = z.object({
  levels: z.array(z.object({
    approvers: approverSpecSchema,
    overAmountFen: intIn(0, MAX_AMOUNT_FEN),
  }).strict(), { error: 'levels 应为列表' }).min(1, '至少需要一级审批').max(MAX_POLICY_LEVELS, `最多 ${MAX_POLICY_LEVELS} 级审批`)
    .refine((levels) => levels.every((l, i) => i === 0 || l.overAmountFen > levels[i - 1]!.overAmountFen), {
      message: '各级金额门槛必须逐级递增',
    }),
  reminders: z.object({
    remindAfterHours: intIn(1, 24 * 30),
    escalateAfterHours: intIn(1, 24 * 90),
  }).strict().optional(),
}).strict();
export type PolicyInput = z.infer<typeof policySchema>;

export const expenseReportSchema = z.object({
  month: z.string({ error: '请提供月份（YYYY-MM）' }).regex(/^(20\d\d)-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'),
}).strict();

export const approvalIdParam = idParam;
