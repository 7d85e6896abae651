import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const LIVE = {
  WECOM_MODE: 'live', WECOM_CORP_ID: 'ww1234567890', WECOM_AGENT_ID: '1000002', WECOM_SECRET: 'secret-from-admin-console',
  WECOM_CALLBACK_TOKEN: 'Tok3n', WECOM_CALLBACK_AES_KEY: 'a'.repeat(43), SESSION_SECRET: 's'.repeat(32),
  PUBLIC_BASE_URL: 'https://crm.example.com', DATABASE_URL: 'mysql://crm:pw@db:3306/wecrm', REDIS_URL: 'redis://cache:6379/0',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('should run on embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000, database: { kind: 'sqlite', path: './data/wecrm.sqlite' }, redisUrl: null, tzBusiness: 'Asia/Shanghai', demoData: true,
      wecom: { mode: 'simulator', apiBase: null, agentId: 1000002 },
    });
    expect(config.wecom.callbackAesKey).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(config.sessionSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('should generate different secrets on each start in simulator mode', () => {
    expect(loadConfig({}).sessionSecret).not.toBe(loadConfig({}).sessionSecret);
  });

  it('should accept a complete live configuration', () => {
    const config = loadConfig(LIVE);
    expect(config).toMatchObject({ database: { kind: 'mysql', url: LIVE.DATABASE_URL }, demoData: false, wecom: { mode: 'live', apiBase: 'https://qyapi.weixin.qq.com', secret: LIVE.WECOM_SECRET } });
  });

  it('should refuse live mode with one line per missing secret', () => {
    const lines = problems({ WECOM_MODE: 'live' });
    for (const name of ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_CALLBACK_TOKEN', 'WECOM_CALLBACK_AES_KEY', 'SESSION_SECRET', 'PUBLIC_BASE_URL']) {
      expect(lines.filter((l) => l.startsWith(`${name}:`))).toHaveLength(1);
    }
  });

  it.each([
    [{ WECOM_CALLBACK_AES_KEY: 'short' }, 'WECOM_CALLBACK_AES_KEY'],
    [{ WECOM_AGENT_ID: 'abc' }, 'WECOM_AGENT_ID'],
    [{ SESSION_SECRET: 'tooshort' }, 'SESSION_SECRET'],
    [{ PUBLIC_BASE_URL: 'http://crm.example.com' }, 'PUBLIC_BASE_URL'],
    [{ DATABASE_URL: 'postgres://x/y' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ TZ_BUSINESS: 'Mars/Olympus' }, 'TZ_BUSINESS'],
    [{ PORT: '99999' }, 'PORT'],
    [{ WECOM_MODE: 'sandbox' }, 'WECOM_MODE'],
  ])('should name the bad value when %j is set', (patch, name) => {
    const lines = problems({ ...LIVE, ...patch });
    expect(lines.some((l) => l.startsWith(`${name}:`))).toBe(true);
  });

  it('should read sqlite: URLs and mariadb:// as MySQL', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:/var/lib/wecrm.sqlite' }).database).toEqual({ kind: 'sqlite', path: '/var/lib/wecrm.sqlite' });
    expect(loadConfig({ DATABASE_URL: 'mariadb://root@127.0.0.1:3306/crm' }).database).toEqual({ kind: 'mysql', url: 'mysql://root@127.0.0.1:3306/crm' });
  });
});
