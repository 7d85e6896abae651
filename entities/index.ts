import { AuditLog } from './audit-log.entity.ts';
import { CustomerContact } from './customer-contact.entity.ts';
import { CustomerFollower } from './customer-follower.entity.ts';
import { Customer } from './customer.entity.ts';
import { Department } from './department.entity.ts';
import { FollowUp } from './follow-up.entity.ts';
import { OwnershipEvent } from './ownership-event.entity.ts';
import { User } from './user.entity.ts';
import { OutboxMessage } from './outbox-message.entity.ts';
import { Pool } from './pool.entity.ts';
import { CustomerLevelRequest } from './customer-level-request.entity.ts';
import { Foundation1764000000000 } from './migrations/1764000000000-foundation.ts';
import { Pool1764100000000 } from './migrations/1764100000000-pool.ts';
import { Bot1764200000000 } from './migrations/1764200000000-bot.ts';
import { PoolDueIndex1764900000000 } from './migrations/1764900000000-pool-due-index.ts';
import { Trust1765000000000 } from './migrations/1765000000000-trust.ts';
import { CallbackLease1765000000100 } from './migrations/1765000000100-callback-lease.ts';
import { CustomerSearch1765000000200 } from './migrations/1765000000200-customer-search.ts';
import { Notifications1765000000300 } from './migrations/1765000000300-notifications.ts';
import { WecomContacts1765200000000 } from './migrations/1765200000000-wecom-contacts.ts';
import { WecomContact } from './wecom-contact.entity.ts';
import { WecomContactFollow } from './wecom-contact-follow.entity.ts';
import { CustomerSearchTerm } from './customer-search-term.entity.ts';
import { CustomerTag } from './customer-tag.entity.ts';
import { Handover } from './handover.entity.ts';
import { HandoverItem } from './handover-item.entity.ts';
import { Handover1765300000000 } from './migrations/1765300000000-handover.ts';
import { HandoverWecom1765300000100 } from './migrations/1765300000100-handover-wecom.ts';
import { HandoverWecomTransfer } from './handover-wecom-transfer.entity.ts';
import { ApprovalRequest } from './approval-request.entity.ts';
import { ApprovalStep } from './approval-step.entity.ts';
import { ApprovalStepApprover } from './approval-step-approver.entity.ts';
import { ApprovalAttachment } from './approval-attachment.entity.ts';
import { CustomerGroup, CustomerGroupMember } from './customer-group.entity.ts';
import { CustomerTeamChat, TeamChatPost } from './customer-team-chat.entity.ts';
import { TeamChats1765600000100 } from './migrations/1765600000100-team-chats.ts';
import { OwnerFollowupLevelIndex1765700000300 } from './migrations/1765700000300-owner-followup-level-index.ts';
import { EventsFromIndex1765800000000 } from './migrations/1765800000000-events-from-index.ts';
import { CustomerGroups1765600000000 } from './migrations/1765600000000-customer-groups.ts';
import { Approvals1765100000000 } from './migrations/1765100000000-approvals.ts';
import { Stage } from './stage.entity.ts';
import { Opportunity } from './opportunity.entity.ts';
import { OpportunityStageMove } from './opportunity-stage-move.entity.ts';
import { Pipeline1765400000000 } from './migrations/1765400000000-pipeline.ts';
import { Contract, Payment, PaymentPlan, SalesTarget } from './contract.entity.ts';
import { Contracts1765500000000 } from './migrations/1765500000000-contracts.ts';

export {
  AuditLog, Customer, CustomerContact, CustomerFollower, CustomerLevelRequest, CustomerSearchTerm, CustomerTag, Department, FollowUp,
  OutboxMessage, OwnershipEvent, Pool, User,
  ApprovalRequest, ApprovalStep, ApprovalStepApprover, ApprovalAttachment,
  WecomContact, WecomContactFollow,
  Stage, Opportunity, OpportunityStageMove,
  Contract, PaymentPlan, Payment, SalesTarget,
  CustomerGroup, CustomerGroupMember, CustomerTeamChat, TeamChatPost,
};
export * from './customer.entity.ts';
export * from './follow-up.entity.ts';
export * from './ownership-event.entity.ts';
export * from './user.entity.ts';

export const ENTITIES = [
  Department, User, Customer, CustomerContact, CustomerFollower, CustomerSearchTerm, CustomerTag, FollowUp, OwnershipEvent, AuditLog, Pool,
  OutboxMessage, CustomerLevelRequest,
  Handover, HandoverItem, HandoverWecomTransfer,
  ApprovalRequest, ApprovalStep, ApprovalStepApprover, ApprovalAttachment,
  WecomContact, WecomContactFollow,
  Stage, Opportunity, OpportunityStageMove,
  Contract, PaymentPlan, Payment, SalesTarget,
  CustomerGroup, CustomerGroupMember, CustomerTeamChat, TeamChatPost,
];
/** Ordered; a new migration is appended here. */
export const MIGRATIONS = [
  Foundation1764000000000, Pool1764100000000, Bot1764200000000, PoolDueIndex1764900000000, Trust1765000000000, CallbackLease1765000000100,
  CustomerSearch1765000000200, Notifications1765000000300,
  Approvals1765100000000,
  WecomContacts1765200000000,
  Handover1765300000000,
  HandoverWecom1765300000100,
  Pipeline1765400000000,
  Contracts1765500000000,
  CustomerGroups1765600000000,
  TeamChats1765600000100,
  OwnerFollowupLevelIndex1765700000300,
  EventsFromIndex1765800000000,
];
