import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * One index holding every column the reclaim condition reads (dueConditionSql), so the sweep,
 * the warnings and the "soon reclaimed" filter select by an index-only range scan instead of
 * a row lookup per owned customer. It starts with (pool_id, claimed_at), so it replaces
 * idx_customers_pool_claimed; idx_customers_pool_owner is a prefix of idx_customers_pool_entered.
 */
export class PoolDueIndex1764900000000 implements MigrationInterface {
  name = 'PoolDueIndex1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('customers', new TableIndex({
      name: 'idx_customers_pool_due', columnNames: ['pool_id', 'claimed_at', 'last_follow_up_at', 'last_deal_at', 'level', 'owner_id'],
    }));
    await q.dropIndex('customers', 'idx_customers_pool_claimed');
    // (pool_id, owner_id) is a prefix of idx_customers_pool_entered: one index fewer to maintain on every owner change.
    await q.dropIndex('customers', 'idx_customers_pool_owner');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex('customers', new TableIndex({ name: 'idx_customers_pool_owner', columnNames: ['pool_id', 'owner_id'] }));
    await q.createIndex('customers', new TableIndex({ name: 'idx_customers_pool_claimed', columnNames: ['pool_id', 'claimed_at'] }));
    await q.dropIndex('customers', 'idx_customers_pool_due');
  }
}
