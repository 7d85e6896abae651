import type { EntityManager } from 'typeorm';
import { AppSettingsRepository, readSetting } from '../infra/app-settings.repository.ts';
import type { Database } from '../infra/db.ts';
import { policySchema } from './approvals.schemas.ts';
import { DEFAULT_REMINDER_THRESHOLDS, type ReminderThresholds } from './rules/reminders.ts';
import { DEFAULT_POLICY, type ApprovalPolicy } from './rules/routing.ts';

export const POLICY_SETTING_KEY = 'approvals.policy';

export interface StoredPolicy extends ApprovalPolicy {
  reminders: ReminderThresholds;
}

/** The approval policy lives in app_settings (one JSON value); absent → the default of API.md. */
export class ApprovalPolicyRepository {
  private readonly settings: AppSettingsRepository;

  constructor(db: Database) {
    this.settings = new AppSettingsRepository(db);
  }

  async read(em?: EntityManager): Promise<StoredPolicy> {
    const raw = em ? await readSetting(em, POLICY_SETTING_KEY) : await this.settings.read(POLICY_SETTING_KEY);
    if (raw) {
      try {
        const parsed = policySchema.safeParse(JSON.parse(raw));
        if (parsed.success) return { levels: parsed.data.levels, reminders: parsed.data.reminders ?? DEFAULT_REMINDER_THRESHOLDS };
      } catch {
        // A value that no longer parses falls back to the default (and is replaced on the next PUT).
      }
    }
    return { levels: DEFAULT_POLICY.levels, reminders: DEFAULT_REMINDER_THRESHOLDS };
  }

  async write(policy: StoredPolicy, at: Date): Promise<void> {
    await this.settings.write(POLICY_SETTING_KEY, JSON.stringify(policy), at);
  }
}
