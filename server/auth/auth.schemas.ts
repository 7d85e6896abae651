import { z } from 'zod';

export const codeLoginSchema = z.object({ code: z.string().trim().min(1, '缺少 code').max(512, 'code 过长') }).strict();
export const devLoginSchema = z.object({
  userId: z.union([z.string().regex(/^\d{1,10}$/, 'userId 无效'), z.number().int().positive()]).transform(Number),
}).strict();
