import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * WeCom customer contacts (issue 10): the external contacts each member follows, mirrored from
 * WeCom, and the link of a customer record's contact to one of them (external_user_id unique).
 * Portable (MySQL + SQLite); each step checks what exists, so a rerun after a partial MySQL DDL
 * run finishes the job.
 */
export class WecomContacts1765200000000 implements MigrationInterface {
  name = 'WecomContacts1765200000000';

  async up(q: QueryRunner): Promise<void> {
    const datetime = (name: string, nullable = false) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
    if (!(await q.hasTable('wecom_contacts'))) {
      await q.createTable(new Table({
        name: 'wecom_contacts',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'external_user_id', type: 'varchar', length: '64' },
          { name: 'name', type: 'varchar', length: '64' },
          { name: 'corp_name', type: 'varchar', length: '128', isNullable: true },
          { name: 'corp_key', type: 'varchar', length: '128', isNullable: true },
          { name: 'type', type: 'int' },
          { name: 'tags', type: 'varchar', length: '1024', default: "'[]'" },
          datetime('added_at', true),
          datetime('synced_at'),
          datetime('created_at'),
        ],
        indices: [
          { name: 'uq_wecom_contacts_external', columnNames: ['external_user_id'], isUnique: true },
          { name: 'idx_wecom_contacts_corp_key', columnNames: ['corp_key'] },
        ],
      }));
    }
    if (!(await q.hasTable('wecom_contact_follows'))) {
      await q.createTable(new Table({
        name: 'wecom_contact_follows',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'external_user_id', type: 'varchar', length: '64' },
          { name: 'wecom_user_id', type: 'varchar', length: '64' },
          { name: 'remark', type: 'varchar', length: '128', isNullable: true },
          { name: 'remark_corp_name', type: 'varchar', length: '128', isNullable: true },
          { name: 'remark_mobiles', type: 'varchar', length: '512', default: "'[]'" },
          { name: 'tags', type: 'varchar', length: '1024', default: "'[]'" },
          { name: 'add_way', type: 'int', default: 0 },
          datetime('added_at'),
        ],
        indices: [
          { name: 'uq_wecom_follows_contact_member', columnNames: ['external_user_id', 'wecom_user_id'], isUnique: true },
          { name: 'idx_wecom_follows_member', columnNames: ['wecom_user_id'] },
        ],
      }));
    }
    const contacts = (await q.getTable('customer_contacts'))!;
    if (!contacts.indices.some((i) => i.name === 'uq_contacts_external_user')) {
      // One WeCom customer is one contact of one record; NULL (not linked) repeats freely on both databases.
      await q.createIndex('customer_contacts', new TableIndex({ name: 'uq_contacts_external_user', columnNames: ['external_user_id'], isUnique: true }));
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('customer_contacts', 'uq_contacts_external_user');
    await q.dropTable('wecom_contact_follows', true);
    await q.dropTable('wecom_contacts', true);
  }
}
