import { z } from 'zod';
import { idValue, pageQuery } from '../http/inputs.ts';

/** WeCom external_userid: up to 64 letters, digits, `_` or `-` (WeCom's ids are 32 chars, wm/wo…). */
export const externalUserIdSchema = z.string({ error: '企业微信客户 ID 不正确' }).regex(/^[A-Za-z0-9_-]{1,64}$/, '企业微信客户 ID 不正确');

export const listWecomContactsSchema = z.object({
  linked: z.enum(['true', 'false', '1', '0'], { error: 'linked 只能是 true 或 false' }).optional()
    .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1')),
  userId: idValue.transform(String).optional(),
  ...pageQuery.shape,
}).strict();
export type ListWecomContactsQuery = z.infer<typeof listWecomContactsSchema>;

export const linkSchema = z.object({ customerId: idValue.transform(Number) }).strict();
