import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Approvals (审批): requests, their steps per round and level, who may decide each step, receipt photos. */
export class Approvals1765100000000 implements MigrationInterface {
  name = 'Approvals1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'approval_requests',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'type', type: 'varchar', length: '16' },
        { name: 'amount_fen', type: 'bigint' },
        { name: 'customer_id', type: 'int', isNullable: true },
        { name: 'opportunity_id', type: 'int', isNullable: true },
        { name: 'reason', type: 'varchar', length: '500' },
        { name: 'occurred_on', type: 'varchar', length: '10', isNullable: true },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'requester_id', type: 'int' },
        { name: 'round', type: 'int', default: 1 },
        { name: 'current_level', type: 'int', isNullable: true },
        { name: 'finished_at', type: 'datetime', precision: 3, isNullable: true },
        { name: 'created_at', type: 'datetime', precision: 3 },
        { name: 'updated_at', type: 'datetime', precision: 3 },
      ],
      indices: [
        { name: 'idx_approvals_requester_created', columnNames: ['requester_id', 'created_at'] },
        { name: 'idx_approvals_status_updated', columnNames: ['status', 'updated_at'] },
        { name: 'idx_approvals_customer_status', columnNames: ['customer_id', 'status'] },
        { name: 'idx_approvals_status_occurred', columnNames: ['status', 'occurred_on'] },
      ],
    }));
    await q.createTable(new Table({
      name: 'approval_steps',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'approval_id', type: 'int' },
        { name: 'round', type: 'int' },
        { name: 'level', type: 'int' },
        { name: 'over_amount_fen', type: 'bigint' },
        { name: 'decision', type: 'varchar', length: '16', isNullable: true },
        { name: 'decided_by', type: 'int', isNullable: true },
        { name: 'comment', type: 'varchar', length: '500', isNullable: true },
        { name: 'note', type: 'varchar', length: '200', isNullable: true },
        { name: 'decided_at', type: 'datetime', precision: 3, isNullable: true },
        { name: 'activated_at', type: 'datetime', precision: 3, isNullable: true },
        { name: 'reminded_on', type: 'varchar', length: '10', isNullable: true },
        { name: 'escalated_at', type: 'datetime', precision: 3, isNullable: true },
      ],
      indices: [
        { name: 'uq_approval_steps_round_level', columnNames: ['approval_id', 'round', 'level'], isUnique: true },
        { name: 'idx_approval_steps_decided_by', columnNames: ['decided_by', 'decided_at'] },
      ],
      foreignKeys: [
        { name: 'fk_approval_steps_approval', columnNames: ['approval_id'], referencedTableName: 'approval_requests', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
      ],
    }));
    await q.createTable(new Table({
      name: 'approval_step_approvers',
      columns: [
        { name: 'step_id', type: 'int', isPrimary: true },
        { name: 'user_id', type: 'int', isPrimary: true },
        { name: 'approval_id', type: 'int' },
      ],
      indices: [
        { name: 'idx_step_approvers_user', columnNames: ['user_id', 'approval_id'] },
        { name: 'idx_step_approvers_approval', columnNames: ['approval_id'] },
      ],
      foreignKeys: [
        { name: 'fk_step_approvers_step', columnNames: ['step_id'], referencedTableName: 'approval_steps', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
      ],
    }));
    await q.createTable(new Table({
      name: 'approval_attachments',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'approval_id', type: 'int', isNullable: true },
        { name: 'uploader_id', type: 'int' },
        { name: 'file_key', type: 'varchar', length: '128' },
        { name: 'content_type', type: 'varchar', length: '32' },
        { name: 'size_bytes', type: 'int' },
        { name: 'filename', type: 'varchar', length: '255' },
        { name: 'created_at', type: 'datetime', precision: 3 },
      ],
      indices: [
        { name: 'idx_approval_attachments_approval', columnNames: ['approval_id'] },
        { name: 'idx_approval_attachments_uploader', columnNames: ['uploader_id', 'created_at'] },
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('approval_attachments', true);
    await q.dropTable('approval_step_approvers', true);
    await q.dropTable('approval_steps', true);
    await q.dropTable('approval_requests', true);
  }
}
