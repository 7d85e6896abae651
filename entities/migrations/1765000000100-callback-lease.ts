import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Callbacks a crash left in `processing` come back once their lease runs out (`lease_until`),
 * and `attempts` stops one that keeps crashing the process from being retried forever.
 * Portable (MySQL + SQLite).
 */
export class CallbackLease1765000000100 implements MigrationInterface {
  name = 'CallbackLease1765000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('callback_events', [
      new TableColumn({ name: 'lease_until', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'attempts', type: 'int', default: 0 }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const col of ['attempts', 'lease_until']) await q.dropColumn('callback_events', col);
  }
}
