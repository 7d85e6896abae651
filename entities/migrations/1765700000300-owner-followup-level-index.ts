import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The holding cap counts an owner's customers but the exempt levels: with `level` at the end of
 * the owner's index (owner_id, last_follow_up_at, level) that count is an index-only range scan
 * instead of a row lookup per customer held, which a claim does under its row locks. It replaces
 * idx_customers_owner_followup (its prefix, so every plan using it keeps it) rather than adding an
 * index every owner change would have to maintain.
 */
export class OwnerFollowupLevelIndex1765700000300 implements MigrationInterface {
  name = 'OwnerFollowupLevelIndex1765700000300';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('customers', new TableIndex({ name: 'idx_customers_owner_followup_level', columnNames: ['owner_id', 'last_follow_up_at', 'level'] }));
    await q.dropIndex('customers', 'idx_customers_owner_followup');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex('customers', new TableIndex({ name: 'idx_customers_owner_followup', columnNames: ['owner_id', 'last_follow_up_at'] }));
    await q.dropIndex('customers', 'idx_customers_owner_followup_level');
  }
}
