import { describe, expect, it } from "vitest";
import prisma from "../db.server";
import {
  createScenario,
  exitEntries,
  insertEntries,
  loadDueSteps,
  loadEntryHistory,
  loadOpenEntryFacts,
  loadScenario,
  loadScenarioOutcomes,
  markStepFired,
  setScenarioStatus,
} from "./scenario.server";

const SHOP = "scenario-model.myshopify.com";
const DAY = 86_400_000;
const T0 = new Date("2026-11-02T00:00:00Z");
const at = (days: number) => new Date(T0.getTime() + days * DAY);
const customer = (n: number) => `gid://shopify/Customer/${n}`;

async function order(id: number, customerNumber: number, day: number, total: number, extra: { refunded?: number; test?: boolean } = {}) {
  await prisma.order.create({
    data: {
      shop: SHOP,
      id: `gid://shopify/Order/${id}`,
      customerId: customer(customerNumber),
      processedAt: at(day),
      shopifyUpdatedAt: at(day),
      totalPrice: total,
      totalRefunded: extra.refunded ?? 0,
      test: extra.test ?? false,
    },
  });
}

describe("scenario rows", () => {
  it("keep the definition as given, start as drafts and record the activation instant", async () => {
    const scenario = await createScenario(SHOP, { title: "Win back", steps: [{ dayOffset: 0 }] });
    expect(scenario.status).toBe("draft");
    expect(await loadScenario("other.myshopify.com", scenario.id)).toBeNull();
    expect(await setScenarioStatus(SHOP, scenario.id, "active", T0)).toBe(true);
    const active = await loadScenario(SHOP, scenario.id);
    expect(active).toMatchObject({
      status: "active",
      activatedAt: T0,
      evaluatedThrough: T0,
      definition: { title: "Win back", steps: [{ dayOffset: 0 }] },
    });
  });

  it("schedule steps for treated entries only, drop unfired steps on exit, and report outcomes within the window", async () => {
    const { id } = await createScenario(SHOP, { title: "Outcomes" });
    const admissions = [
      { customerId: customer(1), entryKey: "t:1", entryNumber: 1, enteredAt: at(0), holdout: false },
      { customerId: customer(2), entryKey: "t:2", entryNumber: 1, enteredAt: at(0), holdout: true },
      { customerId: customer(3), entryKey: "t:3", entryNumber: 1, enteredAt: at(1), holdout: false },
    ];
    await insertEntries(SHOP, id, admissions, (a) =>
      [0, 7].map((day, stepIndex) => ({
        stepIndex,
        dueAt: new Date(a.enteredAt.getTime() + day * DAY),
        idempotencyKey: `${id}:${a.customerId}:${stepIndex}`,
      })),
    );
    expect(await prisma.stepFire.count({ where: { scenarioId: id } })).toBe(4);

    const due = await loadDueSteps(SHOP, at(2), [id], 10);
    expect(due.filter((s) => s.scenarioId === id).map((s) => [s.customerId, s.stepIndex])).toEqual([
      [customer(1), 0],
      [customer(3), 0],
    ]);
    for (const step of due) await markStepFired(step.id, at(2));

    // Customer 1 buys on day 3 (¥5,000, ¥1,000 refunded) and exits; their day-7 step is dropped.
    await order(101, 1, 3, 5000, { refunded: 1000 });
    await order(102, 2, 40, 9000); // the holdout entrant buys after the 30-day window
    await order(103, 3, 5, 2000, { test: true }); // a test order is no conversion
    const entry1 = await prisma.scenarioEntry.findFirstOrThrow({ where: { scenarioId: id, customerId: customer(1) } });
    await exitEntries(SHOP, [{ entryId: entry1.id, exitedAt: at(3), reason: "converted" }]);
    expect(await prisma.stepFire.count({ where: { entryId: entry1.id } })).toBe(1);

    const outcomes = await loadScenarioOutcomes(SHOP, id, 30, at(60));
    expect(outcomes.map((o) => [o.customerId, o.holdout, o.converted, o.revenue, o.stepsFired, o.exitReason])).toEqual([
      [customer(1), false, true, 4000, [0], "converted"],
      [customer(2), true, false, 0, [], null],
      [customer(3), false, false, 0, [0], null],
    ]);
    const history = await loadEntryHistory(id, [customer(1), customer(9)]);
    expect(history.latest.get(customer(1))).toEqual({ entryNumber: 1, exitedAt: at(3) });
    expect([...history.usedEntryKeys]).toEqual(["t:1"]);
  });

  it("write an entry with its steps or not at all: a step that cannot be written takes its chunk's entries with it", async () => {
    const { id } = await createScenario(SHOP, { title: "Atomic" });
    const admit = (n: number) => ({ customerId: customer(n), entryKey: `atomic:${n}`, entryNumber: 1, enteredAt: at(0), holdout: false });
    const step = (key: string) => [{ stepIndex: 0, dueAt: at(0), idempotencyKey: key }];
    await insertEntries(SHOP, id, [admit(1)], () => step(`${id}:taken`));
    // The second entry's step reuses a key (as a crash half-way through a write would leave it).
    await expect(
      insertEntries(SHOP, id, [admit(2), admit(3)], (a) => step(a.customerId === customer(3) ? `${id}:taken` : `${id}:free`)),
    ).rejects.toThrow();
    expect((await prisma.scenarioEntry.findMany({ where: { scenarioId: id } })).map((e) => e.entryKey)).toEqual(["atomic:1"]);
    expect(await prisma.stepFire.count({ where: { scenarioId: id } })).toBe(1);
  });

  it("read the exit facts of the open entries that may exit: an order or review after entering, or out of the segment", async () => {
    const { id } = await createScenario(SHOP, { title: "Facts" });
    const { afterEntryId } = await insertEntries(
      SHOP,
      id,
      [21, 22, 23, 24].map((n) => ({
        customerId: customer(n),
        entryKey: `facts:${n}`,
        entryNumber: 1,
        enteredAt: at(10),
        holdout: n === 23,
      })),
      () => [],
    );
    expect(
      (await prisma.scenarioEntry.findMany({ where: { scenarioId: id, id: { gt: afterEntryId } }, orderBy: { id: "asc" } })).map((e) => [
        e.customerId,
        e.enteredAt,
        e.holdout,
      ]),
    ).toEqual([21, 22, 23, 24].map((n) => [customer(n), at(10), n === 23]));
    for (const n of [21, 24]) {
      await prisma.customer.create({
        data: { shop: SHOP, id: customer(n), shopifyCreatedAt: at(0), shopifyUpdatedAt: at(0), stage: "dormant" },
      });
    }
    await order(201, 21, 9, 1000); // before entering: not an exit
    await order(202, 21, 12, 1000);
    await order(203, 21, 11, 1000, { test: true });
    await prisma.review.create({
      data: {
        shop: SHOP,
        customerId: customer(22),
        productId: "gid://shopify/Product/1",
        rating: 5,
        title: "Good",
        body: "Good",
        createdAt: at(13),
        status: "published",
      },
    });
    // Customer 24 is still dormant with no order or review: their entry stays, so it is not read.
    const facts = await loadOpenEntryFacts(SHOP, id, { kind: "after", entryId: afterEntryId }, true, { stage: "dormant" });
    expect(facts.map((f) => [f.customerId, f.enteredAt, f.firstOrderAfterEntry, f.firstReviewAfterEntry, f.stage])).toEqual([
      [customer(21), at(10), at(12), null, "dormant"],
      [customer(22), at(10), null, at(13), null],
      [customer(23), at(10), null, null, null],
    ]);
    // Without a segment to stay in, only an order or a review can end an entry.
    const ordersOrReviews = await loadOpenEntryFacts(SHOP, id, { kind: "after", entryId: afterEntryId }, true, null);
    expect(ordersOrReviews.map((f) => f.customerId)).toEqual([customer(21), customer(22)]);
    const touched = await loadOpenEntryFacts(
      SHOP,
      id,
      { kind: "touched", transitionsAfterId: 0, transitionsThroughId: 0, from: at(12.5), through: at(14) },
      true,
      { stage: "dormant" },
    );
    expect(touched.map((f) => f.customerId)).toEqual([customer(22)]);
  });
});
