import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Outbox delivery bookkeeping and the callback inbox (dedupe). Portable (MySQL + SQLite). */
export class Bot1764200000000 implements MigrationInterface {
  name = 'Bot1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('outbox_messages', [
      new TableColumn({ name: 'task_id', type: 'varchar', length: '128', isNullable: true }),
      new TableColumn({ name: 'msgid', type: 'varchar', length: '128', isNullable: true }),
      new TableColumn({ name: 'response_code', type: 'varchar', length: '255', isNullable: true }),
      new TableColumn({ name: 'urgent', type: 'int', default: 0 }),
      new TableColumn({ name: 'locked_until', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'locked_by', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'digest_task_id', type: 'varchar', length: '128', isNullable: true }),
      new TableColumn({ name: 'outcome', type: 'varchar', length: '64', isNullable: true }),
    ]);
    await q.createIndices('outbox_messages', [
      new TableIndex({ name: 'uq_outbox_task_id', columnNames: ['task_id'], isUnique: true }),
      new TableIndex({ name: 'idx_outbox_user_kind', columnNames: ['to_user', 'kind', 'status'] }),
      new TableIndex({ name: 'idx_outbox_customer_kind', columnNames: ['customer_id', 'kind', 'created_at'] }),
    ]);
    await q.createTable(new Table({
      name: 'callback_events',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'dedupe_key', type: 'varchar', length: '191' },
        { name: 'event', type: 'varchar', length: '64' },
        { name: 'from_user', type: 'varchar', length: '64', isNullable: true },
        { name: 'payload', type: 'text' },
        { name: 'status', type: 'varchar', length: '16', default: "'received'" },
        { name: 'error', type: 'varchar', length: '512', isNullable: true },
        { name: 'received_at', type: 'datetime', precision: 3 },
        { name: 'processed_at', type: 'datetime', precision: 3, isNullable: true },
      ],
      indices: [
        { name: 'uq_callback_events_dedupe', columnNames: ['dedupe_key'], isUnique: true },
        { name: 'idx_callback_events_status', columnNames: ['status', 'received_at'] },
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('callback_events', true);
    for (const idx of ['uq_outbox_task_id', 'idx_outbox_user_kind', 'idx_outbox_customer_kind']) await q.dropIndex('outbox_messages', idx);
    for (const col of ['task_id', 'msgid', 'response_code', 'urgent', 'locked_until', 'locked_by', 'digest_task_id', 'outcome']) await q.dropColumn('outbox_messages', col);
  }
}
