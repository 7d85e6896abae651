import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Handovers (离职交接 / 转派) and what each did per customer. Portable (MySQL + SQLite). */
export class Handover1765300000000 implements MigrationInterface {
  name = 'Handover1765300000000';

  async up(q: QueryRunner): Promise<void> {
    const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
    const time = (name: string, nullable = false) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
    await q.createTable(new Table({
      name: 'handovers',
      columns: [
        id,
        { name: 'from_user_id', type: 'int' },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'target', type: 'varchar', length: '16', isNullable: true },
        { name: 'to_user_ids', type: 'varchar', length: '1000', isNullable: true },
        { name: 'customer_ids', type: 'text', isNullable: true },
        { name: 'reason', type: 'varchar', length: '255' },
        { name: 'override_cap', type: 'int', default: 0 },
        { name: 'cause', type: 'varchar', length: '16' },
        { name: 'run_by', type: 'int', isNullable: true },
        { name: 'moved', type: 'int', default: 0 },
        { name: 'skipped', type: 'int', default: 0 },
        { name: 'error', type: 'varchar', length: '255', isNullable: true },
        time('created_at'), time('started_at', true), time('finished_at', true),
      ],
      indices: [
        new TableIndex({ name: 'idx_handovers_from_status', columnNames: ['from_user_id', 'status'] }),
        new TableIndex({ name: 'idx_handovers_status_created', columnNames: ['status', 'created_at'] }),
      ],
    }));
    await q.createTable(new Table({
      name: 'handover_items',
      columns: [
        id,
        { name: 'handover_id', type: 'int' },
        { name: 'kind', type: 'varchar', length: '16' },
        { name: 'customer_id', type: 'int' },
        { name: 'to_user_id', type: 'int', isNullable: true },
        { name: 'outcome', type: 'varchar', length: '16' },
        { name: 'note', type: 'varchar', length: '255', isNullable: true },
        time('at'),
      ],
      indices: [
        new TableIndex({ name: 'uq_handover_items', columnNames: ['handover_id', 'kind', 'customer_id'], isUnique: true }),
        new TableIndex({ name: 'idx_handover_items_customer', columnNames: ['customer_id'] }),
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('handover_items');
    await q.dropTable('handovers');
  }
}
