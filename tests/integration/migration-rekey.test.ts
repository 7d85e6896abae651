import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../entities/data-source.ts';
import { MIGRATIONS } from '../../entities/index.ts';
import { customerNameKey, phoneKey } from '../../server/customers/rules/normalize-name.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

/**
 * The trust migration rebuilds the duplicate keys of existing data: names typed differently that
 * are one company keep one key (the oldest record; the others are marked, not lost), phones get
 * their new keys (invalid numbers none) and become unique. Run on data written by the old schema.
 */
describe('migration: rebuilt duplicate keys on existing data', () => {
  let database: TestDatabase;
  let ds: DataSource;
  const trustIndex = MIGRATIONS.findIndex((m) => m.name.startsWith('Trust'));

  beforeAll(async () => {
    database = await createTestDatabase();
    const before = createDataSource(database.config);
    (before.options as { migrations: unknown }).migrations = MIGRATIONS.slice(0, trustIndex);
    Object.assign(before.options, { migrations: MIGRATIONS.slice(0, trustIndex) });
    await before.initialize();
    await before.runMigrations();
    const now = '2026-01-01 00:00:00.000';
    await before.query("INSERT INTO departments (id, name, parent_id, path, sort_order) VALUES (1, '总部', NULL, '/1/', 0)");
    await before.query(`INSERT INTO users (wecom_user_id, name, role, department_id, status, created_at) VALUES ('a', '甲', 'rep', 1, 'active', ?)`, [now]);
    // Old keys, as the old normalisation made them: these three are one company.
    const rows: Array<[string, string]> = [
      ['恒通电力工程（佛山）有限公司', 'old-1'], ['佛山恒通电力工程有限公司', 'old-2'], ['恒通\u200B电力工程有限公司', 'old-3'], ['大同证券有限责任公司', 'old-4'],
    ];
    for (const [name, key] of rows) {
      await before.query(`INSERT INTO customers (name, name_key, level, stage, tags, owner_id, created_at, updated_at) VALUES (?, ?, 'C', 'lead', '[]', 1, ?, ?)`, [name, key, now, now]);
    }
    const contacts: Array<[number, string | null]> = [[1, '+86 138-0013-8000'], [2, '13800138000'], [3, '123'], [4, '0755-8888 6666'], [4, null]];
    for (const [customerId, phone] of contacts) {
      await before.query(`INSERT INTO customer_contacts (customer_id, name, phone, phone_key, created_at) VALUES (?, '某人', ?, ?, ?)`, [customerId, phone, phone ? phone.replace(/\D/g, '') : null, now]);
    }
    await before.destroy();
    ds = createDataSource(database.config);
    await ds.initialize();
    await ds.runMigrations();
  });
  afterAll(async () => {
    await ds?.destroy();
    await database?.drop();
  });

  it('should give one company one key, keeping the oldest record\'s and marking the others', async () => {
    const rows: Array<{ id: number; name_key: string }> = await ds.query('SELECT id, name_key FROM customers ORDER BY id');
    const key = customerNameKey('恒通电力工程有限公司');
    expect(rows.map((r) => r.name_key)).toEqual([key, `${key}#2`, `${key}#3`, customerNameKey('大同证券有限责任公司')]);
  });

  it('should rebuild phone keys: one holder per number, none for numbers that are not numbers, unique from now on', async () => {
    const rows: Array<{ id: number; phone_key: string | null }> = await ds.query('SELECT id, phone_key FROM customer_contacts ORDER BY id');
    expect(rows.map((r) => r.phone_key)).toEqual([phoneKey('13800138000'), null, null, phoneKey('0755-8888 6666'), null]);
    await expect(ds.query("INSERT INTO customer_contacts (customer_id, name, phone, phone_key, created_at) VALUES (4, '重复', '13800138000', ?, '2026-01-01 00:00:00.000')", [phoneKey('13800138000')]))
      .rejects.toThrow();
  });
});
