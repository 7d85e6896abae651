/**
 * Who gets which customer when a handover spreads them over several successors: round-robin by
 * current load — each customer goes to the successor holding the least at that moment — while
 * the holding cap binds (customers of an exempt level do not count against it). Pure: the
 * service loads holdings and rules, this decides.
 */
export interface Successor {
  id: number;
  name: string;
  /** What the cap counts now. */
  held: number;
  cap: number;
}

export interface Movable {
  customerId: number;
  /** Exempt from the cap (重点 …) under the successor's pool rules. */
  exempt: boolean;
}

export interface OverCap {
  id: number;
  name: string;
  held: number;
  cap: number;
  /** What they would hold with their share. */
  after: number;
}

export interface Distribution {
  assignments: Map<number, number>;
  /** Non-empty when the customers do not fit under the caps (and no override was given). */
  overCap: OverCap[];
}

export function distribute(customers: readonly Movable[], successors: readonly Successor[], opts: { overrideCap: boolean }): Distribution {
  const assignments = new Map<number, number>();
  if (!successors.length) return { assignments, overCap: [] };
  const load = new Map(successors.map((s) => [s.id, s.held]));
  const given = new Map(successors.map((s) => [s.id, 0]));
  let overflow = false;
  for (const c of [...customers].sort((a, b) => a.customerId - b.customerId)) {
    const byLoad = [...successors].sort((a, b) => load.get(a.id)! - load.get(b.id)! || given.get(a.id)! - given.get(b.id)! || a.id - b.id);
    const room = c.exempt ? byLoad : byLoad.filter((s) => load.get(s.id)! < s.cap);
    let to = room[0];
    if (!to) {
      overflow = true;
      to = byLoad[0]!; // over every cap: the least loaded, allowed only with the override
    }
    assignments.set(c.customerId, to.id);
    given.set(to.id, given.get(to.id)! + 1);
    if (!c.exempt) load.set(to.id, load.get(to.id)! + 1);
  }
  const overCap = overflow && !opts.overrideCap
    ? successors.filter((s) => load.get(s.id)! > s.cap).map((s) => ({ id: s.id, name: s.name, held: s.held, cap: s.cap, after: load.get(s.id)! }))
    : [];
  return { assignments, overCap };
}
