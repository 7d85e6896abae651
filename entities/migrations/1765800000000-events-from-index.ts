import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * idx_ownership_events_from_at (from_user_id, at) serves no query: every read of a rep's lost
 * customers (the claim's cooldown, the pool list's 冷却至) starts from the customer
 * (idx_ownership_events_customer_at), and the sweep's cards read idx_ownership_events_to_type_at.
 * Every claim and every reclaimed customer paid for it (a random insert per event, 100,000 of
 * them in a large sweep): dropped.
 */
export class EventsFromIndex1765800000000 implements MigrationInterface {
  name = 'EventsFromIndex1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex('ownership_events', 'idx_ownership_events_from_at');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex('ownership_events', new TableIndex({ name: 'idx_ownership_events_from_at', columnNames: ['from_user_id', 'at'] }));
  }
}
