import { z } from 'zod';
import { isInstantInRange } from '../../../server/http/inputs.ts';

/** The product refuses instants outside 2000–2100 (year 10000 would not even fit a datetime column). */
export const clockOutOfRangeMessage = '模拟时钟只能设在 2000 年至 2100 年之间';

/** POST /sim/api/login-codes — a code as the member's WeCom client would obtain it. */
export const loginCodeRequestSchema = z.strictObject({
  /** The member's WeCom userid. */
  userId: z.string().min(1).max(64),
  kind: z.enum(['miniprogram', 'oauth']),
  /** OAuth with scope snsapi_privateinfo: the exchange also returns a user_ticket. */
  privateInfo: z.boolean().optional(),
});

/** POST /sim/api/clock — exactly one of an absolute time or a jump in days. */
export const clockChangeSchema = z
  .strictObject({
    now: z.iso
      .datetime({ offset: true })
      .refine((v) => isInstantInRange(new Date(v)), { message: clockOutOfRangeMessage })
      .optional(),
    advanceDays: z.number().min(-3650).max(3650).optional(),
  })
  .refine((v) => (v.now === undefined) !== (v.advanceDays === undefined), {
    message: '需要且只能提供 now 或 advanceDays 之一',
  });

/** POST /sim/api/faults — replaces the whole setting; `{failRate: 0}` restores a healthy API. */
export const faultSettingsSchema = z.strictObject({
  failRate: z.number().min(0).max(1),
  errcode: z
    .number()
    .int()
    .refine((code) => code !== 0, { message: 'errcode 0 表示成功，不能用作故障' })
    .optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  /** Limit the faults to these endpoints (relative to /cgi-bin, e.g. "message/send"). */
  paths: z.array(z.string().min(1)).optional(),
});

export type LoginCodeRequest = z.infer<typeof loginCodeRequestSchema>;
export type ClockChange = z.infer<typeof clockChangeSchema>;
export type FaultSettingsRequest = z.infer<typeof faultSettingsSchema>;

/** POST /sim/api/clock/travel — exactly one of a number of days or a target instant (range checked by the travel). */
export const clockTravelSchema = z
  .strictObject({
    days: z.number().positive('天数必须大于 0').optional(),
    to: z.iso
      .datetime({ offset: true })
      .refine((v) => isInstantInRange(new Date(v)), { message: clockOutOfRangeMessage })
      .optional(),
  })
  .refine((v) => (v.days === undefined) !== (v.to === undefined), {
    message: '需要且只能提供 days 或 to 之一',
  });

export type ClockTravelRequest = z.infer<typeof clockTravelSchema>;
