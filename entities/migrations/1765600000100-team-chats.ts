import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The customers' team groups (客户作战群, appchat) and the bot's posts into them (issue 11). Portable. */
export class TeamChats1765600000100 implements MigrationInterface {
  name = 'TeamChats1765600000100';

  async up(q: QueryRunner): Promise<void> {
    const datetime = (name: string, nullable = false) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
    if (!(await q.hasTable('customer_team_chats'))) {
      await q.createTable(new Table({
        name: 'customer_team_chats',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'customer_id', type: 'int' },
          { name: 'chat_id', type: 'varchar', length: '32' },
          { name: 'name', type: 'varchar', length: '64' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'owner_wecom_user_id', type: 'varchar', length: '64' },
          { name: 'member_ids', type: 'text' },
          { name: 'follow_up_cursor', type: 'int', default: 0 },
          { name: 'event_cursor', type: 'int', default: 0 },
          { name: 'created_by', type: 'int' },
          datetime('created_at'),
        ],
        indices: [
          { name: 'uq_team_chats_customer', columnNames: ['customer_id'], isUnique: true },
          { name: 'uq_team_chats_chat', columnNames: ['chat_id'], isUnique: true },
        ],
      }));
    }
    if (!(await q.hasTable('team_chat_posts'))) {
      await q.createTable(new Table({
        name: 'team_chat_posts',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'chat_id', type: 'varchar', length: '32' },
          { name: 'customer_id', type: 'int' },
          { name: 'event_key', type: 'varchar', length: '96' },
          { name: 'content', type: 'text' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'int', default: 0 },
          { name: 'last_error', type: 'varchar', length: '255', isNullable: true },
          datetime('created_at'),
          datetime('sent_at', true),
        ],
        indices: [
          { name: 'uq_team_chat_posts_event', columnNames: ['event_key'], isUnique: true },
          { name: 'idx_team_chat_posts_pending', columnNames: ['status', 'id'] },
        ],
      }));
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('team_chat_posts', true);
    await q.dropTable('customer_team_chats', true);
  }
}
