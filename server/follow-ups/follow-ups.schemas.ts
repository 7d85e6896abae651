import { z } from 'zod';
import { FOLLOW_UP_TYPES } from '../../entities/follow-up.entity.ts';

/** ISO-8601 date-time with offset, or a plain date (YYYY-MM-DD, taken as 09:00 business time). */
const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: '时间格式应为 ISO-8601，例如 2026-11-26T09:00:00+08:00 或 2026-11-26' });

export const createFollowUpSchema = z.object({
  type: z.enum(FOLLOW_UP_TYPES, { error: '跟进方式应为 call、visit、wechat、email、meeting 或 other' }),
  content: z.string().trim().min(1, '跟进内容不能为空').max(2000, '跟进内容不能超过 2000 个字符'),
  at: instant.optional(),
  nextFollowUpAt: instant.nullish(),
  checkIn: z.object({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    address: z.string().trim().min(1, '签到地址不能为空').max(255, '签到地址不能超过 255 个字符'),
  }).strict().nullish(),
}).strict();
export type CreateFollowUpInput = z.infer<typeof createFollowUpSchema>;
