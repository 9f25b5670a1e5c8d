// Seeded simulation of a scenario's entrants with a known true uplift, for coverage tests and
// bench:scenarios. Deterministic: the same seed gives the same entrants.
//
// Each entrant is assigned to the holdout with probability holdoutShare, converts with the group's
// rate, and a converter spends a log-normal amount (the usual shape of order values: most near the
// median, a long right tail). The true revenue per entrant is rate · exp(μ + σ²/2).

import { createRandom, type Random } from "../clv/simulate";
import type { EntrantOutcome } from "./uplift";

export interface SimulatedScenario {
  entrants: number;
  holdoutShare: number;
  holdoutRate: number;
  treatedRate: number;
  /** ln of the median order value. */
  spendLogMedian: number;
  /** σ of ln order value. */
  spendLogSd: number;
}

export function trueRevenuePerEntrant(rate: number, scenario: Pick<SimulatedScenario, "spendLogMedian" | "spendLogSd">): number {
  return rate * Math.exp(scenario.spendLogMedian + (scenario.spendLogSd * scenario.spendLogSd) / 2);
}

function standardNormal(random: Random): number {
  return Math.sqrt(-2 * Math.log(random.uniform())) * Math.cos(2 * Math.PI * random.uniform());
}

export function simulateOutcomes(scenario: SimulatedScenario, seed: number): EntrantOutcome[] {
  const random = createRandom(seed);
  const outcomes: EntrantOutcome[] = [];
  for (let i = 0; i < scenario.entrants; i++) {
    const group = random.uniform() < scenario.holdoutShare ? "holdout" : "treated";
    const converted = random.uniform() < (group === "holdout" ? scenario.holdoutRate : scenario.treatedRate);
    const revenue = converted ? Math.exp(scenario.spendLogMedian + scenario.spendLogSd * standardNormal(random)) : 0;
    outcomes.push({ group, converted, revenue });
  }
  return outcomes;
}
