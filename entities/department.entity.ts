import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A WeCom department. `id` is WeCom's department id; `path` ("/1/4/9/") makes subtree queries a prefix match. */
@Entity({ name: 'departments' })
export class Department {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ name: 'parent_id', type: 'int', nullable: true })
  parentId: number | null;

  @Index('idx_departments_path')
  @Column({ type: 'varchar', length: 255 })
  path: string;

  @Column({ name: 'sort_order', type: 'int', default: 0 })
  sortOrder: number;
}
