import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Contracts (合同), their payment plans (回款计划) and payments (回款), monthly targets (业绩目标). */
export class Contracts1765500000000 implements MigrationInterface {
  name = 'Contracts1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'contracts',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'number', type: 'varchar', length: '64' },
        { name: 'customer_id', type: 'int' },
        { name: 'opportunity_id', type: 'int', isNullable: true },
        { name: 'owner_id', type: 'int' },
        { name: 'amount_fen', type: 'bigint' },
        { name: 'discount_bp', type: 'int', default: 0 },
        { name: 'signed_on', type: 'varchar', length: '10', isNullable: true },
        { name: 'signed_at', type: 'datetime', precision: 3, isNullable: true },
        { name: 'start_on', type: 'varchar', length: '10' },
        { name: 'end_on', type: 'varchar', length: '10' },
        { name: 'status', type: 'varchar', length: '20' },
        { name: 'approval_id', type: 'int', isNullable: true },
        { name: 'created_by', type: 'int' },
        { name: 'created_at', type: 'datetime', precision: 3 },
        { name: 'updated_at', type: 'datetime', precision: 3 },
      ],
      indices: [
        { name: 'uq_contracts_number', columnNames: ['number'], isUnique: true },
        { name: 'idx_contracts_customer', columnNames: ['customer_id'] },
        { name: 'idx_contracts_owner_status', columnNames: ['owner_id', 'status'] },
        { name: 'idx_contracts_status_signed', columnNames: ['status', 'signed_on'] },
        { name: 'idx_contracts_status_end', columnNames: ['status', 'end_on'] },
        { name: 'idx_contracts_approval', columnNames: ['approval_id'] },
      ],
      foreignKeys: [
        { name: 'fk_contracts_customer', columnNames: ['customer_id'], referencedTableName: 'customers', referencedColumnNames: ['id'] },
      ],
    }));
    await q.createTable(new Table({
      name: 'payment_plans',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'contract_id', type: 'int' },
        { name: 'due_on', type: 'varchar', length: '10' },
        { name: 'amount_fen', type: 'bigint' },
        { name: 'paid_fen', type: 'bigint', default: 0 },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'created_at', type: 'datetime', precision: 3 },
        { name: 'updated_at', type: 'datetime', precision: 3 },
      ],
      indices: [
        { name: 'idx_payment_plans_contract', columnNames: ['contract_id'] },
        { name: 'idx_payment_plans_status_due', columnNames: ['status', 'due_on'] },
      ],
      foreignKeys: [
        { name: 'fk_payment_plans_contract', columnNames: ['contract_id'], referencedTableName: 'contracts', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
      ],
    }));
    await q.createTable(new Table({
      name: 'payments',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'plan_id', type: 'int' },
        { name: 'contract_id', type: 'int' },
        { name: 'amount_fen', type: 'bigint' },
        { name: 'received_on', type: 'varchar', length: '10' },
        { name: 'by_user_id', type: 'int' },
        { name: 'created_at', type: 'datetime', precision: 3 },
      ],
      indices: [
        { name: 'idx_payments_plan', columnNames: ['plan_id'] },
        { name: 'idx_payments_contract', columnNames: ['contract_id'] },
        { name: 'idx_payments_received', columnNames: ['received_on'] },
      ],
      foreignKeys: [
        { name: 'fk_payments_plan', columnNames: ['plan_id'], referencedTableName: 'payment_plans', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
      ],
    }));
    await q.createTable(new Table({
      name: 'sales_targets',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'period', type: 'varchar', length: '7' },
        { name: 'scope_key', type: 'varchar', length: '24' },
        { name: 'user_id', type: 'int', isNullable: true },
        { name: 'department_id', type: 'int', isNullable: true },
        { name: 'won_amount_fen', type: 'bigint' },
        { name: 'payments_fen', type: 'bigint' },
        { name: 'updated_by', type: 'int' },
        { name: 'updated_at', type: 'datetime', precision: 3 },
      ],
      indices: [
        { name: 'uq_sales_targets_period_scope', columnNames: ['period', 'scope_key'], isUnique: true },
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sales_targets', true);
    await q.dropTable('payments', true);
    await q.dropTable('payment_plans', true);
    await q.dropTable('contracts', true);
  }
}
