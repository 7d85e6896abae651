import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The holding cap counts an owner's customers but the exempt levels (and the claim refusal says
 * how many were left out): with (owner_id, level) both counts are index-only range scans instead
 * of a row lookup per customer held, which a claim does under its row locks.
 */
export class OwnerLevelIndex1765700000300 implements MigrationInterface {
  name = 'OwnerLevelIndex1765700000300';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('customers', new TableIndex({ name: 'idx_customers_owner_level', columnNames: ['owner_id', 'level'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('customers', 'idx_customers_owner_level');
  }
}
