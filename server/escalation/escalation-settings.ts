import { z } from 'zod';
import { CUSTOMER_LEVELS } from '../../entities/customer.entity.ts';
import type { Database } from '../infra/db.ts';
import { AppSettingsRepository } from '../infra/app-settings.repository.ts';
import { DEFAULT_ESCALATION_SETTINGS, type EscalationSettings } from './rules/select-escalations.ts';

export const ESCALATION_SETTINGS_KEY = 'escalation.settings';

export const escalationSettingsSchema = z.object({
  enabled: z.boolean({ message: 'enabled 必须是 true 或 false' }),
  levels: z.array(z.enum(CUSTOMER_LEVELS, { message: '客户等级只能是 key、A、B、C' }), { message: 'levels 必须是客户等级的列表' })
    .max(CUSTOMER_LEVELS.length).transform((ls) => [...new Set(ls)]),
}, { message: '请提供升级提醒设置' });

/** The admin's settings (app_settings, one JSON value); absent or unreadable → the defaults. */
export async function readEscalationSettings(db: Database): Promise<EscalationSettings> {
  const raw = await new AppSettingsRepository(db).read(ESCALATION_SETTINGS_KEY);
  if (!raw) return DEFAULT_ESCALATION_SETTINGS;
  try {
    const parsed = escalationSettingsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : DEFAULT_ESCALATION_SETTINGS;
  } catch {
    return DEFAULT_ESCALATION_SETTINGS;
  }
}

export async function writeEscalationSettings(db: Database, settings: EscalationSettings, at: Date): Promise<EscalationSettings> {
  await new AppSettingsRepository(db).write(ESCALATION_SETTINGS_KEY, JSON.stringify(settings), at);
  return settings;
}
