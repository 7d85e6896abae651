import type { EntityManager } from 'typeorm';
import { Database, sqlTime } from './db.ts';

/**
 * Small process-wide values that must survive a restart (`app_settings`: key → text). `key` is
 * a reserved word in MySQL, hence the backquotes (SQLite accepts them too).
 */
export class AppSettingsRepository {
  private readonly em: EntityManager;
  private readonly kind: 'sqlite' | 'mysql';

  /** A Database reads and writes outside any transaction; an EntityManager inside its transaction. */
  constructor(db: Database | EntityManager) {
    this.em = db instanceof Database ? db.manager : db;
    this.kind = this.em.connection.options.type === 'mysql' ? 'mysql' : 'sqlite';
  }

  async read(key: string): Promise<string | null> {
    const rows: Array<{ value: string }> = await this.em.query('SELECT value FROM app_settings WHERE `key` = ?', [key]);
    return rows[0]?.value ?? null;
  }

  async write(key: string, value: string, at: Date): Promise<void> {
    const upsert = this.kind === 'mysql'
      ? 'ON DUPLICATE KEY UPDATE value = VALUES(value), updated_at = VALUES(updated_at)'
      : 'ON CONFLICT(`key`) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at';
    await this.em.query(`INSERT INTO app_settings (\`key\`, value, updated_at) VALUES (?, ?, ?) ${upsert}`, [key, value, sqlTime(at)]);
  }
}
