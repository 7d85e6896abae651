import { Table, TableForeignKey, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * The foundation schema, written once with TypeORM's schema builder so the same
 * migration runs on MySQL/MariaDB and SQLite.
 */
const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const datetime = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
const varchar = (name: string, length: number, nullable = true, def?: string): TableColumnOptions => ({
  name, type: 'varchar', length: String(length), isNullable: nullable, ...(def !== undefined ? { default: `'${def}'` } : {}),
});
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'int', isNullable: nullable });

export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'departments',
      columns: [
        { name: 'id', type: 'int', isPrimary: true },
        varchar('name', 64, false),
        int('parent_id', true),
        varchar('path', 255, false),
        { name: 'sort_order', type: 'int', default: 0 },
      ],
      indices: [{ name: 'idx_departments_path', columnNames: ['path'] }],
    }));

    await q.createTable(new Table({
      name: 'users',
      columns: [
        id,
        varchar('wecom_user_id', 64, false),
        varchar('name', 64, false),
        varchar('role', 16, false),
        int('department_id'),
        varchar('status', 16, false, 'active'),
        varchar('position', 64),
        datetime('created_at'),
      ],
      indices: [
        { name: 'uq_users_wecom_user_id', columnNames: ['wecom_user_id'], isUnique: true },
        { name: 'idx_users_department', columnNames: ['department_id'] },
      ],
      foreignKeys: [{ name: 'fk_users_department', columnNames: ['department_id'], referencedTableName: 'departments', referencedColumnNames: ['id'] }],
    }));

    await q.createTable(new Table({
      name: 'customers',
      columns: [
        id,
        varchar('name', 128, false),
        varchar('name_key', 128, false),
        varchar('industry', 64),
        varchar('size', 32),
        varchar('region', 64),
        varchar('source', 64),
        varchar('level', 8, false, 'C'),
        varchar('stage', 16, false, 'lead'),
        varchar('tags', 1024, false, '[]'),
        int('owner_id', true),
        int('pool_id', true),
        datetime('last_follow_up_at', true),
        datetime('claimed_at', true),
        datetime('last_deal_at', true),
        int('created_by', true),
        datetime('created_at'),
        datetime('updated_at'),
      ],
      indices: [
        { name: 'uq_customers_name_key', columnNames: ['name_key'], isUnique: true },
        { name: 'idx_customers_owner_followup', columnNames: ['owner_id', 'last_follow_up_at'] },
        { name: 'idx_customers_pool_owner', columnNames: ['pool_id', 'owner_id'] },
        { name: 'idx_customers_updated', columnNames: ['updated_at'] },
        { name: 'idx_customers_level', columnNames: ['level'] },
        { name: 'idx_customers_stage', columnNames: ['stage'] },
      ],
      foreignKeys: [{ name: 'fk_customers_owner', columnNames: ['owner_id'], referencedTableName: 'users', referencedColumnNames: ['id'] }],
    }));

    await q.createTable(new Table({
      name: 'customer_contacts',
      columns: [
        id,
        int('customer_id'),
        varchar('name', 64, false),
        varchar('title', 64),
        varchar('phone', 32),
        varchar('phone_key', 32),
        varchar('external_user_id', 64),
        { name: 'birthday', type: 'date', isNullable: true },
        datetime('created_at'),
      ],
      indices: [
        { name: 'idx_contacts_customer', columnNames: ['customer_id'] },
        { name: 'idx_contacts_phone_key', columnNames: ['phone_key'] },
      ],
      foreignKeys: [cascade('fk_contacts_customer', 'customer_id', 'customers')],
    }));

    await q.createTable(new Table({
      name: 'customer_followers',
      columns: [id, int('customer_id'), int('user_id'), datetime('created_at')],
      indices: [
        { name: 'uq_followers_customer_user', columnNames: ['customer_id', 'user_id'], isUnique: true },
        { name: 'idx_followers_user', columnNames: ['user_id'] },
      ],
      foreignKeys: [
        cascade('fk_followers_customer', 'customer_id', 'customers'),
        { name: 'fk_followers_user', columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'] },
      ],
    }));

    await q.createTable(new Table({
      name: 'follow_ups',
      columns: [
        id,
        int('customer_id'),
        int('author_id'),
        varchar('type', 16, false),
        { name: 'content', type: 'text' },
        datetime('at'),
        datetime('next_follow_up_at', true),
        { name: 'check_in_lat', type: 'double', isNullable: true },
        { name: 'check_in_lng', type: 'double', isNullable: true },
        varchar('check_in_address', 255),
        datetime('created_at'),
      ],
      indices: [
        { name: 'idx_follow_ups_customer_at', columnNames: ['customer_id', 'at'] },
        { name: 'idx_follow_ups_author_at', columnNames: ['author_id', 'at'] },
        { name: 'idx_follow_ups_next', columnNames: ['next_follow_up_at'] },
      ],
      foreignKeys: [
        cascade('fk_follow_ups_customer', 'customer_id', 'customers'),
        { name: 'fk_follow_ups_author', columnNames: ['author_id'], referencedTableName: 'users', referencedColumnNames: ['id'] },
      ],
    }));

    await q.createTable(new Table({
      name: 'ownership_events',
      columns: [
        id,
        int('customer_id'),
        varchar('type', 16, false),
        int('from_user_id', true),
        int('to_user_id', true),
        int('by_user_id', true),
        varchar('reason', 255),
        datetime('at'),
      ],
      indices: [
        { name: 'idx_ownership_events_customer_at', columnNames: ['customer_id', 'at'] },
        { name: 'idx_ownership_events_from_at', columnNames: ['from_user_id', 'at'] },
      ],
      foreignKeys: [cascade('fk_ownership_events_customer', 'customer_id', 'customers')],
    }));

    await q.createTable(new Table({
      name: 'audit_log',
      columns: [
        id,
        int('actor_id', true),
        varchar('action', 64, false),
        varchar('entity_type', 32, false),
        varchar('entity_id', 64, false),
        { name: 'before_json', type: 'text', isNullable: true },
        { name: 'after_json', type: 'text', isNullable: true },
        varchar('request_id', 64),
        datetime('at'),
      ],
      indices: [
        { name: 'idx_audit_entity', columnNames: ['entity_type', 'entity_id'] },
        { name: 'idx_audit_at', columnNames: ['at'] },
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'ownership_events', 'follow_ups', 'customer_followers', 'customer_contacts', 'customers', 'users', 'departments']) {
      await q.dropTable(table, true);
    }
  }
}

function cascade(name: string, column: string, table: string): TableForeignKey {
  return new TableForeignKey({ name, columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'CASCADE' });
}
