import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Facts the pool's rules read become history (level/stage changes with their values), and reps
 * ask their manager for an exempt level instead of setting it. Portable (MySQL + SQLite).
 */
export class Trust1765000000000 implements MigrationInterface {
  name = 'Trust1765000000000';

  async up(q: QueryRunner): Promise<void> {
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
    await q.dropTable('customer_level_requests', true);
    await q.dropColumn('ownership_events', 'to_value');
    await q.dropColumn('ownership_events', 'from_value');
  }
}
