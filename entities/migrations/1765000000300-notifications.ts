import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Notifications as events: the cards of one event (every approver of a level) share an event key
 * so they can be updated together; whether a kind merges into digests travels on the row, so the
 * dispatcher needs no list of kinds. Portable (MySQL + SQLite).
 */
export class Notifications1765000000300 implements MigrationInterface {
  name = 'Notifications1765000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('outbox_messages', [
      new TableColumn({ name: 'event_key', type: 'varchar', length: '191', isNullable: true }),
      new TableColumn({ name: 'digestible', type: 'int', default: 0 }),
    ]);
    await q.createIndex('outbox_messages', new TableIndex({ name: 'idx_outbox_event', columnNames: ['event_key'] }));
    await q.query('UPDATE outbox_messages SET event_key = dedupe_key');
    await q.query("UPDATE outbox_messages SET digestible = 1 WHERE kind IN ('forgotten-customer', 'follow-up-due')");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('outbox_messages', 'idx_outbox_event');
    await q.dropColumn('outbox_messages', 'digestible');
    await q.dropColumn('outbox_messages', 'event_key');
  }
}
