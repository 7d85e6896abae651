import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Public pools with their rules, pool bookkeeping on customers, and the outbox. Portable (MySQL + SQLite). */
export class Pool1764100000000 implements MigrationInterface {
  name = 'Pool1764100000000';

  async up(q: QueryRunner): Promise<void> {
    const int = (name: string, nullable = false) => ({ name, type: 'int', isNullable: nullable });
    const datetime = (name: string, nullable = false) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });

    await q.createTable(new Table({
      name: 'pools',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'name', type: 'varchar', length: '64' },
        int('department_id'),
        int('no_follow_up_days'),
        int('no_deal_days'),
        int('no_repeat_deal_days', true),
        int('warn_days_before'),
        int('holding_cap'),
        int('claim_cooldown_days'),
        int('daily_claim_limit'),
        { name: 'exempt_levels', type: 'varchar', length: '64' },
        datetime('created_at'),
        datetime('updated_at'),
      ],
      // One pool per department: a customer's home pool is the nearest one above its owner.
      indices: [{ name: 'uq_pools_department', columnNames: ['department_id'], isUnique: true }],
    }));

    await q.addColumns('customers', [
      new TableColumn(int('last_owner_id', true)),
      new TableColumn(datetime('pool_entered_at', true)),
      new TableColumn({ name: 'pool_reason', type: 'varchar', length: '255', isNullable: true }),
    ]);
    await q.createIndices('customers', [
      // Pool listing ("newest in the pool first") and the sweep's per-pool scan.
      new TableIndex({ name: 'idx_customers_pool_entered', columnNames: ['pool_id', 'owner_id', 'pool_entered_at'] }),
      new TableIndex({ name: 'idx_customers_pool_followup', columnNames: ['pool_id', 'last_follow_up_at'] }),
      new TableIndex({ name: 'idx_customers_pool_claimed', columnNames: ['pool_id', 'claimed_at'] }),
    ]);

    await q.addColumn('ownership_events', new TableColumn({ name: 'rule', type: 'varchar', length: '32', isNullable: true }));
    await q.createIndex('ownership_events', new TableIndex({ name: 'idx_ownership_events_to_type_at', columnNames: ['to_user_id', 'type', 'at'] }));

    await q.createTable(new Table({
      name: 'outbox_messages',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'dedupe_key', type: 'varchar', length: '191' },
        { name: 'kind', type: 'varchar', length: '32' },
        { name: 'to_user', type: 'varchar', length: '64' },
        int('customer_id', true),
        { name: 'payload', type: 'text' },
        { name: 'status', type: 'varchar', length: '16', default: "'pending'" },
        { name: 'attempts', type: 'int', default: 0 },
        datetime('due_at'),
        { name: 'last_error', type: 'varchar', length: '512', isNullable: true },
        datetime('created_at'),
        datetime('sent_at', true),
      ],
      indices: [
        { name: 'uq_outbox_dedupe_key', columnNames: ['dedupe_key'], isUnique: true },
        { name: 'idx_outbox_status_due', columnNames: ['status', 'due_at'] },
      ],
    }));

    // Every company starts with one pool at its root department, with the default rules.
    const roots: Array<{ id: number | string }> = await q.query('SELECT id FROM departments WHERE parent_id IS NULL ORDER BY id LIMIT 1');
    if (roots[0]) {
      const now = new Date();
      await q.query(
        `INSERT INTO pools (name, department_id, no_follow_up_days, no_deal_days, no_repeat_deal_days, warn_days_before, holding_cap, claim_cooldown_days, daily_claim_limit, exempt_levels, created_at, updated_at)
         VALUES (?, ?, 15, 30, NULL, 3, 20, 7, 10, '["key"]', ?, ?)`,
        ['公司公海', Number(roots[0].id), now, now],
      );
      await q.query('UPDATE customers SET pool_id = (SELECT MIN(id) FROM pools) WHERE pool_id IS NULL');
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('outbox_messages', true);
    await q.dropIndex('ownership_events', 'idx_ownership_events_to_type_at');
    await q.dropColumn('ownership_events', 'rule');
    for (const idx of ['idx_customers_pool_entered', 'idx_customers_pool_followup', 'idx_customers_pool_claimed']) await q.dropIndex('customers', idx);
    for (const col of ['last_owner_id', 'pool_entered_at', 'pool_reason']) await q.dropColumn('customers', col);
    await q.dropTable('pools', true);
  }
}
