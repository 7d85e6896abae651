import { isInSubtree } from '../../customers/rules/visibility.ts';

export interface Figures {
  wonAmountFen: number;
  paymentsFen: number;
}

export const ZERO: Figures = { wonAmountFen: 0, paymentsFen: 0 };

export const addFigures = (a: Figures, b: Figures): Figures => ({ wonAmountFen: a.wonAmountFen + b.wonAmountFen, paymentsFen: a.paymentsFen + b.paymentsFen });

/**
 * A department's target: its own when set, else the sum of its people's (everyone in its
 * subtree), `derived`; null when neither exists.
 */
export function departmentTarget(
  own: Figures | null, people: ReadonlyArray<Figures | null>,
): { target: Figures | null; derived: boolean } {
  if (own) return { target: own, derived: false };
  const set = people.filter((p): p is Figures => p !== null);
  if (!set.length) return { target: null, derived: false };
  return { target: set.reduce(addFigures, ZERO), derived: true };
}

/** Who may set targets for whom: admins for all, managers within their subtree, reps nobody. */
export function maySetTarget(setter: { role: string; departmentPath: string }, targetPath: string): boolean {
  if (setter.role === 'admin') return true;
  if (setter.role !== 'manager') return false;
  return isInSubtree(targetPath, setter.departmentPath);
}
