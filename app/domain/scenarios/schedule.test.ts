import { describe, expect, it } from "vitest";
import { dueSteps, entriesOf, stepDueAt, stepIdempotencyKey, type CustomerEvent, type ScenarioDefinition } from "./schedule";

const winBack: ScenarioDefinition = {
  id: "win-back",
  entry: { kind: "segment-transition", to: "dormant" },
  steps: [
    { dayOffset: 0, content: "brand" },
    { dayOffset: 7, content: "product" },
    { dayOffset: 30, content: "offer" },
  ],
  exitOnOrder: true,
  exitOnLeavingSegment: true,
  reentry: true,
};
const at = (iso: string) => new Date(iso);

describe("scenario scheduling", () => {
  it("puts a step due at 09:00 shop time on the entry's local date + its day offset (Tokyo)", () => {
    // Entered at 23:30 on 1 March in Tokyo (14:30 UTC): day 7 is 8 March, 09:00 JST = 00:00 UTC.
    expect(stepDueAt({ enteredAt: at("2026-03-01T14:30:00Z") }, { dayOffset: 7, content: "product" }, "Asia/Tokyo")).toEqual(
      at("2026-03-08T00:00:00Z"),
    );
  });

  it("keeps 09:00 across a daylight-saving change (New York, 8 March 2026)", () => {
    // Entered 7 March 20:00 EST; the next day is EDT, so 09:00 local is 13:00 UTC, not 14:00.
    expect(stepDueAt({ enteredAt: at("2026-03-08T01:00:00Z") }, { dayOffset: 1, content: "brand" }, "America/New_York")).toEqual(
      at("2026-03-08T13:00:00Z"),
    );
    expect(stepDueAt({ enteredAt: at("2026-03-08T01:00:00Z") }, { dayOffset: 2, content: "brand" }, "America/New_York")).toEqual(
      at("2026-03-09T13:00:00Z"),
    );
  });

  it("finds a wall-clock time just after the change (03:00 on 8 March in New York is 07:00 UTC)", () => {
    const step = { dayOffset: 1, content: "offer" as const, localTime: "03:00" };
    expect(stepDueAt({ enteredAt: at("2026-03-07T15:00:00Z") }, step, "America/New_York")).toEqual(at("2026-03-08T07:00:00Z"));
  });

  it("sends a day-0 step at once when 09:00 has passed on the entry day", () => {
    expect(stepDueAt({ enteredAt: at("2026-03-01T05:00:00Z") }, { dayOffset: 0, content: "brand" }, "Asia/Tokyo")).toEqual(
      at("2026-03-01T05:00:00Z"),
    );
  });

  it("fires each step once per entry on a fake clock: a step already recorded is never due again", () => {
    const [entry] = entriesOf(winBack, "c1", [{ kind: "segment-changed", to: "dormant", at: at("2026-03-01T14:30:00Z") }]);
    const fired = new Set<string>();
    const firedKeys: string[] = [];
    for (let hour = 0; hour < 24 * 40; hour += 1) {
      const now = new Date(at("2026-03-01T14:30:00Z").getTime() + hour * 3_600_000);
      for (const step of dueSteps(winBack, [entry], fired, now, "Asia/Tokyo")) {
        fired.add(step.idempotencyKey);
        firedKeys.push(step.idempotencyKey);
      }
    }
    expect(firedKeys).toEqual([0, 1, 2].map((i) => stepIdempotencyKey(entry, i)));
  });

  it("exits on an order: later steps are not due; re-entry after a new transition starts afresh with a new key", () => {
    const events: CustomerEvent[] = [
      { kind: "segment-changed", to: "dormant", at: at("2026-01-01T00:00:00Z") },
      { kind: "order-placed", orderNumber: 3, at: at("2026-01-10T00:00:00Z") },
      { kind: "segment-changed", to: "regular", at: at("2026-01-10T00:00:01Z") },
      { kind: "segment-changed", to: "dormant", at: at("2026-06-01T00:00:00Z") },
    ];
    const entries = entriesOf(winBack, "c1", events);
    expect(entries.map((e) => [e.entryId, e.exitReason])).toEqual([
      ["2026-01-01T00:00:00.000Z", "converted"],
      ["2026-06-01T00:00:00.000Z", null],
    ]);
    const due = dueSteps(winBack, entries, new Set(), at("2026-12-31T00:00:00Z"), "UTC");
    // First entry: day 0 and day 7 (before the order on day 9), not day 30; second entry: all three.
    expect(due.map((d) => [d.entry.entryId.slice(0, 10), d.stepIndex])).toEqual([
      ["2026-01-01", 0],
      ["2026-01-01", 1],
      ["2026-06-01", 0],
      ["2026-06-01", 1],
      ["2026-06-01", 2],
    ]);
    expect(new Set(due.map((d) => d.idempotencyKey)).size).toBe(5);
  });

  it("enters once without re-entry, and enters N days after fulfilment or when the F2 window is about to close", () => {
    const once = { ...winBack, reentry: false };
    const events: CustomerEvent[] = [
      { kind: "segment-changed", to: "dormant", at: at("2026-01-01T00:00:00Z") },
      { kind: "segment-changed", to: "regular", at: at("2026-02-01T00:00:00Z") },
      { kind: "segment-changed", to: "dormant", at: at("2026-06-01T00:00:00Z") },
    ];
    expect(entriesOf(once, "c1", events)).toHaveLength(1);
    const review: ScenarioDefinition = {
      ...winBack,
      id: "review",
      entry: { kind: "days-after-fulfilment", days: 14 },
      exitOnLeavingSegment: false,
    };
    expect(entriesOf(review, "c1", [{ kind: "fulfilled", at: at("2026-01-01T00:00:00Z") }])[0].enteredAt).toEqual(
      at("2026-01-15T00:00:00Z"),
    );
    const f2: ScenarioDefinition = { ...winBack, id: "f2", entry: { kind: "f2-window-closing", windowDays: 90, daysBefore: 14 } };
    const first: CustomerEvent = { kind: "order-placed", orderNumber: 1, at: at("2026-01-01T00:00:00Z") };
    expect(entriesOf(f2, "c1", [first])[0].enteredAt).toEqual(at("2026-03-18T00:00:00Z"));
    expect(entriesOf(f2, "c1", [first, { kind: "order-placed", orderNumber: 2, at: at("2026-02-01T00:00:00Z") }])).toHaveLength(0);
  });
});
