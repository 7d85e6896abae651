import type { EntityManager } from 'typeorm';

/**
 * What another capability does when a request of its type reaches an outcome (a `contract`
 * approval signs its contract): handlers are registered by type from the capability's module
 * file and run inside the approval's transaction, after the request's row changed.
 */
export type ApprovalOutcome = 'approved' | 'rejected' | 'withdrawn' | 'resubmitted';

export interface ApprovalOutcomeEvent {
  approvalId: number;
  type: string;
  outcome: ApprovalOutcome;
  /** Who decided (null: passed by the rules). */
  byUserId: number | null;
  requestId?: string | null;
  at: Date;
}

/** A handler may throw (an AppError) to refuse the step: the approval's transaction rolls back. */
export type ApprovalOutcomeHandler = (em: EntityManager, event: ApprovalOutcomeEvent) => Promise<void>;

const handlers = new Map<string, ApprovalOutcomeHandler>();

/** Registers (or replaces) the handler of one approval type. */
export function onApprovalOutcome(type: string, handler: ApprovalOutcomeHandler): void {
  handlers.set(type, handler);
}

export async function runApprovalOutcome(em: EntityManager, event: ApprovalOutcomeEvent): Promise<void> {
  await handlers.get(event.type)?.(em, event);
}
