import type { EntityManager } from 'typeorm';
import { readSetting } from '../infra/app-settings.repository.ts';
import { DEFAULT_APPROVAL_LIMIT, type ApprovalLimit } from './rules/contract-rules.ts';

export const CONTRACT_SETTINGS_KEY = 'contracts.settings';

export interface ContractSettings {
  approvalLimit: ApprovalLimit;
  /** Instalments are announced this many days before they are due. */
  remindDaysBefore: number;
  /** Signed contracts ending within this many days are announced. */
  expiringWithinDays: number;
}

export const DEFAULT_CONTRACT_SETTINGS: ContractSettings = { approvalLimit: DEFAULT_APPROVAL_LIMIT, remindDaysBefore: 3, expiringWithinDays: 30 };

/** The admin's settings (app_settings, one JSON value); absent or unreadable → the defaults. */
export async function readContractSettings(em: EntityManager): Promise<ContractSettings> {
  const raw = await readSetting(em, CONTRACT_SETTINGS_KEY);
  if (!raw) return DEFAULT_CONTRACT_SETTINGS;
  try {
    const v = JSON.parse(raw) as Partial<ContractSettings>;
    return {
      approvalLimit: { ...DEFAULT_APPROVAL_LIMIT, ...v.approvalLimit },
      remindDaysBefore: v.remindDaysBefore ?? DEFAULT_CONTRACT_SETTINGS.remindDaysBefore,
      expiringWithinDays: v.expiringWithinDays ?? DEFAULT_CONTRACT_SETTINGS.expiringWithinDays,
    };
  } catch {
    return DEFAULT_CONTRACT_SETTINGS;
  }
}
