// Scenario entries and exits (docs/domain.md, scenarios): for each active scenario of a shop, the
// entering events since the last evaluation become entries (re-entry as the next entry number, the
// holdout drawn once), treated entries get their steps scheduled at 09:00 shop time, and open entries
// of customers who ordered, reviewed or changed segment exit (their unfired steps are dropped).
// Idempotent: an entering event enters once (its key is unique per scenario), and the watermarks only
// move after the entries are written. Time is an argument.
import { parseScenarioDefinition } from "../domain/scenarios/definition";
import { admitEntries, exitOf, scheduleSteps, type EntryCandidate, type RunnableScenario } from "../domain/scenarios/runtime";
import { MS_PER_DAY } from "../domain/calendar";
import {
  advanceEvaluation,
  exitEntries,
  insertEntries,
  listScenarios,
  loadEntryHistory,
  loadOpenEntryFacts,
  type ExitScope,
  type SegmentMembership,
  type StoredScenario,
} from "../models/scenario.server";
import {
  listAtRiskCustomerIds,
  loadNthOrdersPlaced,
  loadOrdersFulfilled,
  loadSegmentMovesInto,
  loadSingleOrderCustomers,
  type SegmentMove,
} from "../models/scenario-entering-events.server";
import { loadShopCalendar } from "../models/scenario-results.server";
import { latestTransitionId } from "../models/shop-aggregate.server";

// Orders and fulfilments reach us late (webhooks retried, reconciliation every quarter-hour): each
// evaluation looks this far behind its watermark; entering events already used are skipped by key.
const LOOKBACK_MS = 2 * MS_PER_DAY;

/**
 * The given scenarios with a valid definition (an invalid stored one is skipped and logged): the real
 * ones, or with `simulated` the ones the demo's shopper simulator runs on its own clock.
 */
export function runnableScenarios(
  scenarios: readonly StoredScenario[],
  simulated = false,
): (RunnableScenario & { stored: StoredScenario })[] {
  const runnable: (RunnableScenario & { stored: StoredScenario })[] = [];
  for (const stored of scenarios) {
    if (stored.simulated !== simulated) continue;
    const parsed = parseScenarioDefinition(stored.definition);
    if (parsed.ok) runnable.push({ id: stored.id, definition: parsed.definition, stored });
    else console.warn(`[tsunagu] scenario ${stored.id} of ${stored.shop} has an invalid definition: ${JSON.stringify(parsed.errors)}`);
  }
  return runnable;
}

export interface EvaluationSummary {
  entered: number;
  heldOut: number;
  exited: number;
  stepsScheduled: number;
}

export async function evaluateScenarios({
  shop,
  now,
  simulated = false,
}: {
  shop: string;
  now: Date;
  simulated?: boolean;
}): Promise<EvaluationSummary> {
  const summary: EvaluationSummary = { entered: 0, heldOut: 0, exited: 0, stepsScheduled: 0 };
  const scenarios = runnableScenarios(await listScenarios(shop, "active"), simulated);
  if (scenarios.length === 0) return summary;
  const { timeZone } = await loadShopCalendar(shop);
  const transitionsThroughId = await latestTransitionId(shop);

  for (const scenario of scenarios) {
    const { stored } = scenario;
    const activatedAt = stored.activatedAt ?? now;
    const from = new Date(Math.max(activatedAt.getTime(), (stored.evaluatedThrough ?? activatedAt).getTime() - LOOKBACK_MS));
    const transitions =
      scenario.definition.entry.kind === "segment-transition"
        ? await loadSegmentMovesInto(shop, scenario.definition.entry.to, {
            afterId: stored.transitionsThroughId,
            throughId: transitionsThroughId,
          })
        : [];

    // Exits first (so a customer who left can enter again in the same evaluation), then entries, then
    // the exits of the new entries (an order placed after entering, before this evaluation). Exits
    // look at customers with a move, an order or a review since the last evaluation.
    const touched: ExitScope =
      scenario.definition.entry.kind === "at-risk"
        ? { kind: "all" }
        : { kind: "touched", transitionsAfterId: stored.transitionsThroughId, transitionsThroughId, from, through: now };
    summary.exited += await applyExits(shop, scenario, touched, now);

    const candidates = await entryCandidates(shop, scenario, { from, now, activatedAt, transitions });
    const history = await loadEntryHistory(
      scenario.id,
      candidates.map((c) => c.customerId),
    );
    const fresh = candidates.filter((c) => !history.usedEntryKeys.has(c.entryKey));
    const admissions = admitEntries(shop, scenario, fresh, history.latest, now);
    let scheduled = 0;
    const { afterEntryId } = await insertEntries(shop, scenario.id, admissions, (admission) => {
      const steps = scheduleSteps(scenario, admission, timeZone);
      scheduled += steps.length;
      return steps;
    });
    summary.entered += admissions.length;
    summary.heldOut += admissions.filter((a) => a.holdout).length;
    summary.stepsScheduled += scheduled;
    if (admissions.length > 0) summary.exited += await applyExits(shop, scenario, { kind: "after", entryId: afterEntryId }, now);

    await advanceEvaluation(scenario.id, now, transitionsThroughId);
  }
  return summary;
}

interface Window {
  from: Date;
  now: Date;
  activatedAt: Date;
  transitions: SegmentMove[];
}

/** The entering events of the scenario's entry rule within the window. */
async function entryCandidates(shop: string, scenario: RunnableScenario, window: Window): Promise<EntryCandidate[]> {
  const { entry } = scenario.definition;
  const { from, now, activatedAt } = window;
  const afterActivation = (at: Date) => at.getTime() >= activatedAt.getTime();
  switch (entry.kind) {
    case "segment-transition":
      // A first classification (from nothing: install, a customer just learned of) is not a move.
      return window.transitions
        .filter((t) => t.fromStage !== null && t.toStage === entry.to && afterActivation(t.at))
        .map((t) => ({ customerId: t.customerId, entryKey: `transition:${t.id}`, at: t.at }));
    case "first-order":
    case "nth-order": {
      const n = entry.kind === "first-order" ? 1 : entry.n;
      const orders = await loadNthOrdersPlaced(shop, n, { after: from, through: now });
      return orders
        .filter((o) => afterActivation(o.processedAt))
        .map((o) => ({ customerId: o.customerId, entryKey: `order:${o.id}`, at: o.processedAt }));
    }
    case "days-after-fulfilment": {
      const delay = entry.days * MS_PER_DAY;
      const orders = await loadOrdersFulfilled(shop, { after: new Date(from.getTime() - delay), through: new Date(now.getTime() - delay) });
      return orders
        .map((o) => ({ customerId: o.customerId, entryKey: `fulfilled:${o.id}`, at: new Date(o.fulfilledAt.getTime() + delay) }))
        .filter((c) => afterActivation(c.at));
    }
    case "at-risk": {
      // The at-risk flag has no history: a flagged customer without an open entry enters now, and
      // their next entry needs the flag to clear and come back (the entry exits when it clears).
      const customers = await listAtRiskCustomerIds(shop);
      return customers.map((id) => ({ customerId: id, entryKey: `at-risk:${id}:${now.toISOString()}`, at: now }));
    }
    case "f2-window-closing": {
      const offset = (entry.windowDays - entry.daysBefore) * MS_PER_DAY;
      const customers = await loadSingleOrderCustomers(shop, {
        firstOrderAfter: new Date(from.getTime() - offset),
        through: new Date(now.getTime() - offset),
      });
      return customers
        .map((c) => ({
          customerId: c.id,
          entryKey: `f2:${c.id}:${c.firstOrderAt.toISOString()}`,
          at: new Date(c.firstOrderAt.getTime() + offset),
        }))
        .filter((c) => afterActivation(c.at));
    }
  }
}

/** Exit the open entries in scope that should: an order or review after entering, or leaving the segment (or losing the at-risk flag). */
async function applyExits(shop: string, scenario: RunnableScenario, scope: ExitScope, now: Date): Promise<number> {
  const { entry } = scenario.definition;
  const membership: SegmentMembership =
    entry.kind === "segment-transition" ? { stage: entry.to } : entry.kind === "at-risk" ? { atRisk: true } : null;
  const facts = await loadOpenEntryFacts(shop, scenario.id, scope, scenario.definition.exit.onReview, membership);
  const exits: { entryId: number; exitedAt: Date; reason: "converted" | "left-segment" | "reviewed" }[] = [];
  for (const open of facts) {
    const inSegment = entry.kind === "segment-transition" ? open.stage === entry.to : entry.kind === "at-risk" ? open.atRisk : true;
    const exit = exitOf(
      scenario,
      { firstOrderAfterEntry: open.firstOrderAfterEntry, firstReviewAfterEntry: open.firstReviewAfterEntry, inSegment },
      now,
    );
    // An at-risk entry ends when the flag clears, whatever the exit settings: the next entry needs it.
    if (exit) exits.push({ entryId: open.entryId, ...exit });
    else if (entry.kind === "at-risk" && !inSegment) exits.push({ entryId: open.entryId, exitedAt: now, reason: "left-segment" });
  }
  await exitEntries(shop, exits);
  return exits.length;
}
