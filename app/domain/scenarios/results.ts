// A scenario's results page, pure: from each entry's outcome (holdout or treated, converted within the
// conversion window, net revenue, what its codes cost, which steps fired) the figures per group, the
// uplift with its 95 % intervals (uplift.ts) and whether there are enough entrants yet — for the whole
// scenario and per step.
//
// Per step, the comparison is between the entrants still in the scenario when the step was due (its due
// time passed and they had not exited): treated entrants who were sent it against holdout entrants who
// would have been. Earlier steps may already have converted some treated entrants (who then exit), so a
// step's figures describe that step's audience; the whole-scenario figures are the causal measure.

import { assessSufficiency, type Sufficiency } from "./sample-size";
import type { ScenarioDefinition } from "./definition";
import { stepDueAt } from "./schedule";
import { measureUplift, type UpliftResult } from "./uplift";

export interface EntryOutcomeRecord {
  holdout: boolean;
  enteredAt: Date;
  exitedAt: Date | null;
  /** An order within the conversion window after entry. */
  converted: boolean;
  /** Net revenue of those orders (after the scenario's discounts and refunds), shop currency. */
  revenue: number;
  /** What the scenario's codes took off the entrant's orders. */
  discountCost: number;
  stepsFired: readonly number[];
}

export interface GroupFigures {
  entrants: number;
  conversions: number;
  conversionRate: number | null;
  revenue: number;
  revenuePerEntrant: number | null;
  discountCost: number;
}

export interface Comparison {
  treated: GroupFigures;
  holdout: GroupFigures;
  /** Null until both groups have an entrant. */
  uplift: UpliftResult | null;
  /** Null when the scenario has no holdout (nothing to compare with). */
  sufficiency: Sufficiency | null;
}

export interface StepResult extends Comparison {
  stepIndex: number;
  /** Times the step was sent (treated entrants only; the holdout receives nothing). */
  fired: number;
}

export interface ScenarioResults extends Comparison {
  steps: StepResult[];
}

function figures(outcomes: readonly EntryOutcomeRecord[]): GroupFigures {
  const entrants = outcomes.length;
  const conversions = outcomes.filter((o) => o.converted).length;
  const revenue = outcomes.reduce((sum, o) => sum + o.revenue, 0);
  return {
    entrants,
    conversions,
    conversionRate: entrants ? conversions / entrants : null,
    revenue,
    revenuePerEntrant: entrants ? revenue / entrants : null,
    discountCost: outcomes.reduce((sum, o) => sum + o.discountCost, 0),
  };
}

function compare(outcomes: readonly EntryOutcomeRecord[], holdoutShare: number): Comparison {
  const treatedOutcomes = outcomes.filter((o) => !o.holdout);
  const holdoutOutcomes = outcomes.filter((o) => o.holdout);
  const treated = figures(treatedOutcomes);
  const holdout = figures(holdoutOutcomes);
  const uplift =
    treated.entrants > 0 && holdout.entrants > 0
      ? measureUplift(
          outcomes.map((o) => ({
            group: o.holdout ? "holdout" : "treated",
            converted: o.converted,
            // A refund larger than the order cannot make an entrant worth less than nothing.
            revenue: o.converted ? Math.max(0, o.revenue) : 0,
            discount: o.discountCost,
          })),
          { holdoutShare },
        )
      : null;
  const sufficiency =
    holdoutShare > 0
      ? assessSufficiency(
          {
            treated: { n: treated.entrants, conversions: treated.conversions },
            holdout: { n: holdout.entrants, conversions: holdout.conversions },
          },
          holdoutShare,
        )
      : null;
  return { treated, holdout, uplift, sufficiency };
}

/** The results of a scenario as of `asOf`, from every entry that entered by then. */
export function summarizeScenarioResults(
  definition: Pick<ScenarioDefinition, "steps" | "holdoutShare">,
  outcomes: readonly EntryOutcomeRecord[],
  asOf: Date,
  timeZone: string,
): ScenarioResults {
  const steps = definition.steps.map((step, stepIndex) => {
    const reached = outcomes.filter((o) => {
      const due = stepDueAt(o, step, timeZone).getTime();
      return due <= asOf.getTime() && (o.exitedAt === null || o.exitedAt.getTime() > due);
    });
    return {
      stepIndex,
      fired: outcomes.filter((o) => !o.holdout && o.stepsFired.includes(stepIndex)).length,
      ...compare(reached, definition.holdoutShare),
    };
  });
  return { ...compare(outcomes, definition.holdoutShare), steps };
}
