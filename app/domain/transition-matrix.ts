// Who moved from where to where in a period (docs/domain.md §5): the transition matrix between lifecycle
// stages, built from the recorded transitions (SegmentTransition).
//
// Pure. Definitions:
// - The period is [from, to): a transition counts when from <= at < to.
// - A customer's *move* in the period is NET: the stage before their first transition in the period
//   (its fromStage) to the stage after their last one (its toStage). new → regular → vip within a month is
//   one move new → vip; a customer who went regular → dormant → regular did not move and is left out.
// - fromStage null means "not yet classified": the customer's first classification (install, or a
//   customer created since) happened in the period.
// - Transitions of one customer at the same instant are ordered by `sequence` (the row id: the order
//   they were written in).

import { LIFECYCLE_STAGES, type LifecycleStage } from "./types";

export interface TransitionFact {
  customerId: string;
  fromStage: LifecycleStage | null;
  toStage: LifecycleStage;
  at: Date;
  /** tie-break for transitions of one customer at the same instant (the row id) */
  sequence: number;
}

/** "none" = not yet classified before the period */
export type MoveOrigin = LifecycleStage | "none";
export const MOVE_ORIGINS: readonly MoveOrigin[] = ["none", ...LIFECYCLE_STAGES];

export interface CustomerMove {
  customerId: string;
  from: MoveOrigin;
  to: LifecycleStage;
}

export interface TransitionMatrix {
  /** counts[from][to] = customers whose net move in the period was from → to */
  counts: Record<MoveOrigin, Record<LifecycleStage, number>>;
  /** customers with a net move */
  moved: number;
  /** per origin: customers who left it; per destination: customers who arrived */
  leftFrom: Record<MoveOrigin, number>;
  arrivedIn: Record<LifecycleStage, number>;
}

export interface Period {
  from: Date;
  to: Date;
}

/** Each customer's net move in the period, customers in id order (see the header). */
export function netMoves(transitions: Iterable<TransitionFact>, period: Period): CustomerMove[] {
  const fromMs = period.from.getTime();
  const toMs = period.to.getTime();
  if (Number.isNaN(fromMs) || Number.isNaN(toMs) || fromMs > toMs) throw new RangeError("The period must be two valid dates, from <= to.");
  const first = new Map<string, TransitionFact>();
  const last = new Map<string, TransitionFact>();
  const earlier = (a: TransitionFact, b: TransitionFact) => a.at.getTime() - b.at.getTime() || a.sequence - b.sequence;
  for (const t of transitions) {
    const ms = t.at.getTime();
    if (ms < fromMs || ms >= toMs) continue;
    const f = first.get(t.customerId);
    if (!f || earlier(t, f) < 0) first.set(t.customerId, t);
    const l = last.get(t.customerId);
    if (!l || earlier(t, l) > 0) last.set(t.customerId, t);
  }
  const moves: CustomerMove[] = [];
  for (const [customerId, f] of first) {
    const from: MoveOrigin = f.fromStage ?? "none";
    const to = last.get(customerId)!.toStage;
    if (from !== to) moves.push({ customerId, from, to });
  }
  return moves.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
}

/**
 * Net moves between two pictures of the shop: each customer's stage before (absent: "none", not yet a
 * customer) and now, customers in id order. Used for periods that begin before install, where the
 * "before" picture is reconstructed from the orders (segment-history.ts) — an estimate.
 */
export function movesBetween(before: ReadonlyMap<string, LifecycleStage>, now: ReadonlyMap<string, LifecycleStage>): CustomerMove[] {
  const moves: CustomerMove[] = [];
  for (const [customerId, to] of now) {
    const from: MoveOrigin = before.get(customerId) ?? "none";
    if (from !== to) moves.push({ customerId, from, to });
  }
  return moves.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** The matrix of net moves (every origin and destination present, zero when empty). */
export function buildTransitionMatrix(moves: readonly CustomerMove[]): TransitionMatrix {
  const counts = Object.fromEntries(MOVE_ORIGINS.map((origin) => [origin, zeros(LIFECYCLE_STAGES)])) as TransitionMatrix["counts"];
  const leftFrom = zeros(MOVE_ORIGINS);
  const arrivedIn = zeros(LIFECYCLE_STAGES);
  for (const move of moves) {
    counts[move.from][move.to] += 1;
    leftFrom[move.from] += 1;
    arrivedIn[move.to] += 1;
  }
  return { counts, moved: moves.length, leftFrom, arrivedIn };
}
