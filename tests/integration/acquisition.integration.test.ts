// GIVEN a hand-built shop in the database (customers, orders, the journeys of their first orders, the
// products of their first and second orders, a review, a published prediction), WHEN the acquisition
// report is computed and stored, THEN the stored row holds the F2 by channel and by first product, the
// revenue per customer and the next products of those rows — the same on SQLite and PostgreSQL — and a
// rule edit moves a customer to another channel once the report is computed again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { refreshAcquisitionReport } from "../../app/jobs/acquisition-report.server";
import { acquisitionCsv } from "../../app/models/acquisition-csv";
import { loadAcquisitionReport, loadNextProductRows } from "../../app/models/acquisition.server";
import { saveUtmRules } from "../../app/models/touchpoints.server";
import type { AdminClient } from "../../app/shopify/admin-client.server";
import { ACQUISITION_ASOF, productGid, seedAcquisitionShop } from "../helpers/acquisition-shop";

const SHOP = "acquisition-report.myshopify.com";
const ASOF = ACQUISITION_ASOF;
const P = productGid;

beforeAll(async () => {
  await seedAcquisitionShop(SHOP);
});

afterAll(async () => {
  await prisma.shopAggregate.deleteMany({ where: { shop: SHOP } });
});

describe("the acquisition report of a hand-built shop", () => {
  it("stores F2 and revenue per customer by first-touch channel, counting only elapsed windows", async () => {
    await refreshAcquisitionReport({ shop: SHOP, asOf: ASOF });
    const stored = await loadAcquisitionReport(SHOP);
    expect(stored?.computedAt).toEqual(ASOF);
    const report = stored!.value;
    const byChannel = Object.fromEntries(report.byChannel.map((row) => [row.key, row]));
    expect(Object.keys(byChannel)).toEqual(["organic-search", "social", "messaging"]);
    expect(byChannel["organic-search"]!.f2.map((w) => [w.days, w.converted, w.eligible, w.stillOpen])).toEqual([
      [30, 2, 2, 0],
      [90, 1, 1, 1],
      [365, 0, 0, 2],
    ]);
    // a: ¥3,000 + ¥2,000 within 90 days, + ¥1,000 on day 142
    expect(byChannel["organic-search"]!.revenue.map((w) => [w.days, w.eligible, w.revenue])).toEqual([
      [90, 1, 5000],
      [180, 1, 6000],
      [365, 0, 0],
    ]);
    expect(byChannel.social!.f2.map((w) => [w.converted, w.eligible])).toEqual([
      [0, 1],
      [0, 1],
      [0, 0],
    ]);
    expect(byChannel["organic-search"]!.predicted12m).toEqual({ customers: 2, total: 5500 });
    expect(report.all.segments).toEqual({ regular: 2, dormant: 1, new: 1 });
  });

  it("stores F2 by first product, the journey by channel and what the second order held", async () => {
    const report = (await loadAcquisitionReport(SHOP))!.value;
    expect(report.byProduct.map((row) => [row.key, row.customers, row.f2[0]!.converted, row.f2[0]!.eligible])).toEqual([
      [P(1), 3, 1, 3],
      [P(3), 2, 1, 2],
    ]);
    // d's first order held tea and a kettle: once in each type
    expect(report.byProductType.map((row) => [row.key, row.customers, row.f2[0]!.converted, row.f2[0]!.eligible])).toEqual([
      ["Tea", 3, 1, 3],
      ["Tableware", 2, 1, 2],
    ]);
    expect(report.journeyByChannel.all.steps.retention).toEqual({ reached: 3, eligible: 2, converted: 1 });
    expect(report.journeyByChannel.all.daysToConversion).toMatchObject({ "0": 1, "1": 1, "2-3": 1, "15-30": 1, unknown: 0 });
    expect((await loadNextProductRows(SHOP))[0]).toEqual({
      productId: P(1),
      firstOrderCustomers: 3,
      secondOrderCustomers: 2,
      next: [
        { productId: P(1), customers: 1, share: 0.5, repurchase: true },
        { productId: P(2), customers: 1, share: 0.5, repurchase: false },
      ],
    });
  });

  it("writes the CSV in the admin's language with the windows' counts", async () => {
    const report = (await loadAcquisitionReport(SHOP))!.value;
    const csv = acquisitionCsv(report, "groups", "en").split("\r\n");
    expect(
      csv[0]!.startsWith(
        "\uFEFFGrouped by,Group,Customers,F2 30 days: eligible,F2 30 days: converted,F2 30 days: rate,30 days: still open",
      ),
    ).toBe(true);
    // F2 30: 2 of 2; 90: 1 of 1, 1 open; 365: none elapsed, 2 open; revenue per customer ¥5,000 and ¥6,000; predicted ¥2,750; regular 1, new 1
    expect(csv[2]).toBe("channel,organic-search,2,2,2,1,0,1,1,1,1,0,0,,2,1,5000,1,6000,0,,2750,0,0,0,1,1,0");
    expect(acquisitionCsv(report, "next-products", "ja").split("\r\n")[0]).toBe(
      "\uFEFF初回注文の商品,初回購入者,再購入した人,2回目の注文の商品,顧客数,割合,再購入",
    );
  });

  it("moves customers to the channel of a new UTM rule when the report is computed again", async () => {
    await saveUtmRules(SHOP, [{ field: "utm_source", value: "ig", channel: "referral" }]);
    await refreshAcquisitionReport({ shop: SHOP, asOf: ASOF });
    const report = (await loadAcquisitionReport(SHOP))!.value;
    expect(report.byChannel.map((row) => [row.key, row.customers])).toEqual([
      ["organic-search", 2],
      // the LINE rule is gone with the defaults: utm_medium=message is messaging by itself
      ["messaging", 1],
      ["referral", 1],
    ]);
  });

  it("stores the titles of the products the page names with the report, read once from Shopify when it is computed", async () => {
    const asked: string[][] = [];
    const admin = {
      shop: SHOP,
      stats: { requests: 0, throttled: 0, retried: 0, waitedMs: 0 },
      request: async (_document: string, variables?: { ids: string[] }) => {
        asked.push(variables!.ids);
        return { nodes: variables!.ids.map((id) => ({ id, title: `Tea set ${id.split("/").pop()}` })) };
      },
    } as unknown as AdminClient;
    await refreshAcquisitionReport({ shop: SHOP, asOf: ASOF, admin });
    // the first products (1, 3) and what their second orders held (1, 2): one request
    expect(asked.map((ids) => [...ids].sort())).toEqual([[P(1), P(2), P(3)]]);
    expect((await loadAcquisitionReport(SHOP))!.value.productTitles).toEqual({
      [P(1)]: "Tea set 1",
      [P(2)]: "Tea set 2",
      [P(3)]: "Tea set 3",
    });
  });
});
