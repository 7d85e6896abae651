import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Customer groups (issue 11): WeCom customer group chats mirrored with their members, each bound
 * to at most one customer. Portable (MySQL + SQLite); each step checks what exists.
 */
export class CustomerGroups1765600000000 implements MigrationInterface {
  name = 'CustomerGroups1765600000000';

  async up(q: QueryRunner): Promise<void> {
    const datetime = (name: string, nullable = false) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
    if (!(await q.hasTable('customer_groups'))) {
      await q.createTable(new Table({
        name: 'customer_groups',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'chat_id', type: 'varchar', length: '64' },
          { name: 'name', type: 'varchar', length: '128' },
          { name: 'owner_wecom_user_id', type: 'varchar', length: '64' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'customer_id', type: 'int', isNullable: true },
          { name: 'bound_by', type: 'int', isNullable: true },
          datetime('bound_at', true),
          { name: 'member_count', type: 'int', default: 0 },
          datetime('wecom_created_at', true),
          datetime('dismissed_at', true),
          datetime('synced_at'),
          datetime('created_at'),
        ],
        indices: [
          { name: 'uq_customer_groups_chat', columnNames: ['chat_id'], isUnique: true },
          { name: 'idx_customer_groups_owner', columnNames: ['owner_wecom_user_id'] },
          { name: 'idx_customer_groups_customer', columnNames: ['customer_id'] },
        ],
      }));
    }
    if (!(await q.hasTable('customer_group_members'))) {
      await q.createTable(new Table({
        name: 'customer_group_members',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'chat_id', type: 'varchar', length: '64' },
          { name: 'member_id', type: 'varchar', length: '64' },
          { name: 'type', type: 'int' },
          { name: 'name', type: 'varchar', length: '64' },
          datetime('joined_at', true),
          { name: 'join_scene', type: 'int', default: 0 },
        ],
        indices: [
          { name: 'uq_customer_group_members', columnNames: ['chat_id', 'member_id'], isUnique: true },
          { name: 'idx_customer_group_members_member', columnNames: ['member_id'] },
        ],
      }));
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('customer_group_members', true);
    await q.dropTable('customer_groups', true);
  }
}
