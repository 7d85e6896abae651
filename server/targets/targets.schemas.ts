import { z } from 'zod';
import { idValue, intIn } from '../http/inputs.ts';
import { MAX_CONTRACT_FEN } from '../contracts/rules/money.ts';

const period = z.string({ error: '请提供月份（YYYY-MM）' }).regex(/^(20\d\d)-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const amount = intIn(0, MAX_CONTRACT_FEN).nullable();

export const getTargetsSchema = z.object({ period: period.optional() }).strict();

export const putTargetsSchema = z.object({
  period,
  items: z.array(z.object({
    userId: idValue.optional(),
    departmentId: idValue.optional(),
    wonAmountFen: amount,
    paymentsFen: amount,
  }).strict().refine((v) => (v.userId === undefined) !== (v.departmentId === undefined), { message: '每项需指定 userId 或 departmentId 之一' })
    .refine((v) => (v.wonAmountFen === null) === (v.paymentsFen === null), { message: '成交目标和回款目标需同时填写（或同时为 null 以清除）' }),
  { error: 'items 应为列表' }).min(1, '请至少设置一项目标').max(500, '一次最多设置 500 项目标'),
}).strict();
export type PutTargetsInput = z.infer<typeof putTargetsSchema>;
