// The scheduling core of scenarios (who, when, what): when a customer enters, when each step is due,
// when they leave, and the key that makes a step fire once per entry. Pure: time is an argument.
//
// Steps are due at a wall-clock time in the shop's zone (default 09:00) on the entry's local date plus
// the step's day offset, so a "day 7, 09:00" step fires at 09:00 in Tokyo or New York whatever the
// UTC offset, across daylight-saving changes.

import { MS_PER_DAY, zoneCalendar, type EpochDay } from "../calendar";

export type ContentKind = "brand" | "product" | "offer";

export type EntryRule =
  | { kind: "segment-transition"; to: string }
  | { kind: "first-order" }
  | { kind: "nth-order"; n: number }
  | { kind: "days-after-fulfilment"; days: number }
  | { kind: "at-risk" }
  /** The F2 window (days after the first order in which a second order counts) closes in daysBefore days. */
  | { kind: "f2-window-closing"; windowDays: number; daysBefore: number };

export type CustomerEvent =
  | { kind: "segment-changed"; to: string; at: Date }
  /** orderNumber: 1 for the customer's first order, 2 for the second… */
  | { kind: "order-placed"; orderNumber: number; at: Date }
  | { kind: "fulfilled"; at: Date }
  | { kind: "became-at-risk"; at: Date };

export interface ScenarioStep {
  dayOffset: number;
  content: ContentKind;
  /** Local wall-clock time "HH:MM" in the shop's zone (default "09:00"). */
  localTime?: string;
}

export interface ScenarioDefinition {
  id: string;
  entry: EntryRule;
  steps: readonly ScenarioStep[];
  exitOnOrder: boolean;
  /** Leave when the customer's segment changes away from the entry rule's segment. */
  exitOnLeavingSegment: boolean;
  reentry: boolean;
}

/** When (if at all) this event makes the customer enter the scenario. */
function entryTime(rule: EntryRule, event: CustomerEvent): Date | null {
  switch (rule.kind) {
    case "segment-transition":
      return event.kind === "segment-changed" && event.to === rule.to ? event.at : null;
    case "first-order":
      return event.kind === "order-placed" && event.orderNumber === 1 ? event.at : null;
    case "nth-order":
      return event.kind === "order-placed" && event.orderNumber === rule.n ? event.at : null;
    case "days-after-fulfilment":
      return event.kind === "fulfilled" ? new Date(event.at.getTime() + rule.days * MS_PER_DAY) : null;
    case "at-risk":
      return event.kind === "became-at-risk" ? event.at : null;
    case "f2-window-closing":
      return event.kind === "order-placed" && event.orderNumber === 1
        ? new Date(event.at.getTime() + (rule.windowDays - rule.daysBefore) * MS_PER_DAY)
        : null;
  }
}

export interface Entry {
  scenarioId: string;
  customerId: string;
  /** Stable per entry: the entering event's instant, so a replayed event gives the same entry. */
  entryId: string;
  enteredAt: Date;
  exitedAt: Date | null;
  exitReason: "converted" | "left-segment" | null;
}

/**
 * Entries of one customer into one scenario from their events (in any order): an entry opens at each
 * entering event unless one is open, or, without re-entry, unless the customer has entered before; it
 * exits at the first order (F2: a second order) or segment change that the scenario exits on.
 */
export function entriesOf(scenario: ScenarioDefinition, customerId: string, events: readonly CustomerEvent[]): Entry[] {
  const ordered = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const candidates = ordered
    .map((event) => entryTime(scenario.entry, event))
    .filter((at): at is Date => at !== null)
    .sort((a, b) => a.getTime() - b.getTime());
  const entries: Entry[] = [];
  for (const enteredAt of candidates) {
    const last = entries.at(-1);
    if (last && (last.exitedAt === null || last.exitedAt.getTime() > enteredAt.getTime())) continue;
    if (last && !scenario.reentry) break;
    const entry: Entry = {
      scenarioId: scenario.id,
      customerId,
      entryId: enteredAt.toISOString(),
      enteredAt,
      exitedAt: null,
      exitReason: null,
    };
    for (const event of ordered) {
      if (event.at.getTime() <= enteredAt.getTime()) continue;
      if (
        scenario.exitOnOrder &&
        event.kind === "order-placed" &&
        (scenario.entry.kind !== "f2-window-closing" || event.orderNumber >= 2)
      ) {
        Object.assign(entry, { exitedAt: event.at, exitReason: "converted" });
        break;
      }
      if (
        scenario.exitOnLeavingSegment &&
        scenario.entry.kind === "segment-transition" &&
        event.kind === "segment-changed" &&
        event.to !== scenario.entry.to
      ) {
        Object.assign(entry, { exitedAt: event.at, exitReason: "left-segment" });
        break;
      }
    }
    // An F2 reminder is pointless once the second order has come before the window closes.
    if (
      scenario.entry.kind === "f2-window-closing" &&
      ordered.some((e) => e.kind === "order-placed" && e.orderNumber >= 2 && e.at.getTime() <= enteredAt.getTime())
    )
      continue;
    entries.push(entry);
  }
  return entries;
}

/** The instant of a local wall-clock time on a local date in a zone (DST-safe; a skipped time moves forward). */
function instantAtLocalTime(day: EpochDay, localTime: string, timeZone: string): Date {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(localTime);
  if (!match) throw new RangeError(`A step's local time must be HH:MM, got "${localTime}".`);
  const calendar = zoneCalendar(timeZone);
  const wall = day * MS_PER_DAY + (Number(match[1]) * 60 + Number(match[2])) * 60_000;
  // Two rounds of "wall clock minus the offset in force then" settle on either side of a transition.
  let instant = wall - calendar.offsetAt(wall);
  instant = wall - calendar.offsetAt(instant);
  return new Date(instant);
}

/** When a step of an entry is due: the entry's local date + dayOffset, at the step's local time. */
export function stepDueAt(entry: Pick<Entry, "enteredAt">, step: ScenarioStep, timeZone: string): Date {
  const entryDay = zoneCalendar(timeZone).localDay(entry.enteredAt);
  const due = instantAtLocalTime(entryDay + step.dayOffset, step.localTime ?? "09:00", timeZone);
  // A day-0 step whose time has already passed on the entry day goes out at once.
  return due.getTime() < entry.enteredAt.getTime() ? entry.enteredAt : due;
}

/** The key a step's firing is recorded under: the same entry and step always give the same key. */
export function stepIdempotencyKey(entry: Pick<Entry, "scenarioId" | "customerId" | "entryId">, stepIndex: number): string {
  return `${entry.scenarioId}:${entry.customerId}:${entry.entryId}:${stepIndex}`;
}

export interface DueStep {
  entry: Entry;
  stepIndex: number;
  step: ScenarioStep;
  dueAt: Date;
  idempotencyKey: string;
}

/** Steps due by `now` that have not fired (by key) and whose entry had not exited by their due time. */
export function dueSteps(
  scenario: ScenarioDefinition,
  entries: readonly Entry[],
  fired: ReadonlySet<string>,
  now: Date,
  timeZone: string,
): DueStep[] {
  const due: DueStep[] = [];
  for (const entry of entries) {
    scenario.steps.forEach((step, stepIndex) => {
      const dueAt = stepDueAt(entry, step, timeZone);
      const idempotencyKey = stepIdempotencyKey(entry, stepIndex);
      if (dueAt.getTime() > now.getTime() || fired.has(idempotencyKey)) return;
      if (entry.exitedAt !== null && entry.exitedAt.getTime() <= dueAt.getTime()) return;
      due.push({ entry, stepIndex, step, dueAt, idempotencyKey });
    });
  }
  return due.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}
