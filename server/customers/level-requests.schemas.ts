import { z } from 'zod';
import { CUSTOMER_LEVELS } from '../../entities/customer.entity.ts';
import { pageQuery, text } from '../http/inputs.ts';

export const createLevelRequestSchema = z.object({
  level: z.enum(CUSTOMER_LEVELS, { error: '等级应为 key、A、B 或 C' }),
  reason: text(200),
}).strict();
export type CreateLevelRequestInput = z.infer<typeof createLevelRequestSchema>;

export const decideLevelRequestSchema = z.object({
  decision: z.enum(['approve', 'reject'], { error: '请选择同意或驳回' }),
  comment: text(200, { min: 0 }).optional().transform((v) => v || undefined),
}).strict().refine((v) => v.decision === 'approve' || !!v.comment, { message: '驳回时请填写原因', path: ['comment'] });
export type DecideLevelRequestInput = z.infer<typeof decideLevelRequestSchema>;

export const levelRequestListSchema = z.object({
  box: z.enum(['todo', 'mine'], { error: 'box 应为 todo 或 mine' }).default('todo'),
  ...pageQuery.shape,
}).strict();
export type LevelRequestListQuery = z.infer<typeof levelRequestListSchema>;
