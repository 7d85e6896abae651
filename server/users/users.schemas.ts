import { z } from 'zod';

/** GET /api/users: people pickers search and page on the server; `purpose` offers only valid choices. */
export const listUsersSchema = z.strictObject({
  q: z.string().trim().max(64, '搜索词不能超过 64 个字符').optional().transform((v) => v || undefined),
  page: z.coerce.number({ error: '页码必须是整数' }).int('页码必须是整数').min(1, '页码从 1 开始').max(100000, '页码过大').default(1),
  pageSize: z.coerce.number({ error: '每页条数必须是整数' }).int('每页条数必须是整数').min(1, '每页至少 1 条').max(200, '每页最多 200 条').default(50),
  /**
   * assign: people the caller may assign the customer to; follower: people who may become its co-followers;
   * handover-from: members the caller may hand over (their subtree, those who left included, not themself);
   * handover-to: members who may take over (active, in the caller's subtree).
   */
  purpose: z.enum(['assign', 'follower', 'handover-from', 'handover-to'], { error: 'purpose 应为 assign、follower、handover-from 或 handover-to' }).optional(),
  customerId: z.string().regex(/^\d{1,10}$/, 'customerId 无效').transform(Number).optional(),
}, { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的参数：${issue.keys.join('、')}` : undefined) }).refine((v) => !v.purpose || v.purpose.startsWith('handover') || v.customerId !== undefined, { message: '请指定客户', path: ['customerId'] });
export type ListUsersQuery = z.infer<typeof listUsersSchema>;
