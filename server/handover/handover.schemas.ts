import { z } from 'zod';
import { idParam, idValue, pageQuery, text } from '../http/inputs.ts';

const userId = idValue;

export const createHandoverSchema = z.object({
  fromUserId: idValue,
  to: z.union([
    z.object({ userId }).strict(),
    z.object({ userIds: z.array(userId).min(1, { error: '请至少选择一位接手人' }).max(20, { error: '一次最多分给 20 位接手人' }) }).strict(),
    z.object({ pool: z.literal(true) }).strict(),
  ], { error: '请选择接手人（userId 或 userIds）或退回公海（pool: true）' }),
  customerIds: z.array(idValue).min(1, { error: '请至少选择一位客户' }).max(5000, { error: '一次最多交接 5000 位客户' }).optional(),
  reason: text(200),
  overrideCap: z.boolean({ error: 'overrideCap 应为 true 或 false' }).default(false),
}).strict();
export type CreateHandoverInput = z.infer<typeof createHandoverSchema>;

export const previewQuerySchema = z.object({ fromUserId: idParam }).strict();

export const listHandoversSchema = z.object({
  status: z.enum(['draft', 'running', 'done', 'failed'], { error: 'status 应为 draft、running、done 或 failed' }).optional(),
  ...pageQuery.shape,
}).strict();
export type ListHandoversQuery = z.infer<typeof listHandoversSchema>;

/** Failed WeCom transfers again, to the same successors or all to another member. */
export const retryWecomSchema = z.object({ toUserId: idValue.optional() }).strict();
