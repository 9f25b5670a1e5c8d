import { describe, expect, it } from "vitest";
import { defaultSegmentScenario, reviewRequestScenario } from "./defaults";
import { previewScenario, previewLookbackDays } from "./preview";

const at = (iso: string) => new Date(iso);
// Thursday 12 March 2026, 15:00 in Tokyo.
const now = at("2026-03-12T06:00:00Z");

describe("scenario preview", () => {
  const dormant = defaultSegmentScenario("dormant"); // steps on days 0, 7 and 30

  it("counts who enters today in the shop's zone and the steps due in the next seven days", () => {
    const preview = previewScenario(
      dormant,
      [
        // Became dormant this morning (Tokyo): enters today; day 7 falls next Thursday 09:00, inside the week.
        { customerId: "today", events: [{ kind: "segment-changed", to: "dormant", at: at("2026-03-12T01:00:00Z") }] },
        // Became dormant at 23:30 on 11 March Tokyo time (14:30 UTC): yesterday; day 7 is 18 March.
        { customerId: "yesterday", events: [{ kind: "segment-changed", to: "dormant", at: at("2026-03-11T14:30:00Z") }] },
        // Became dormant 27 days ago and ordered since: exited, so its day 30 (15 March) is not sent.
        {
          customerId: "came-back",
          events: [
            { kind: "segment-changed", to: "dormant", at: at("2026-02-13T01:00:00Z") },
            { kind: "order-placed", orderNumber: 4, at: at("2026-02-20T01:00:00Z") },
          ],
        },
        // Became dormant 25 days ago and is still there: day 30 is 17 March.
        { customerId: "waiting", events: [{ kind: "segment-changed", to: "dormant", at: at("2026-02-15T01:00:00Z") }] },
        { customerId: "regular", events: [{ kind: "segment-changed", to: "regular", at: at("2026-03-12T01:00:00Z") }] },
      ],
      now,
      "Asia/Tokyo",
    );
    expect(preview.enteringToday).toBe(1);
    expect(preview.sample).toEqual(["today"]);
    // Day 0 of "today" fired at entry (before now): not this week's. Day 7 of today and yesterday, day 30 of waiting.
    expect(preview.stepsThisWeek).toEqual([0, 2, 1]);
    expect(preview.heldOutThisWeek).toBe(0); // 10 % of 3 rounds to 0
  });

  it("counts review requests already known to come: 14 days after each fulfilment", () => {
    const review = reviewRequestScenario(14);
    const preview = previewScenario(
      review,
      [
        { customerId: "fulfilled-14-days-ago", events: [{ kind: "fulfilled", at: at("2026-02-26T03:00:00Z") }] },
        { customerId: "fulfilled-10-days-ago", events: [{ kind: "fulfilled", at: at("2026-03-02T03:00:00Z") }] },
        { customerId: "fulfilled-21-days-ago", events: [{ kind: "fulfilled", at: at("2026-02-19T03:00:00Z") }] },
      ],
      now,
      "Asia/Tokyo",
    );
    expect(preview.enteringToday).toBe(1);
    // 14 days ago: entered today at 12:00 JST (its request went then, before now); first reminder 19 March
    // 09:00 JST (00:00 UTC), inside the week that ends 19 March 06:00 UTC. 10 days ago: enters 16 March,
    // its request goes then. 21 days ago: entered 5 March; first reminder this morning (past), the last on 19 March.
    expect(preview.stepsThisWeek).toEqual([1, 1, 1]);
  });

  it("looks back far enough for the last step to fall in the week", () => {
    expect(previewLookbackDays(dormant)).toBe(30 + 7 + 1);
    expect(previewLookbackDays(reviewRequestScenario(14))).toBe(14 + 14 + 7 + 1);
  });
});
