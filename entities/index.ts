import { AuditLog } from './audit-log.entity.ts';
import { CustomerContact } from './customer-contact.entity.ts';
import { CustomerFollower } from './customer-follower.entity.ts';
import { Customer } from './customer.entity.ts';
import { Department } from './department.entity.ts';
import { FollowUp } from './follow-up.entity.ts';
import { OwnershipEvent } from './ownership-event.entity.ts';
import { User } from './user.entity.ts';
import { Foundation1764000000000 } from './migrations/1764000000000-foundation.ts';

export { AuditLog, Customer, CustomerContact, CustomerFollower, Department, FollowUp, OwnershipEvent, User };
export * from './customer.entity.ts';
export * from './follow-up.entity.ts';
export * from './ownership-event.entity.ts';
export * from './user.entity.ts';

export const ENTITIES = [Department, User, Customer, CustomerContact, CustomerFollower, FollowUp, OwnershipEvent, AuditLog];
/** Ordered; a new migration is appended here. */
export const MIGRATIONS = [Foundation1764000000000];
