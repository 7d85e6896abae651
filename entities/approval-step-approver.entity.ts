import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Who may decide one step (或签: any one of them). Indexed by person for the 待我审批 box. */
@Entity({ name: 'approval_step_approvers' })
@Index('idx_step_approvers_user', ['userId', 'approvalId'])
@Index('idx_step_approvers_approval', ['approvalId'])
export class ApprovalStepApprover {
  @PrimaryColumn({ name: 'step_id', type: 'int' })
  stepId: number;

  @PrimaryColumn({ name: 'user_id', type: 'int' })
  userId: number;

  @Column({ name: 'approval_id', type: 'int' })
  approvalId: number;
}
