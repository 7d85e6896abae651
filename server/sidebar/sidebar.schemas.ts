import { z } from 'zod';

/** The page URL to sign: an absolute http(s) URL, ≤ 2048 characters. */
export const jssdkConfigQuerySchema = z.object({
  url: z.string({ error: '请提供页面地址 url' }).trim().min(1, '请提供页面地址 url').max(2048, '页面地址过长')
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        return false;
      }
    }, '页面地址 url 需为完整的 http(s) 地址'),
}).strict();
