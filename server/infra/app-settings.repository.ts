import type { EntityManager } from 'typeorm';
import { readQuery, sqlTime, type Database } from './db.ts';

/**
 * Small process-wide values that must survive a restart (`app_settings`: key → text). `key` is
 * a reserved word in MySQL, hence the backquotes (SQLite accepts them too). The functions take an
 * EntityManager so a setting can change in the same transaction as its audit row.
 */
export async function readSetting(em: EntityManager, key: string): Promise<string | null> {
  const rows = await readQuery<{ value: string }>(em, 'SELECT value FROM app_settings WHERE `key` = ?', [key]);
  return rows[0]?.value ?? null;
}

export async function writeSetting(em: EntityManager, key: string, value: string, at: Date): Promise<void> {
  const upsert = em.connection.options.type === 'mysql'
    ? 'ON DUPLICATE KEY UPDATE value = VALUES(value), updated_at = VALUES(updated_at)'
    : 'ON CONFLICT(`key`) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at';
  await em.query(`INSERT INTO app_settings (\`key\`, value, updated_at) VALUES (?, ?, ?) ${upsert}`, [key, value, sqlTime(at)]);
}

/** The same outside any transaction (the simulator clock's store, the approval policy). */
export class AppSettingsRepository {
  constructor(private readonly db: Database) {}

  read(key: string): Promise<string | null> {
    return readSetting(this.db.manager, key);
  }

  write(key: string, value: string, at: Date): Promise<void> {
    return writeSetting(this.db.manager, key, value, at);
  }
}
