import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { envSchema } from './config.schema.ts';
import { parseQuietHours, type QuietHours } from '../server/notifications/quiet-hours.ts';

export type DatabaseConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'mysql'; url: string };

export interface WecomConfig {
  mode: 'simulator' | 'live';
  /** null in simulator mode without WECOM_API_BASE: the server points the client at its own /sim. */
  apiBase: string | null;
  corpId: string;
  agentId: number;
  secret: string;
  callbackToken: string;
  callbackAesKey: string;
  /** The contacts-sync assistant's callback (/wecom/contacts-callback), when configured: it receives change_contact for every company setup. */
  contactsCallback: { token: string; aesKey: string } | null;
}

export interface AppConfig {
  port: number;
  database: DatabaseConfig;
  redisUrl: string | null;
  wecom: WecomConfig;
  /** Without trailing slash. null means "http://localhost:<actual port>" once listening. */
  publicBaseUrl: string | null;
  tzBusiness: string;
  sessionSecret: string;
  sessionTtlHours: number;
  demoData: boolean;
  logLevel: string;
  quietHours: QuietHours | null;
  forgottenDays: number;
  /** HANDOVER_FALLBACK_DAYS */
  handoverFallbackDays: number;
  /** Folder for uploaded files (receipt photos); DATA_DIR, else the SQLite file's folder, else ./data. */
  dataDir: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const AES_KEY_RE = /^[A-Za-z0-9]{43}$/;
const TOKEN_RE = /^[A-Za-z0-9]{1,32}$/;

function randomAlnum(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

/** Uploaded files sit next to the SQLite file by default (./data), or in ./data with MySQL. */
function defaultDataDir(db: DatabaseConfig): string {
  if (db.kind === 'sqlite' && db.path !== ':memory:') return dirname(db.path);
  return './data';
}

export function parseDatabaseUrl(url: string): DatabaseConfig | string {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) return 'DATABASE_URL: sqlite: needs a file path (sqlite:./data/wecrm.sqlite) or :memory:';
    return { kind: 'sqlite', path };
  }
  if (/^mysql:\/\/[^/]+\/[^/?]+/.test(url) || /^mariadb:\/\/[^/]+\/[^/?]+/.test(url)) {
    return { kind: 'mysql', url: url.replace(/^mariadb:/, 'mysql:') };
  }
  return 'DATABASE_URL: expected mysql://user:pass@host:3306/db or sqlite:PATH';
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads and validates the environment once. Every problem becomes one line of the
 * ConfigError, so an operator fixes them all in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.')}: ${issue.message}`);
    }
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const live = e.WECOM_MODE === 'live';

  const database = parseDatabaseUrl(e.DATABASE_URL);
  if (typeof database === 'string') problems.push(database);

  if (e.REDIS_URL !== undefined && !/^rediss?:\/\/.+/.test(e.REDIS_URL)) {
    problems.push('REDIS_URL: expected redis://host:6379/0');
  }
  if (!isValidTimeZone(e.TZ_BUSINESS)) problems.push(`TZ_BUSINESS: unknown time zone "${e.TZ_BUSINESS}"`);

  const required = (name: keyof typeof e, value: string | undefined) => {
    if (live && !value) problems.push(`${name}: required when WECOM_MODE=live`);
  };
  required('WECOM_CORP_ID', e.WECOM_CORP_ID);
  required('WECOM_AGENT_ID', e.WECOM_AGENT_ID);
  required('WECOM_SECRET', e.WECOM_SECRET);
  required('WECOM_CALLBACK_TOKEN', e.WECOM_CALLBACK_TOKEN);
  required('WECOM_CALLBACK_AES_KEY', e.WECOM_CALLBACK_AES_KEY);
  required('SESSION_SECRET', e.SESSION_SECRET);
  required('PUBLIC_BASE_URL', e.PUBLIC_BASE_URL);

  if (e.WECOM_AGENT_ID !== undefined && !/^\d{1,10}$/.test(e.WECOM_AGENT_ID)) {
    problems.push('WECOM_AGENT_ID: must be the numeric AgentId of the app');
  }
  if ((e.WECOM_CONTACTS_CALLBACK_TOKEN === undefined) !== (e.WECOM_CONTACTS_CALLBACK_AES_KEY === undefined)) {
    problems.push('WECOM_CONTACTS_CALLBACK_TOKEN and WECOM_CONTACTS_CALLBACK_AES_KEY: set both or neither');
  }
  if (e.WECOM_CONTACTS_CALLBACK_AES_KEY !== undefined && !AES_KEY_RE.test(e.WECOM_CONTACTS_CALLBACK_AES_KEY)) {
    problems.push('WECOM_CONTACTS_CALLBACK_AES_KEY: must be exactly 43 characters from a-z, A-Z, 0-9');
  }
  if (e.WECOM_CALLBACK_AES_KEY !== undefined && !AES_KEY_RE.test(e.WECOM_CALLBACK_AES_KEY)) {
    problems.push('WECOM_CALLBACK_AES_KEY: must be exactly 43 characters from a-z, A-Z, 0-9');
  }
  if (e.WECOM_CALLBACK_TOKEN !== undefined && !TOKEN_RE.test(e.WECOM_CALLBACK_TOKEN)) {
    problems.push('WECOM_CALLBACK_TOKEN: must be 1-32 letters or digits');
  }
  if (e.SESSION_SECRET !== undefined && e.SESSION_SECRET.length < 32) {
    problems.push('SESSION_SECRET: must be at least 32 characters');
  }
  if (live && e.PUBLIC_BASE_URL && !e.PUBLIC_BASE_URL.startsWith('https://')) {
    problems.push('PUBLIC_BASE_URL: must be https:// in live mode (WeCom trusted domains are HTTPS)');
  }

  let quietHours: QuietHours | null = null;
  try {
    quietHours = parseQuietHours(e.QUIET_HOURS);
  } catch {
    problems.push('QUIET_HOURS: expected HH:MM-HH:MM (e.g. 21:00-08:00) or "off"');
  }

  if (problems.length > 0) throw new ConfigError(problems);

  const demoFlag = e.DEMO_DATA === undefined ? !live : e.DEMO_DATA === 'true' || e.DEMO_DATA === '1';
  return {
    port: e.PORT,
    database: database as DatabaseConfig,
    redisUrl: e.REDIS_URL ?? null,
    wecom: {
      mode: e.WECOM_MODE,
      apiBase: e.WECOM_API_BASE?.replace(/\/$/, '') ?? (live ? 'https://qyapi.weixin.qq.com' : null),
      // Simulator mode: values are used when set, otherwise the simulator picks its own per start.
      corpId: e.WECOM_CORP_ID ?? `wwsim${randomAlnum(13).toLowerCase()}`,
      agentId: e.WECOM_AGENT_ID ? Number(e.WECOM_AGENT_ID) : 1000002,
      secret: e.WECOM_SECRET ?? randomAlnum(43),
      callbackToken: e.WECOM_CALLBACK_TOKEN ?? randomAlnum(32),
      callbackAesKey: e.WECOM_CALLBACK_AES_KEY ?? randomAlnum(43),
      contactsCallback: e.WECOM_CONTACTS_CALLBACK_TOKEN && e.WECOM_CONTACTS_CALLBACK_AES_KEY
        ? { token: e.WECOM_CONTACTS_CALLBACK_TOKEN, aesKey: e.WECOM_CONTACTS_CALLBACK_AES_KEY } : null,
    },
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/$/, '') ?? null,
    tzBusiness: e.TZ_BUSINESS,
    sessionSecret: e.SESSION_SECRET ?? randomBytes(32).toString('hex'),
    sessionTtlHours: e.SESSION_TTL_HOURS,
    demoData: demoFlag,
    logLevel: e.LOG_LEVEL,
    quietHours,
    forgottenDays: e.FORGOTTEN_DAYS,
    handoverFallbackDays: e.HANDOVER_FALLBACK_DAYS,
    dataDir: e.DATA_DIR ?? defaultDataDir(database as DatabaseConfig),
  };
}
