// The scenario runtime's decisions, pure (time is an argument): who is admitted as a new entry, when an
// open entry exits, which steps a treated entry schedules, and the offer code a step creates. The jobs
// (app/jobs/scenario-*.server.ts) read the facts from the database and apply these.

import { MS_PER_DAY } from "../calendar";
import { holdoutPosition, isInHoldout } from "./holdout";
import type { OfferSettings, ScenarioDefinition } from "./definition";
import { stepDueAt, stepIdempotencyKey } from "./schedule";

/** A stored scenario the runtime acts on: its row id and its validated definition. */
export interface RunnableScenario {
  id: number;
  definition: ScenarioDefinition;
}

/** An entering event found by the evaluation job (a transition, an order, a fulfilment, a flag). */
export interface EntryCandidate {
  customerId: string;
  /** Identifies the entering event: the same event never enters twice. */
  entryKey: string;
  at: Date;
}

/** The customer's latest entry into the scenario, if any. */
export interface LatestEntry {
  entryNumber: number;
  exitedAt: Date | null;
}

export interface Admission {
  customerId: string;
  entryKey: string;
  entryNumber: number;
  enteredAt: Date;
  holdout: boolean;
}

/**
 * New entries from entering events: at most one per customer per evaluation (their earliest event), none
 * while the customer has an open entry, none after a first entry unless the scenario allows re-entry,
 * none from events after `now` (an entry N days after fulfilment is only due then). The holdout is drawn
 * here, once, from (shop, scenario, customer, entry number).
 */
export function admitEntries(
  shop: string,
  scenario: RunnableScenario,
  candidates: readonly EntryCandidate[],
  latest: ReadonlyMap<string, LatestEntry>,
  now: Date,
): Admission[] {
  const earliest = new Map<string, EntryCandidate>();
  for (const candidate of candidates) {
    if (candidate.at.getTime() > now.getTime()) continue;
    const seen = earliest.get(candidate.customerId);
    if (!seen || candidate.at.getTime() < seen.at.getTime()) earliest.set(candidate.customerId, candidate);
  }
  const admitted: Admission[] = [];
  for (const candidate of earliest.values()) {
    const last = latest.get(candidate.customerId);
    if (last && (last.exitedAt === null || !scenario.definition.reentry || last.exitedAt.getTime() > candidate.at.getTime())) continue;
    const entryNumber = (last?.entryNumber ?? 0) + 1;
    const holdout = isInHoldout(
      { shop, scenarioId: String(scenario.id), customerId: candidate.customerId, entryId: String(entryNumber) },
      scenario.definition.holdoutShare,
    );
    admitted.push({ customerId: candidate.customerId, entryKey: candidate.entryKey, entryNumber, enteredAt: candidate.at, holdout });
  }
  return admitted.sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime() || a.customerId.localeCompare(b.customerId));
}

/** What the evaluation job knows of an entrant now. */
export interface EntrantFacts {
  /** Their first order after entering (F2 entries: their second order overall), if any. */
  firstOrderAfterEntry: Date | null;
  /** Whether they are still in the segment a segment-transition scenario targets. */
  inSegment: boolean;
  /** Their first review after entering, if any (review requests exit on it). */
  firstReviewAfterEntry: Date | null;
}

export type ExitReason = "converted" | "left-segment" | "reviewed";

/** When and why an open entry exits, or null while it stays. */
export function exitOf(scenario: RunnableScenario, facts: EntrantFacts, now: Date): { exitedAt: Date; reason: ExitReason } | null {
  const { exit, entry } = scenario.definition;
  const past = (at: Date | null): at is Date => at !== null && at.getTime() <= now.getTime();
  if (exit.onOrder && past(facts.firstOrderAfterEntry)) return { exitedAt: facts.firstOrderAfterEntry, reason: "converted" };
  if (exit.onReview && past(facts.firstReviewAfterEntry)) return { exitedAt: facts.firstReviewAfterEntry, reason: "reviewed" };
  if (exit.onLeavingSegment && entry.kind === "segment-transition" && !facts.inSegment) return { exitedAt: now, reason: "left-segment" };
  return null;
}

export interface ScheduledStep {
  stepIndex: number;
  dueAt: Date;
  idempotencyKey: string;
}

/** The steps a treated entry schedules at entry (the holdout schedules none: it receives nothing). */
export function scheduleSteps(
  scenario: RunnableScenario,
  entry: { customerId: string; entryNumber: number; enteredAt: Date },
  timeZone: string,
): ScheduledStep[] {
  const identity = { scenarioId: String(scenario.id), customerId: entry.customerId, entryId: String(entry.entryNumber) };
  return scenario.definition.steps.map((step, stepIndex) => ({
    stepIndex,
    dueAt: stepDueAt(entry, step, timeZone),
    idempotencyKey: stepIdempotencyKey(identity, stepIndex),
  }));
}

const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no I, O, 0, 1: read aloud and typed

/**
 * A step's unique offer code, derived from its idempotency key: a retry after a crash asks Shopify for
 * the same code, finds it (codes are unique per shop) and does not create a second one.
 */
export function offerCodeFor(shop: string, idempotencyKey: string): string {
  let value = Math.floor(holdoutPosition({ shop, scenarioId: "offer-code", customerId: idempotencyKey, entryId: "" }) * 2 ** 50);
  let code = "";
  for (let i = 0; i < 10; i++) {
    code += CODE_ALPHABET[value % 32];
    value = Math.floor(value / 32);
  }
  return `TSU-${code}`;
}

/** When an offer code created at `createdAt` stops working. */
export function offerEndsAt(offer: OfferSettings, createdAt: Date): Date {
  return new Date(createdAt.getTime() + offer.expiryDays * MS_PER_DAY);
}

/** The UTM a scenario's links carry and its marketing activity is registered with (unique per shop). */
export function scenarioUtm(scenarioId: number): { campaign: string; medium: string; source: string } {
  return { campaign: `tsunagu-scenario-${scenarioId}`, medium: "email", source: "tsunagu" };
}

/** Whether an order at `orderAt` counts as the entrant's conversion. */
export function withinConversionWindow(
  definition: Pick<ScenarioDefinition, "conversionWindowDays">,
  enteredAt: Date,
  orderAt: Date,
): boolean {
  const offset = orderAt.getTime() - enteredAt.getTime();
  return offset > 0 && offset <= definition.conversionWindowDays * MS_PER_DAY;
}
