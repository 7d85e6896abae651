import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The sales pipeline: stages (seeded with the defaults), opportunities and their stage moves. Portable (MySQL + SQLite). */
export class Pipeline1765400000000 implements MigrationInterface {
  name = 'Pipeline1765400000000';

  async up(q: QueryRunner): Promise<void> {
    const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
    const time = (name: string, nullable = false) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
    await q.createTable(new Table({
      name: 'stages',
      columns: [
        id,
        { name: 'name', type: 'varchar', length: '32' },
        { name: 'sort_order', type: 'int' },
        { name: 'win_rate', type: 'int' },
        { name: 'kind', type: 'varchar', length: '8' },
        { name: 'required_fields', type: 'text' },
        time('created_at'), time('updated_at'),
      ],
      indices: [new TableIndex({ name: 'idx_stages_sort', columnNames: ['sort_order'] })],
    }));
    await q.createTable(new Table({
      name: 'opportunities',
      columns: [
        id,
        { name: 'customer_id', type: 'int' },
        { name: 'owner_id', type: 'int', isNullable: true },
        { name: 'name', type: 'varchar', length: '128' },
        { name: 'amount_fen', type: 'bigint', default: 0 },
        { name: 'expected_close_on', type: 'date', isNullable: true },
        { name: 'stage_id', type: 'int' },
        { name: 'status', type: 'varchar', length: '8' },
        { name: 'probability', type: 'int', isNullable: true },
        { name: 'notes', type: 'varchar', length: '1000', isNullable: true },
        { name: 'source', type: 'varchar', length: '64', isNullable: true },
        time('won_at', true), time('lost_at', true),
        { name: 'lost_reason', type: 'varchar', length: '255', isNullable: true },
        time('stage_entered_at'),
        { name: 'created_by', type: 'int', isNullable: true },
        time('created_at'), time('updated_at'),
      ],
      indices: [
        new TableIndex({ name: 'idx_opportunities_customer', columnNames: ['customer_id', 'status'] }),
        new TableIndex({ name: 'idx_opportunities_owner_status_close', columnNames: ['owner_id', 'status', 'expected_close_on'] }),
        new TableIndex({ name: 'idx_opportunities_status_close', columnNames: ['status', 'expected_close_on'] }),
        new TableIndex({ name: 'idx_opportunities_stage', columnNames: ['stage_id', 'status'] }),
      ],
    }));
    await q.createTable(new Table({
      name: 'opportunity_stage_moves',
      columns: [
        id,
        { name: 'opportunity_id', type: 'int' },
        { name: 'from_stage_id', type: 'int', isNullable: true },
        { name: 'to_stage_id', type: 'int' },
        { name: 'by_user_id', type: 'int', isNullable: true },
        { name: 'feedback', type: 'text', isNullable: true },
        time('at'),
      ],
      indices: [new TableIndex({ name: 'idx_opportunity_moves_opportunity', columnNames: ['opportunity_id', 'at'] })],
    }));

    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    const defaults: Array<[string, number, string, unknown[]]> = [
      ['初步接触', 10, 'open', []],
      ['需求确认', 30, 'open', []],
      ['方案报价', 50, 'open', [{ key: 'quoteFen', label: '报价金额', type: 'amount' }]],
      ['商务谈判', 70, 'open', []],
      ['赢单', 100, 'won', []],
      ['输单', 0, 'lost', [{ key: 'lostReason', label: '输单原因', type: 'choice', options: ['价格', '竞品', '预算取消', '需求变化', '其他'] }]],
    ];
    for (const [i, [name, winRate, kind, fields]] of defaults.entries()) {
      await q.query(
        'INSERT INTO stages (name, sort_order, win_rate, kind, required_fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [name, i + 1, winRate, kind, JSON.stringify(fields), now, now],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('opportunity_stage_moves');
    await q.dropTable('opportunities');
    await q.dropTable('stages');
  }
}
