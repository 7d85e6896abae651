import { z } from 'zod';
import { CUSTOMER_LEVELS } from '../../entities/customer.entity.ts';

export const createLevelRequestSchema = z.object({
  level: z.enum(CUSTOMER_LEVELS, { error: '等级应为 key、A、B 或 C' }),
  reason: z.string().trim().min(1, '请填写申请理由').max(200, '申请理由不能超过 200 个字符'),
}).strict();
export type CreateLevelRequestInput = z.infer<typeof createLevelRequestSchema>;

export const decideLevelRequestSchema = z.object({
  decision: z.enum(['approve', 'reject'], { error: '请选择同意或驳回' }),
  comment: z.string().trim().max(200, '意见不能超过 200 个字符').optional().transform((v) => v || undefined),
}).strict().refine((v) => v.decision === 'approve' || !!v.comment, { message: '驳回时请填写原因', path: ['comment'] });
export type DecideLevelRequestInput = z.infer<typeof decideLevelRequestSchema>;

export const levelRequestListSchema = z.object({
  box: z.enum(['todo', 'mine'], { error: 'box 应为 todo 或 mine' }).default('todo'),
  page: z.coerce.number({ error: '页码必须是整数' }).int('页码必须是整数').min(1, '页码从 1 开始').max(10000, '页码过大').default(1),
  pageSize: z.coerce.number({ error: '每页条数必须是整数' }).int('每页条数必须是整数').min(1, '每页至少 1 条').max(100, '每页最多 100 条').default(20),
}).strict();
export type LevelRequestListQuery = z.infer<typeof levelRequestListSchema>;
