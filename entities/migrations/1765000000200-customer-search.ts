import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { backfillCustomerSearch, TAG_MAX_LENGTH } from '../../server/customers/customer-search.index.ts';
import { SEARCH_TERM_LENGTH } from '../../server/customers/rules/search-text.ts';

/**
 * Lists and search at 10^6 customers (issue 7):
 * - customer_search_terms: every suffix of the normalised name and contact names and of the
 *   phone digits (server/customers/rules/search-text.ts), so a substring search is one range
 *   scan; customers.search_text / search_phones hold the normalised text to verify against.
 *   Binary collation on MySQL: terms compare by code point (as SQLite's BINARY does) and
 *   LIKE on the normalised text is exact.
 * - customer_tags: the tag filter through an index instead of LIKE over the JSON column.
 * - an index per list sort (created, last follow-up, name) and the filters with the default
 *   sort, (stage, updated_at) and (level, updated_at), which replace the single-column ones.
 * Restartable: on MySQL the DDL commits as it goes, so each step checks what already exists,
 * and the backfill picks up the rows not indexed yet.
 */
export class CustomerSearch1765000000200 implements MigrationInterface {
  name = 'CustomerSearch1765000000200';

  async up(q: QueryRunner): Promise<void> {
    const bin = q.connection.options.type === 'mysql' ? { collation: 'utf8mb4_bin' } : {};
    const customers = (await q.getTable('customers'))!;
    if (!customers.findColumnByName('search_text')) {
      await q.addColumns('customers', [
        new TableColumn({ name: 'search_text', type: 'text', isNullable: true, ...bin }),
        new TableColumn({ name: 'search_phones', type: 'text', isNullable: true, ...bin }),
      ]);
    }
    if (!(await q.hasTable('customer_search_terms'))) {
      await q.createTable(new Table({
        name: 'customer_search_terms',
        columns: [
          { name: 'term', type: 'varchar', length: String(SEARCH_TERM_LENGTH), isPrimary: true, ...bin },
          { name: 'customer_id', type: 'int', isPrimary: true },
        ],
      }));
    }
    if (!(await q.hasTable('customer_tags'))) {
      await q.createTable(new Table({
        name: 'customer_tags',
        columns: [
          { name: 'customer_id', type: 'int', isPrimary: true },
          { name: 'tag', type: 'varchar', length: String(TAG_MAX_LENGTH), isPrimary: true, ...bin },
        ],
        indices: [{ name: 'idx_customer_tags_tag', columnNames: ['tag', 'customer_id'] }],
      }));
    }
    const wanted: Array<[string, string[]]> = [
      ['idx_customers_created', ['created_at']],
      ['idx_customers_last_follow_up', ['last_follow_up_at']],
      ['idx_customers_name', ['name']],
      ['idx_customers_stage_updated', ['stage', 'updated_at']],
      ['idx_customers_level_updated', ['level', 'updated_at']],
    ];
    const existing = new Set((await q.getTable('customers'))!.indices.map((i) => i.name));
    for (const [name, columnNames] of wanted) {
      if (!existing.has(name)) await q.createIndex('customers', new TableIndex({ name, columnNames }));
    }
    // Prefixes of the two above.
    for (const name of ['idx_customers_stage', 'idx_customers_level']) {
      if (existing.has(name)) await q.dropIndex('customers', name);
    }
    // On MySQL the DDL above committed the migration's transaction: give each batch its own
    // (one log flush per batch instead of one per statement). SQLite is still in one transaction.
    const mysql = q.connection.options.type === 'mysql';
    await backfillCustomerSearch(q.manager, {
      inBatch: mysql
        ? async (fn) => {
          await q.query('START TRANSACTION');
          try {
            await fn(q.manager);
            await q.query('COMMIT');
          } catch (err) {
            await q.query('ROLLBACK');
            throw err;
          }
        }
        : undefined,
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex('customers', new TableIndex({ name: 'idx_customers_stage', columnNames: ['stage'] }));
    await q.createIndex('customers', new TableIndex({ name: 'idx_customers_level', columnNames: ['level'] }));
    for (const name of ['idx_customers_created', 'idx_customers_last_follow_up', 'idx_customers_name', 'idx_customers_stage_updated', 'idx_customers_level_updated']) {
      await q.dropIndex('customers', name);
    }
    await q.dropTable('customer_tags', true);
    await q.dropTable('customer_search_terms', true);
    await q.dropColumn('customers', 'search_phones');
    await q.dropColumn('customers', 'search_text');
  }
}
