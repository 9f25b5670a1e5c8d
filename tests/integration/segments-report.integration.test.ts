// The Segments page's numbers from a real database: sizes before install reconstructed from orders,
// moves between segments, customer lists with R/F/M, and the CSV — on a small hand-built shop.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { reconstructSegmentHistory } from "../../app/jobs/reconstruct-segment-history.server";
import { customersCsv, listCustomers, loadSegmentsReport } from "../../app/models/segments-report.server";
import { loadCohortsReport } from "../../app/models/cohorts.server";
import { parseCustomerListView, type CustomerListView } from "../../app/domain/customer-list-view";

const SHOP = "report-shop.myshopify.com";
const OTHER = "other-shop.myshopify.com";
const INSTALL = new Date("2026-03-01T03:00:00Z"); // 12:00 in Tokyo
const NOW = new Date("2026-03-20T03:00:00Z");
const gid = (n: number) => `gid://shopify/Customer/${n}`;

async function customer(shop: string, n: number, stage: string, orders: Array<[string, number]>, extra: Record<string, unknown> = {}) {
  const spend = orders.reduce((sum, [, amount]) => sum + amount, 0);
  await prisma.customer.create({
    data: {
      shop,
      id: gid(n),
      shopifyCreatedAt: new Date("2025-01-01T00:00:00Z"),
      shopifyUpdatedAt: new Date("2025-01-01T00:00:00Z"),
      stage,
      stageSince: INSTALL,
      ordersCount: orders.length,
      netSpent: spend,
      firstOrderAt: orders.length ? new Date(orders[0]![0]) : null,
      lastOrderAt: orders.length ? new Date(orders[orders.length - 1]![0]) : null,
      ...extra,
    },
  });
  for (const [i, [at, amount]] of orders.entries()) {
    await prisma.order.create({
      data: {
        shop,
        id: `gid://shopify/Order/${n}${i}`,
        customerId: gid(n),
        processedAt: new Date(at),
        shopifyUpdatedAt: new Date(at),
        totalPrice: amount,
        financialStatus: "PAID",
      },
    });
  }
  await prisma.segmentTransition.create({
    data: { shop, customerId: gid(n), fromStage: null, toStage: stage, at: INSTALL, reason: "first-classification" },
  });
}

beforeAll(async () => {
  await prisma.shop.create({ data: { shop: SHOP, currencyCode: "JPY", ianaTimezone: "Asia/Tokyo" } });
  await prisma.shop.create({ data: { shop: OTHER, currencyCode: "USD", ianaTimezone: "UTC" } });
  await customer(
    SHOP,
    1,
    "regular",
    [
      ["2026-01-10T03:00:00Z", 3000],
      ["2026-02-20T03:00:00Z", 2000],
    ],
    { predictedClv12m: 4200.5, pAlive: 0.91 },
  );
  await customer(SHOP, 2, "new", [["2026-02-25T03:00:00Z", 4800]]);
  await customer(SHOP, 3, "prospect", []);
  await customer(OTHER, 9, "vip", [
    ["2026-01-01T00:00:00Z", 99999],
    ["2026-01-02T00:00:00Z", 1],
  ]);
  // After install: customer 2 came back, then again (new → regular → vip: one net move new → vip).
  await prisma.segmentTransition.create({
    data: { shop: SHOP, customerId: gid(2), fromStage: "new", toStage: "regular", at: new Date("2026-03-10T03:00:00Z"), reason: "x" },
  });
  await prisma.segmentTransition.create({
    data: { shop: SHOP, customerId: gid(2), fromStage: "regular", toStage: "vip", at: new Date("2026-03-12T03:00:00Z"), reason: "x" },
  });
  await prisma.customer.update({ where: { shop_id: { shop: SHOP, id: gid(2) } }, data: { stage: "vip" } });
});

describe("reconstructSegmentHistory", () => {
  it("writes weekly sizes before the first classification, from the week of the first order on, and only once", async () => {
    const written = await reconstructSegmentHistory({ shop: SHOP });
    // First classified on 1 March (Tokyo), first order on 10 January: every 7 days back from 22 Feb to 4 Jan.
    const days = (
      await prisma.segmentSnapshot.findMany({ where: { shop: SHOP }, distinct: ["day"], select: { day: true }, orderBy: { day: "asc" } })
    ).map((r) => r.day);
    expect(days).toEqual(["2026-01-04", "2026-01-11", "2026-01-18", "2026-01-25", "2026-02-01", "2026-02-08", "2026-02-15", "2026-02-22"]);
    expect(written).toBe(8);
    const feb22 = await prisma.segmentSnapshot.findMany({ where: { shop: SHOP, day: "2026-02-22" } });
    // Customer 2's first order (25 Feb) had not happened; customer 1, the only repeat buyer, is the top 20 %.
    expect(Object.fromEntries(feb22.map((r) => [r.stage, r.customers]))).toEqual({
      prospect: 2,
      new: 0,
      regular: 0,
      vip: 1,
      dormant: 0,
      churned: 0,
    });
    expect(await reconstructSegmentHistory({ shop: SHOP })).toBe(0);
    expect(await prisma.segmentSnapshot.count({ where: { shop: OTHER } })).toBe(0);
  });
});

describe("loadSegmentsReport", () => {
  it("shows this shop's sizes, moves and R×F grid only", async () => {
    const report = await loadSegmentsReport(SHOP, { periodDays: 30, now: NOW });
    expect(report.period).toEqual({ firstDay: "2026-02-19", lastDay: "2026-03-20" });
    expect(report.sizes.days).toEqual(["2026-02-22"]);
    expect(report.sizes.firstClassifiedDay).toBe("2026-03-01");
    expect(report.current).toEqual({ prospect: 1, new: 0, regular: 1, vip: 1, dormant: 0, churned: 0 });
    // The period (from 19 Feb) begins before install (1 Mar): moves are estimated from the orders. As of
    // 18 Feb customer 1 had one order (new), customer 2 none yet (prospect); now they are regular and VIP.
    expect(report.movesEstimated).toBe(true);
    expect(report.matrix.moved).toBe(2);
    expect(report.matrix.counts.new).toMatchObject({ regular: 1 });
    expect(report.matrix.counts.prospect).toMatchObject({ vip: 1 });
    expect(report.matrix.leftFrom.none).toBe(0);
    expect(report.rfGrid.flat().reduce((a, b) => a + b, 0)).toBe(2);
    expect(report.shopifyRfm).toEqual([
      { group: null, total: 3, byStage: { prospect: 1, new: 0, regular: 1, vip: 1, dormant: 0, churned: 0 } },
    ]);
  });

  it("gives money per segment in the period by the customers' segment now, and withholds predicted value without a published fit", async () => {
    // 19 Feb – 20 Mar: customer 1's order of 20 Feb (2,000, regular) and customer 2's of 25 Feb (4,800, now VIP); the other shop's are not counted.
    const { money } = await loadSegmentsReport(SHOP, { periodDays: 30, now: NOW });
    expect(money.bySegment.regular).toEqual({
      customers: 1,
      revenue: 2000,
      orders: 1,
      averageOrderValue: 2000,
      shareOfRevenue: 2000 / 6800,
      predictedValue: null,
    });
    expect(money.bySegment.vip).toMatchObject({ revenue: 4800, orders: 1, averageOrderValue: 4800, shareOfRevenue: 4800 / 6800 });
    expect(money.bySegment.prospect).toMatchObject({ customers: 1, revenue: 0, orders: 0, averageOrderValue: null, shareOfRevenue: 0 });
    expect(money.predictionsWithheld).toBe("notFitted");
    // Over 365 days customer 1's January order counts too.
    expect((await loadSegmentsReport(SHOP, { periodDays: 365, now: NOW })).money.bySegment.regular).toMatchObject({
      revenue: 5000,
      orders: 2,
      averageOrderValue: 2500,
    });
  });
});

describe("customer lists", () => {
  it("lists a segment with R/F/M, spend and predicted value, highest spend first", async () => {
    const page = (await listCustomers(SHOP, { kind: "stage", stage: "regular", subscriber: "all" }, { page: 1, now: NOW }))!;
    expect(page).toMatchObject({ currencyCode: "JPY", total: 1, page: 1, pageCount: 1 });
    // Two buyers: customer 1 (last order 20 Feb = 28 days, 2 orders, 5000) and customer 2 (25 Feb = 23 days, 1 order, 4800).
    expect(page.rows).toEqual([
      {
        id: gid(1),
        legacyId: "1",
        stage: "regular",
        r: 1,
        f: 3,
        m: 3,
        recencyDays: 28,
        orders: 2,
        netSpent: 5000,
        predictedClv12m: 4200.5,
        pAlive: 0.91,
        atRisk: false,
        shopifyRfmGroup: null,
      },
    ]);
  });

  it("pages a long list 50 at a time", async () => {
    const shop = "many-prospects.myshopify.com";
    await prisma.shop.create({ data: { shop } });
    for (let n = 100; n < 155; n++) await customer(shop, n, "prospect", []);
    const first = (await listCustomers(shop, { kind: "stage", stage: "prospect", subscriber: "all" }, { page: 1, now: NOW }))!;
    const second = (await listCustomers(
      shop,
      { kind: "stage", stage: "prospect", subscriber: "all" },
      { page: 2, cursor: { after: first.nextCursor! }, now: NOW },
    ))!;
    expect([first.rows.length, second.rows.length, first.total, first.pageCount]).toEqual([50, 5, 55, 2]);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(55);
    expect([first.previousCursor, second.nextCursor]).toEqual([null, null]);
    // Back from the second page: the first page again, row for row.
    const back = (await listCustomers(
      shop,
      { kind: "stage", stage: "prospect", subscriber: "all" },
      { page: 1, cursor: { before: second.previousCursor! }, now: NOW },
    ))!;
    expect(back.rows).toEqual(first.rows);
    expect(back.previousCursor).toBeNull();
    // Prospects have no order: no R/F/M scores, no recency.
    expect(second.rows[0]).toMatchObject({ r: null, f: null, m: null, recencyDays: null, orders: 0 });
  });

  describe("sorted and searched, page by page", () => {
    const shop = "sorted-list.myshopify.com";
    const ids = Array.from({ length: 130 }, (_, i) => 1000 + i);
    // Ties on every column, and customers without a last order or a prediction (they come last).
    const columns = (n: number) => ({
      netSpent: (n % 7) * 100,
      ordersCount: n % 5,
      lastOrderAt: n % 4 === 0 ? null : new Date(Date.UTC(2026, 0, 1 + (n % 13))),
      predictedClv12m: n % 3 === 0 ? null : (n % 11) * 10,
    });
    const valueOf = {
      spend: (n: number) => columns(n).netSpent,
      lastOrder: (n: number) => columns(n).lastOrderAt?.getTime() ?? null,
      orders: (n: number) => columns(n).ordersCount,
      predicted: (n: number) => columns(n).predictedClv12m,
    };

    beforeAll(async () => {
      await prisma.shop.create({ data: { shop } });
      await prisma.customer.createMany({
        data: ids.map((n) => ({ shop, id: gid(n), shopifyCreatedAt: INSTALL, shopifyUpdatedAt: INSTALL, stage: "dormant", ...columns(n) })),
      });
    });

    /** Every id of the list, following the next-page cursors from the first page. */
    async function walk(view: CustomerListView) {
      const pages = [(await listCustomers(shop, { kind: "stage", stage: "dormant", subscriber: "all" }, { page: 1, view, now: NOW }))!];
      while (pages.at(-1)!.nextCursor) {
        pages.push(
          (await listCustomers(
            shop,
            { kind: "stage", stage: "dormant", subscriber: "all" },
            { page: pages.length + 1, cursor: { after: pages.at(-1)!.nextCursor! }, view, now: NOW },
          ))!,
        );
      }
      return pages;
    }

    for (const sort of ["spend", "lastOrder", "orders", "predicted"] as const) {
      for (const direction of ["desc", "asc"] as const) {
        it(`by ${sort}, ${direction === "desc" ? "highest" : "lowest"} first: every customer once, in order, and back again page by page`, async () => {
          const view = { sort, direction, idPrefix: null };
          const value = valueOf[sort];
          const expected = [...ids].sort((a, b) => {
            const [x, y] = [value(a), value(b)];
            if (x === y) return a - b;
            if (x === null || y === null) return x === null ? 1 : -1;
            return direction === "desc" ? y - x : x - y;
          });
          const pages = await walk(view);
          expect(pages.map((p) => p.rows.length)).toEqual([50, 50, 30]);
          expect(pages.flatMap((p) => p.rows.map((r) => Number(r.legacyId)))).toEqual(expected);
          // Back from the last page: each earlier page again, row for row.
          const second = (await listCustomers(
            shop,
            { kind: "stage", stage: "dormant", subscriber: "all" },
            { page: 2, cursor: { before: pages[2]!.previousCursor! }, view, now: NOW },
          ))!;
          expect(second.rows).toEqual(pages[1]!.rows);
          const first = (await listCustomers(
            shop,
            { kind: "stage", stage: "dormant", subscriber: "all" },
            { page: 1, cursor: { before: second.previousCursor! }, view, now: NOW },
          ))!;
          expect(first.rows).toEqual(pages[0]!.rows);
          expect(first.previousCursor).toBeNull();
        });
      }
    }

    it("searches by the first digits of the customer id, or the whole GID", async () => {
      const found = (await listCustomers(
        shop,
        { kind: "stage", stage: "dormant", subscriber: "all" },
        { page: 1, view: { sort: "spend", direction: "desc", idPrefix: "110" }, now: NOW },
      ))!;
      expect(found.total).toBe(10);
      expect(found.rows.map((r) => Number(r.legacyId)).sort((a, b) => a - b)).toEqual([
        1100, 1101, 1102, 1103, 1104, 1105, 1106, 1107, 1108, 1109,
      ]);
      expect(parseCustomerListView(new URLSearchParams({ q: " gid://shopify/Customer/1129 " }))).toEqual({
        sort: "spend",
        direction: "desc",
        idPrefix: "1129",
      });
      const one = (await listCustomers(
        shop,
        { kind: "stage", stage: "dormant", subscriber: "all" },
        { page: 1, view: { sort: "orders", direction: "asc", idPrefix: "1129" }, now: NOW },
      ))!;
      expect([one.total, one.rows.map((r) => r.id)]).toEqual([1, [gid(1129)]]);
      const none = (await listCustomers(
        shop,
        { kind: "stage", stage: "dormant", subscriber: "all" },
        { page: 1, view: { sort: "spend", direction: "desc", idPrefix: "9" }, now: NOW },
      ))!;
      expect([none.total, none.rows]).toEqual([0, []]);
    });

    it("refuses a search that is not an id and a sort it does not know", () => {
      expect(parseCustomerListView(new URLSearchParams({ q: "jane@example.com" }))).toBeNull();
      expect(parseCustomerListView(new URLSearchParams({ sort: "name" }))).toBeNull();
      expect(parseCustomerListView(new URLSearchParams({ sort: "spend", direction: "up" }))).toBeNull();
    });
  });

  it("lists the customers of a move in the period, estimated before install like the matrix", async () => {
    const page = (await listCustomers(SHOP, { kind: "move", from: "prospect", to: "vip", periodDays: 30 }, { page: 1, now: NOW }))!;
    expect(page.rows.map((r) => r.id)).toEqual([gid(2)]);
    const none = (await listCustomers(SHOP, { kind: "move", from: "none", to: "vip", periodDays: 30 }, { page: 1, now: NOW }))!;
    expect(none.total).toBe(0);
  });

  it("after install the moves come from the recorded transitions: new → regular → VIP is one move new → VIP", async () => {
    const later = new Date("2026-04-05T03:00:00Z"); // the last 30 days begin on 7 Mar, after install
    const report = await loadSegmentsReport(SHOP, { periodDays: 30, now: later });
    expect(report.movesEstimated).toBe(false);
    expect(report.matrix.moved).toBe(1);
    expect(report.matrix.counts.new.vip).toBe(1);
    const page = (await listCustomers(SHOP, { kind: "move", from: "new", to: "vip", periodDays: 30 }, { page: 1, now: later }))!;
    expect(page.rows.map((r) => r.id)).toEqual([gid(2)]);
  });

  it("refuses a malformed cursor", async () => {
    expect(
      await listCustomers(
        SHOP,
        { kind: "stage", stage: "regular", subscriber: "all" },
        { page: 2, cursor: { after: "lots~gid" }, now: NOW },
      ),
    ).toBeNull();
  });

  it("exports CSV with a BOM, a header and ids and numbers only", async () => {
    const bytes = await new Response(await customersCsv(SHOP, { kind: "stage", stage: "regular", subscriber: "all" }, NOW)).arrayBuffer();
    const csv = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(csv).toBe(
      "\uFEFFcustomer_id,stage,r,f,m,recency_days,orders,net_spent,predicted_clv_12m,p_alive,at_risk,shopify_rfm_group,revenue_365d,orders_365d,subscriber\r\n" +
        "gid://shopify/Customer/1,regular,1,3,3,28,2,5000,4200.5,0.91,false,,5000,2,false\r\n",
    );
    // With an active subscription the last column says so.
    const subscription = {
      shop: SHOP,
      customerId: "gid://shopify/Customer/1",
      sellingPlanId: "gid://shopify/SellingPlan/1",
      startedAt: NOW,
      lastDeliveryAt: NOW,
      deliveries: 2,
      intervalDays: 30,
      intervalSource: "observed",
      state: "active",
      nextDeliveryDeadline: NOW,
      detectedAt: NOW,
    };
    await prisma.subscription.create({ data: subscription });
    const again = new TextDecoder().decode(
      await new Response(await customersCsv(SHOP, { kind: "stage", stage: "regular", subscriber: "all" }, NOW)).arrayBuffer(),
    );
    await prisma.subscription.deleteMany({ where: { shop: SHOP } });
    expect(again.trimEnd().split("\r\n")[1].endsWith(",5000,2,true")).toBe(true);
  });
});

describe("loadCohortsReport", () => {
  it("builds the shop's cohorts in its time zone and pools the repeat rate", async () => {
    const report = await loadCohortsReport(SHOP, { span: 12, now: NOW });
    expect(report.cohorts.map((c) => [c.month, c.customers, c.repeated])).toEqual([
      ["2026-01", 1, [0, 1, 1]],
      ["2026-02", 1, [0, 0]],
    ]);
    expect(report.repeatRates.find((r) => r.months === 1)).toEqual({ months: 1, rate: 1, customers: 1, repeaters: 1, cohorts: 1 });
  });
});
