import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/**
 * A stage of the sales pipeline (商机阶段), configured by an admin as an ordered list. Each stage
 * may require feedback before an opportunity enters it (`required_fields`, JSON:
 * [{key, label, type: text|number|date|choice|amount, options?}]).
 */
@Entity({ name: 'stages' })
@Index('idx_stages_sort', ['sortOrder'])
export class Stage {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  name: string;

  @Column({ name: 'sort_order', type: 'int' })
  sortOrder: number;

  /** 0–100 (%). */
  @Column({ name: 'win_rate', type: 'int' })
  winRate: number;

  @Column({ type: 'varchar', length: 8 })
  kind: StageKind;

  @Column({ name: 'required_fields', type: 'text' })
  requiredFields: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
