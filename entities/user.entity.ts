import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const USER_ROLES = ['rep', 'manager', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const USER_STATUSES = ['active', 'left'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Index('uq_users_wecom_user_id', { unique: true })
  @Column({ name: 'wecom_user_id', type: 'varchar', length: 64 })
  wecomUserId: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  role: UserRole;

  @Index('idx_users_department')
  @Column({ name: 'department_id', type: 'int' })
  departmentId: number;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: UserStatus;

  @Column({ type: 'varchar', length: 64, nullable: true })
  position: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
