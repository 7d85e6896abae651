import { ConflictError } from '../http/errors.ts';
import { claimRefusalMessage, type ClaimRefusal } from './rules/may-claim.ts';

/**
 * A customer may not come to this member now: the holding cap, the claim cooldown or the daily
 * limit. Creating, claiming, assigning and handing over all refuse with it, in the same words.
 */
export class ClaimRefusedError extends ConflictError {
  constructor(refusal: ClaimRefusal) {
    const { code, ...details } = refusal;
    super(code, claimRefusalMessage(refusal), details);
  }
}
