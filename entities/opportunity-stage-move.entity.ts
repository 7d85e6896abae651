import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One move of an opportunity between stages (the first one is its creation): never updated. */
@Entity({ name: 'opportunity_stage_moves' })
@Index('idx_opportunity_moves_opportunity', ['opportunityId', 'at'])
export class OpportunityStageMove {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'opportunity_id', type: 'int' })
  opportunityId: number;

  /** null: the opportunity was created in `toStageId`. */
  @Column({ name: 'from_stage_id', type: 'int', nullable: true })
  fromStageId: number | null;

  @Column({ name: 'to_stage_id', type: 'int' })
  toStageId: number;

  @Column({ name: 'by_user_id', type: 'int', nullable: true })
  byUserId: number | null;

  /** JSON object {key: value} of the feedback given with the move. */
  @Column({ type: 'text', nullable: true })
  feedback: string | null;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;
}
