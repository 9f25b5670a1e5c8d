// The editor's preview: with this definition, who would enter today and how many steps would fire in
// the next seven days, from the customers' stored events (segment moves, orders, fulfilments, at-risk
// flags). It replays the scheduling core (schedule.ts) as if the scenario had been running, so entries
// made earlier still have steps to come, and entries already known to come (N days after a fulfilment,
// an F2 window closing) count when they fall inside the week. Pure: `now` is an argument.

import { MS_PER_DAY, zoneCalendar } from "../calendar";
import { schedulingRules, type ScenarioDefinition } from "./definition";
import { entriesOf, stepDueAt, type CustomerEvent } from "./schedule";

const PREVIEW_DAYS = 7;
const PREVIEW_SAMPLE_SIZE = 10;

export interface CustomerEvents {
  customerId: string;
  events: readonly CustomerEvent[];
}

export interface ScenarioPreview {
  /** Customers whose entry falls on today's date in the shop's zone. */
  enteringToday: number;
  /** A few of them (ids), for the merchant to check. */
  sample: string[];
  /** Steps due from now to now + 7 days, per step index. */
  stepsThisWeek: number[];
  /** Of all those steps, about how many go to the holdout (which receives nothing). */
  heldOutThisWeek: number;
}

export function previewScenario(
  definition: ScenarioDefinition,
  customers: Iterable<CustomerEvents>,
  now: Date,
  timeZone: string,
): ScenarioPreview {
  const rules = schedulingRules("preview", definition);
  const calendar = zoneCalendar(timeZone);
  const today = calendar.localDay(now);
  const weekEnd = now.getTime() + PREVIEW_DAYS * MS_PER_DAY;
  const stepsThisWeek = definition.steps.map(() => 0);
  const sample: string[] = [];
  let enteringToday = 0;
  for (const { customerId, events } of customers) {
    let entersToday = false;
    for (const entry of entriesOf(rules, customerId, events)) {
      if (calendar.localDay(entry.enteredAt) === today) entersToday = true;
      definition.steps.forEach((step, index) => {
        const due = stepDueAt(entry, step, timeZone).getTime();
        const exitedFirst = entry.exitedAt !== null && entry.exitedAt.getTime() <= due;
        if (due >= now.getTime() && due < weekEnd && !exitedFirst) stepsThisWeek[index]++;
      });
    }
    if (entersToday) {
      enteringToday++;
      if (sample.length < PREVIEW_SAMPLE_SIZE) sample.push(customerId);
    }
  }
  const allSteps = stepsThisWeek.reduce((sum, n) => sum + n, 0);
  return { enteringToday, sample, stepsThisWeek, heldOutThisWeek: Math.round(allSteps * definition.holdoutShare) };
}

/** How far back events matter for the preview: the last step's offset plus the week, plus the entry's own delay. */
export function previewLookbackDays(definition: ScenarioDefinition): number {
  const lastOffset = definition.steps.at(-1)?.dayOffset ?? 0;
  const entryDelay =
    definition.entry.kind === "days-after-fulfilment"
      ? definition.entry.days
      : definition.entry.kind === "f2-window-closing"
        ? definition.entry.windowDays
        : 0;
  return lastOffset + entryDelay + PREVIEW_DAYS + 1;
}
