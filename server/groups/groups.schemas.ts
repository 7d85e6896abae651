import { z } from 'zod';
import { idValue } from '../http/inputs.ts';

/** WeCom chat_id: letters, digits, `_` or `-`, ≤ 64 (WeCom's are ~30, wr…). */
export const chatIdSchema = z.string({ error: '客户群 ID 不正确' }).regex(/^[A-Za-z0-9_-]{1,64}$/, '客户群 ID 不正确');

export const bindSchema = z.object({ customerId: idValue.transform(Number) }).strict();

/** `GET /api/groups?bound=false`: only the unbound list exists (a customer's groups are under the customer). */
export const listGroupsQuerySchema = z.object({
  bound: z.literal('false', { error: 'bound 只能是 false' }),
}).strict();
