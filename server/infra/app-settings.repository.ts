import type { Database } from './db.ts';
import { sqlTime } from './db.ts';

/**
 * Small process-wide values that must survive a restart (`app_settings`: key → text). `key` is
 * a reserved word in MySQL, hence the backquotes (SQLite accepts them too).
 */
export class AppSettingsRepository {
  constructor(private readonly db: Database) {}

  async read(key: string): Promise<string | null> {
    const rows: Array<{ value: string }> = await this.db.manager.query('SELECT value FROM app_settings WHERE `key` = ?', [key]);
    return rows[0]?.value ?? null;
  }

  async write(key: string, value: string, at: Date): Promise<void> {
    const upsert = this.db.kind === 'mysql'
      ? 'ON DUPLICATE KEY UPDATE value = VALUES(value), updated_at = VALUES(updated_at)'
      : 'ON CONFLICT(`key`) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at';
    await this.db.manager.query(`INSERT INTO app_settings (\`key\`, value, updated_at) VALUES (?, ?, ?) ${upsert}`, [key, value, sqlTime(at)]);
  }
}
