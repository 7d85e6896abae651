import type { EntityManager } from 'typeorm';

/**
 * What a capability holds for a member beyond the customers they own (approvals to decide and
 * filed, WeCom contacts, groups …). A handover asks each participant to count it for the preview
 * and to move it, in the handover's transaction. Capabilities register from their module file;
 * the handover knows none of them by name.
 */
export interface HandoverCounts {
  approvalsToDecide: number;
  approvalsFiled: number;
  wecomContacts: number;
  wecomGroups: number;
}

export interface HandoverContext {
  fromUserId: number;
  /** The successor of things that need one person (their first successor); null: nobody (back to the pool). */
  toUserId: number | null;
  /** Who runs it (null: the system, after a departure nobody acted on). */
  by: { id: number; name: string; requestId?: string | null } | null;
  reason: string;
  /** The member left the company (disabled): everything waiting on them moves now. */
  departure: boolean;
  now: Date;
}

export interface HandoverParticipant {
  count(em: EntityManager, userId: number): Promise<Partial<HandoverCounts>>;
  handOver(em: EntityManager, ctx: HandoverContext): Promise<void>;
}

const participants = new Map<string, HandoverParticipant>();

/** Registers (or replaces) a capability's participant, by name. */
export function participateInHandover(name: string, participant: HandoverParticipant): void {
  participants.set(name, participant);
}

export function handoverParticipants(): HandoverParticipant[] {
  return [...participants.values()];
}
