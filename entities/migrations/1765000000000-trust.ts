import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { customerNameKey, phoneKey } from '../../server/customers/rules/normalize-name.ts';

const BATCH = 2000;
const NAME_KEY_MAX = 128;

/**
 * - Duplicate keys rebuilt with the stricter normalisation (invisible characters, look-alikes,
 *   region words, real phone numbers), and one phone per customer made race-free with a unique
 *   key (customer_contacts.phone_key), as the name key already was. Keys compare byte for byte on
 *   MySQL (utf8mb4_bin), as on SQLite.
 * - Facts the pool's rules read become history (level/stage changes with their values), and reps
 *   ask their manager for an exempt level instead of setting it.
 * Portable (MySQL + SQLite). The key functions are the product's own, as of this migration.
 */
export class Trust1765000000000 implements MigrationInterface {
  name = 'Trust1765000000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql';
    if (mysql) {
      await q.query('ALTER TABLE customers MODIFY name_key VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL');
      await q.query('ALTER TABLE customer_contacts MODIFY phone_key VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL');
    }
    await rekeyNames(q);
    await rekeyPhones(q);
    await q.dropIndex('customer_contacts', 'idx_contacts_phone_key');
    await q.createIndex('customer_contacts', new TableIndex({ name: 'uq_contacts_phone_key', columnNames: ['phone_key'], isUnique: true }));

    await q.addColumns('ownership_events', [
      new TableColumn({ name: 'from_value', type: 'varchar', length: '32', isNullable: true }),
      new TableColumn({ name: 'to_value', type: 'varchar', length: '32', isNullable: true }),
    ]);
    await q.createTable(new Table({
      name: 'customer_level_requests',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'customer_id', type: 'int' },
        { name: 'requested_by', type: 'int' },
        { name: 'from_level', type: 'varchar', length: '8' },
        { name: 'to_level', type: 'varchar', length: '8' },
        { name: 'reason', type: 'varchar', length: '255' },
        { name: 'status', type: 'varchar', length: '16', default: "'pending'" },
        { name: 'decided_by', type: 'int', isNullable: true },
        { name: 'decision_comment', type: 'varchar', length: '255', isNullable: true },
        { name: 'decided_at', type: 'datetime', precision: 3, isNullable: true },
        { name: 'created_at', type: 'datetime', precision: 3 },
      ],
      indices: [
        { name: 'idx_level_requests_customer_status', columnNames: ['customer_id', 'status'] },
        { name: 'idx_level_requests_status_created', columnNames: ['status', 'created_at'] },
      ],
      foreignKeys: [
        { name: 'fk_level_requests_customer', columnNames: ['customer_id'], referencedTableName: 'customers', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('customer_contacts', 'uq_contacts_phone_key');
    await q.createIndex('customer_contacts', new TableIndex({ name: 'idx_contacts_phone_key', columnNames: ['phone_key'] }));
    await q.dropTable('customer_level_requests', true);
    await q.dropColumn('ownership_events', 'to_value');
    await q.dropColumn('ownership_events', 'from_value');
  }
}

/**
 * New name keys for every customer. Two existing records that now share a key were duplicates
 * all along: the oldest keeps the key, the others get "<key>#<id>" so nothing is lost and they
 * can be merged by hand; new records of that company are refused from now on.
 */
async function rekeyNames(q: QueryRunner): Promise<void> {
  const taken = new Set<string>();
  const changes: Array<[string, number]> = [];
  for (let after = 0; ;) {
    const rows: Array<{ id: number | string; name: string; name_key: string }> = await q.query(
      `SELECT id, name, name_key FROM customers WHERE id > ? ORDER BY id LIMIT ${BATCH}`, [after]);
    if (!rows.length) break;
    after = Number(rows[rows.length - 1]!.id);
    for (const r of rows) {
      let key = customerNameKey(r.name);
      if (!key) key = `#${r.id}`;
      key = [...key].slice(0, NAME_KEY_MAX).join('');
      if (taken.has(key)) key = `${[...key].slice(0, NAME_KEY_MAX - 12).join('')}#${r.id}`;
      taken.add(key);
      if (key !== r.name_key) changes.push([key, Number(r.id)]);
    }
  }
  // Through a temporary value first: a key may move from one row to another (unique index).
  for (const [, id] of changes) await q.query('UPDATE customers SET name_key = ? WHERE id = ?', [`~${id}~`, id]);
  for (const [key, id] of changes) await q.query('UPDATE customers SET name_key = ? WHERE id = ?', [key, id]);
}

/** New phone keys (invalid numbers get none); a number already on an older contact keeps only that one. */
async function rekeyPhones(q: QueryRunner): Promise<void> {
  const taken = new Set<string>();
  for (let after = 0; ;) {
    const rows: Array<{ id: number | string; phone: string | null; phone_key: string | null }> = await q.query(
      `SELECT id, phone, phone_key FROM customer_contacts WHERE id > ? ORDER BY id LIMIT ${BATCH}`, [after]);
    if (!rows.length) break;
    after = Number(rows[rows.length - 1]!.id);
    for (const r of rows) {
      let key = phoneKey(r.phone);
      if (key && taken.has(key)) key = null;
      if (key) taken.add(key);
      if (key !== r.phone_key) await q.query('UPDATE customer_contacts SET phone_key = ? WHERE id = ?', [key, Number(r.id)]);
    }
  }
}
