import { z } from 'zod';

/** Raw environment, as documented in ../shared/API.md "Configuration". */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().default('sqlite:./data/wecrm.sqlite'),
  REDIS_URL: z.string().optional(),
  WECOM_MODE: z.enum(['simulator', 'live']).default('simulator'),
  WECOM_API_BASE: z.string().url().optional(),
  WECOM_CORP_ID: z.string().optional(),
  WECOM_AGENT_ID: z.string().optional(),
  WECOM_SECRET: z.string().optional(),
  WECOM_CALLBACK_TOKEN: z.string().optional(),
  WECOM_CALLBACK_AES_KEY: z.string().optional(),
  /** An optional second callback (the contacts-sync assistant's 通讯录同步 callback), with its own Token/EncodingAESKey. */
  WECOM_CONTACTS_CALLBACK_TOKEN: z.string().optional(),
  WECOM_CONTACTS_CALLBACK_AES_KEY: z.string().optional(),
  PUBLIC_BASE_URL: z.string().url().optional(),
  TZ_BUSINESS: z.string().default('Asia/Shanghai'),
  SESSION_SECRET: z.string().optional(),
  DEMO_DATA: z.enum(['true', 'false', '1', '0']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Business-time window in which non-urgent cards are held, e.g. 21:00-08:00, or "off". */
  QUIET_HOURS: z.string().default('21:00-08:00'),
  /** A customer not contacted for this many days is "forgotten" (card + home list). */
  FORGOTTEN_DAYS: z.coerce.number().int().min(7).max(3650).default(90),
  /** Folder for uploaded files (receipt photos). */
  DATA_DIR: z.string().min(1).optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 7),
  /** Days a departed member's customers wait for a manager's handover before they go back to the pools. */
  HANDOVER_FALLBACK_DAYS: z.coerce.number().int().min(1).max(90).default(3),
});

export type RawEnv = z.infer<typeof envSchema>;
