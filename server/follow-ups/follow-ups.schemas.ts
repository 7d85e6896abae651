import { z } from 'zod';
import { FOLLOW_UP_TYPES } from '../../entities/follow-up.entity.ts';
import { instant, intIn, text } from '../http/inputs.ts';

/** A coordinate as phones report it: a finite number within its range. */
const coordinate = (name: string, limit: number) =>
  z.number({ error: `${name}应为数字` })
    .min(-limit, `${name}应在 -${limit} 到 ${limit} 之间`)
    .max(limit, `${name}应在 -${limit} 到 ${limit} 之间`);

export const createFollowUpSchema = z.object({
  type: z.enum(FOLLOW_UP_TYPES, { error: '跟进方式应为 call、visit、wechat、email、meeting 或 other' }),
  content: text(2000, { multiline: true }),
  /** ISO-8601 date-time with offset, or a plain date (YYYY-MM-DD, taken as 09:00 business time). */
  at: instant().optional(),
  nextFollowUpAt: instant().nullish(),
  /** "明天 / 3天后 / 下周": 09:00 business time that many calendar days after today (the client counts no days). */
  nextFollowUpInDays: intIn(1, 366).optional(),
  checkIn: z.object({
    lat: coordinate('纬度', 90),
    lng: coordinate('经度', 180),
    address: text(255),
  }).strict().nullish(),
}).strict().refine((v) => !(v.nextFollowUpInDays !== undefined && v.nextFollowUpAt), {
  message: '不能与下次跟进时间同时填写', path: ['nextFollowUpInDays'],
});
export type CreateFollowUpInput = z.infer<typeof createFollowUpSchema>;
