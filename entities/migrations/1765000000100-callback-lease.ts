import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Callbacks a crash left in `processing` come back once their lease runs out (`lease_until`),
 * and `attempts` stops one that keeps crashing the process from being retried forever.
 * `app_settings` keeps small process-wide state across restarts (the simulator's clock).
 * Portable (MySQL + SQLite).
 */
export class CallbackLease1765000000100 implements MigrationInterface {
  name = 'CallbackLease1765000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('callback_events', [
      new TableColumn({ name: 'lease_until', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'attempts', type: 'int', default: 0 }),
    ]);
    await q.createTable(new Table({
      name: 'app_settings',
      columns: [
        { name: 'key', type: 'varchar', length: '64', isPrimary: true },
        { name: 'value', type: 'text' },
        { name: 'updated_at', type: 'datetime', precision: 3 },
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('app_settings', true);
    for (const col of ['attempts', 'lease_until']) await q.dropColumn('callback_events', col);
  }
}
