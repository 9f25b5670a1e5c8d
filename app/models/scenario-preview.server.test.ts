// The preview's events as read from the stored rows: each customer's segment moves and orders together
// (app/domain/scenarios/preview.test.ts has the same shop as events).
import { afterAll, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { defaultSegmentScenario } from "../domain/scenarios/defaults";
import { loadScenarioPreview } from "./scenario-preview.server";

const SHOP = "scenario-preview.myshopify.com";
const at = (iso: string) => new Date(iso);
// Thursday 12 March 2026, 15:00 in Tokyo.
const now = at("2026-03-12T06:00:00Z");

afterAll(async () => {
  await prisma.segmentTransition.deleteMany({ where: { shop: SHOP } });
  await prisma.order.deleteMany({ where: { shop: SHOP } });
});

describe("loadScenarioPreview", () => {
  it("puts each customer's moves and orders together: an order after dormancy exits, one before it does not", async () => {
    const moves: [string, string, string][] = [
      ["today", "dormant", "2026-03-12T01:00:00Z"],
      ["yesterday", "dormant", "2026-03-11T14:30:00Z"],
      ["came-back", "dormant", "2026-02-13T01:00:00Z"],
      ["waiting", "dormant", "2026-02-15T01:00:00Z"],
      ["regular", "regular", "2026-03-12T01:00:00Z"],
    ];
    await prisma.segmentTransition.createMany({
      data: moves.map(([customerId, toStage, iso]) => ({ shop: SHOP, customerId, toStage, at: at(iso), reason: "test" })),
    });
    const orders: [string, string][] = [
      ["came-back", "2026-02-20T01:00:00Z"],
      ["waiting", "2026-02-14T01:00:00Z"],
    ];
    await prisma.order.createMany({
      data: orders.map(([customerId, iso], i) => ({
        shop: SHOP,
        id: `gid://shopify/Order/${i + 1}`,
        customerId,
        processedAt: at(iso),
        shopifyUpdatedAt: at(iso),
        totalPrice: 50,
      })),
    });

    const preview = await loadScenarioPreview(SHOP, defaultSegmentScenario("dormant"), now, "Asia/Tokyo");
    expect(preview.enteringToday).toBe(1);
    expect(preview.sample).toEqual(["today"]);
    // Day 7 of today and yesterday; day 30 of waiting (its order came the day before it went dormant), none of came-back.
    expect(preview.stepsThisWeek).toEqual([0, 2, 1]);
  });
});
