import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The WeCom side of handovers: one row per customer contact or group handed over. Portable (MySQL + SQLite). */
export class HandoverWecom1765300000100 implements MigrationInterface {
  name = 'HandoverWecom1765300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'handover_wecom_transfers',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'handover_id', type: 'int' },
        { name: 'target_type', type: 'varchar', length: '16' },
        { name: 'target_id', type: 'varchar', length: '64' },
        { name: 'customer_id', type: 'int', isNullable: true },
        { name: 'from_wecom_user', type: 'varchar', length: '64' },
        { name: 'to_user_id', type: 'int' },
        { name: 'to_wecom_user', type: 'varchar', length: '64' },
        { name: 'kind', type: 'varchar', length: '16' },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'errcode', type: 'int', isNullable: true },
        { name: 'note', type: 'varchar', length: '255', isNullable: true },
        { name: 'requested_at', type: 'datetime', precision: 3, isNullable: true },
        { name: 'updated_at', type: 'datetime', precision: 3 },
      ],
      indices: [
        new TableIndex({ name: 'uq_handover_wecom_transfers', columnNames: ['handover_id', 'target_type', 'target_id'], isUnique: true }),
        new TableIndex({ name: 'idx_handover_wecom_status', columnNames: ['status', 'updated_at'] }),
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('handover_wecom_transfers');
  }
}
