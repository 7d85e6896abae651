import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { CUSTOMER_LEVELS } from '../../entities/customer.entity.ts';
import type { Actor } from '../auth/actor.ts';
import { writeAudit } from '../audit/audit.service.ts';
import { ForbiddenError } from '../http/errors.ts';
import type { Clock } from '../infra/clock.ts';
import type { Database } from '../infra/db.ts';
import { readSetting, writeSetting } from '../infra/app-settings.repository.ts';
import { DEFAULT_ESCALATION_SETTINGS, type EscalationSettings } from './rules/select-escalations.ts';

export const ESCALATION_SETTINGS_KEY = 'escalation.settings';

/** Bounds an admin may choose (the job looks back 14 days for warnings, so grace stays well inside). */
export const GRACE_DAYS = { min: 1, max: 7 } as const;
export const DUE_WITHIN_DAYS = { min: 1, max: 30 } as const;

export const escalationMessages = {
  forbidden: '只有管理员可以设置升级提醒',
  missing: '请提供升级提醒设置',
  enabled: '升级提醒开关必须是 true 或 false',
  levels: '客户等级必须是列表，可选 key（重点）、A、B、C',
  level: '客户等级只能是 key（重点）、A、B、C',
  levelsRequired: '客户等级至少选择一个，或关闭升级提醒',
  graceDays: `跟进宽限天数须为 ${GRACE_DAYS.min} 到 ${GRACE_DAYS.max} 的整数`,
  dueWithinDays: `回收前天数须为 ${DUE_WITHIN_DAYS.min} 到 ${DUE_WITHIN_DAYS.max} 的整数，或留空表示整个预警期`,
} as const;

/** The fields' names in the top-level error message (the app shows it as is). */
export const ESCALATION_FIELD_LABELS = { enabled: '升级提醒开关', levels: '客户等级', graceDays: '跟进宽限天数', dueWithinDays: '回收前天数' } as const;

const wholeDays = (bounds: { min: number; max: number }, message: string) =>
  z.number({ message }).int({ message }).min(bounds.min, { message }).max(bounds.max, { message });

/**
 * What is stored: older values ({enabled, levels}) gain today's defaults for the fields added
 * since, so an upgrade keeps the admin's choice.
 */
const storedSettingsSchema = z.object({
  enabled: z.boolean({ message: escalationMessages.enabled }),
  levels: z.array(z.enum(CUSTOMER_LEVELS, { message: escalationMessages.level }), { message: escalationMessages.levels })
    .max(CUSTOMER_LEVELS.length, { message: escalationMessages.levels }).transform((ls) => [...new Set(ls)]),
  graceDays: wholeDays(GRACE_DAYS, escalationMessages.graceDays).default(DEFAULT_ESCALATION_SETTINGS.graceDays),
  dueWithinDays: wholeDays(DUE_WITHIN_DAYS, escalationMessages.dueWithinDays).nullable().default(DEFAULT_ESCALATION_SETTINGS.dueWithinDays),
}, { message: escalationMessages.missing });

/** PUT /api/escalation-settings: the whole settings (graceDays and dueWithinDays default when left out). */
export const escalationSettingsSchema = storedSettingsSchema.strict().superRefine((s, ctx) => {
  if (s.enabled && s.levels.length === 0) ctx.addIssue({ code: 'custom', path: ['levels'], message: escalationMessages.levelsRequired });
});

/** The admin's settings (app_settings, one JSON value); absent or unreadable → the defaults. */
export async function readEscalationSettings(em: EntityManager): Promise<EscalationSettings> {
  const raw = await readSetting(em, ESCALATION_SETTINGS_KEY);
  if (!raw) return DEFAULT_ESCALATION_SETTINGS;
  try {
    const parsed = storedSettingsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : DEFAULT_ESCALATION_SETTINGS;
  } catch {
    return DEFAULT_ESCALATION_SETTINGS;
  }
}

/** Reading and changing the settings (admins only); a change and its audit row are one transaction. */
export class EscalationSettingsService {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  async get(actor: Actor): Promise<EscalationSettings> {
    this.assertAdmin(actor);
    return readEscalationSettings(this.db.manager);
  }

  async put(actor: Actor, input: EscalationSettings): Promise<EscalationSettings> {
    this.assertAdmin(actor);
    const now = this.clock.now();
    return this.db.tx(async (em) => {
      const before = await readEscalationSettings(em);
      await writeSetting(em, ESCALATION_SETTINGS_KEY, JSON.stringify(input), now);
      await writeAudit(em, {
        actorId: actor.id, action: 'escalation.settings', entityType: 'app_setting', entityId: ESCALATION_SETTINGS_KEY,
        before, after: input, requestId: actor.requestId, at: now,
      });
      return input;
    });
  }

  assertAdmin(actor: Actor): void {
    if (actor.role !== 'admin') throw new ForbiddenError(escalationMessages.forbidden);
  }
}
