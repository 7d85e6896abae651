import type { User } from '../../entities/user.entity.ts';

export interface UserDto {
  id: string;
  wecomUserId: string;
  name: string;
  role: User['role'];
  departmentId: string;
  departmentName?: string;
}

export function toUserDto(u: User, departmentName?: string): UserDto {
  return {
    id: String(u.id),
    wecomUserId: u.wecomUserId,
    name: u.name,
    role: u.role,
    departmentId: String(u.departmentId),
    ...(departmentName !== undefined ? { departmentName } : {}),
  };
}
