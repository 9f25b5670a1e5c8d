// Applying webhook facts against a real (per-file) SQLite database, with the Admin API faked at the
// client boundary: it answers a re-read with the order as Shopify has it now.
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import Database from "better-sqlite3";
import prisma from "../db.server";
import { databaseDialect } from "../db-dialect";
import { countWebhookEvents } from "../../tests/helpers/webhook-events";
import { loadOrderProducts } from "../models/order.server";
import { registerShop } from "../models/shop.server";
import { listSetAsideWebhookEvents, moveWebhookInbox, recordWebhookEvent } from "../models/webhook-event.server";
import type { AdminClient } from "../shopify/admin-client.server";
import type { OrderFactsFragment } from "../shopify/graphql/generated/admin.generated";
import type { OrderFacts, WebhookFacts } from "../domain/records";
import { applyChanges, processWebhookEvents, WEBHOOK_ATTEMPTS_MAX } from "./process-webhooks.server";

const SHOP = "convergence.myshopify.com";
const BUYER = {
  id: "gid://shopify/Customer/1",
  shopifyCreatedAt: new Date("2026-01-01T00:00:00.000Z"),
  shopifyUpdatedAt: new Date("2026-01-01T00:00:00.000Z"),
};

/** An Admin API whose orders are `truth`; records every operation it was asked. */
function fakeAdmin(truth: Map<string, OrderFacts>) {
  const operations: string[] = [];
  const admin: AdminClient = {
    shop: SHOP,
    stats: { requests: 0, throttled: 0, retried: 0, waitedMs: 0 },
    async request<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
      const operation = /(?:query|mutation)\s+(\w+)/.exec(document)![1];
      operations.push(operation);
      if (operation === "OrderFactsById") {
        const facts = truth.get(String(variables!.id));
        return { order: facts ? orderNode(facts) : null } as T;
      }
      if (operation === "OrderProductsPage") {
        const facts = truth.get(String(variables!.id));
        return { order: facts ? { lineItems: lineItemsPage(facts, Number(variables!.after), 100) } : null } as T;
      }
      // The first orders' product types (first-orders.server.ts): products this fake store does not have.
      if (operation === "ProductTypes") return { nodes: [] } as T;
      if (operation === "CustomerTagsAdd") return { tagsAdd: { node: { updatedAt: "2026-11-20T00:00:09Z" }, userErrors: [] } } as T;
      if (operation === "CustomerTagsRemove") return { tagsRemove: { node: { updatedAt: "2026-11-20T00:00:09Z" }, userErrors: [] } } as T;
      throw new Error(`fake Admin API: unexpected ${operation}`);
    },
  };
  return { admin, operations };
}

function orderNode(f: OrderFacts): OrderFactsFragment {
  return {
    id: f.id,
    processedAt: f.processedAt.toISOString(),
    updatedAt: f.shopifyUpdatedAt.toISOString(),
    cancelledAt: f.cancelled ? f.shopifyUpdatedAt.toISOString() : null,
    test: f.test,
    displayFinancialStatus: f.financialStatus as OrderFactsFragment["displayFinancialStatus"],
    customer: f.customer && {
      id: f.customer.id,
      createdAt: f.customer.shopifyCreatedAt.toISOString(),
      updatedAt: f.customer.shopifyUpdatedAt.toISOString(),
    },
    totalPriceSet: { shopMoney: { amount: String(f.totalPrice) } },
    totalRefundedSet: { shopMoney: { amount: String(f.totalRefunded) } },
    fulfillments: f.fulfilledAt ? [{ createdAt: f.fulfilledAt.toISOString(), status: "SUCCESS" }] : [],
    lineItems: lineItemsPage(f, 0, 50),
  };
}

/** The order's lines (one line item each) from index `start`, `first` at most; the cursor is an index. */
function lineItemsPage(f: OrderFacts, start: number, first: number): OrderFactsFragment["lineItems"] {
  const end = Math.min(start + first, f.lines.length);
  return {
    nodes: f.lines.slice(start, end).map((l) => ({ quantity: l.quantity, product: { id: l.productId } })),
    pageInfo: { hasNextPage: end < f.lines.length, endCursor: String(end) },
  };
}

/**
 * Successive versions of one order, each a change on the previous one (refund a little more, cancel,
 * fulfil): `seconds[i]` is how many whole seconds after its predecessor version i was written — often
 * 0, as Shopify's whole-second timestamps make same-second changes look simultaneous.
 */
function versionsOf(orderId: string, seconds: number[]): OrderFacts[] {
  const versions: OrderFacts[] = [];
  let at = Date.parse("2026-11-20T00:00:00Z");
  let refunded = 0;
  for (const [i, gap] of seconds.entries()) {
    at += gap * 1000;
    if (i > 0) refunded += 100;
    versions.push({
      kind: "order",
      id: orderId,
      customerId: BUYER.id,
      customer: BUYER,
      processedAt: new Date("2026-11-19T23:00:00.000Z"),
      shopifyUpdatedAt: new Date(at),
      totalPrice: 5000,
      totalRefunded: refunded,
      cancelled: false,
      test: false,
      financialStatus: refunded ? "PARTIALLY_REFUNDED" : "PAID",
      fulfilledAt: i >= 2 ? new Date("2026-11-20T00:00:00.000Z") : null,
      lines: [{ productId: "gid://shopify/Product/7", quantity: 1 + i }],
    });
  }
  return versions;
}

const storedOrder = async (id: string) => {
  const { shop: _shop, id: _id, ...row } = await prisma.order.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id } } });
  const lines = (await loadOrderProducts(SHOP, [id])).get(id) ?? [];
  return { ...row, lines };
};

beforeAll(async () => {
  await registerShop(SHOP);
});

describe("applying order webhooks", () => {
  let nextOrder = 1000;

  it("converges on Shopify's latest version whatever the delivery order, duplicates and same-second ties", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 5 }).chain((gaps) =>
          fc.tuple(
            fc.constant(gaps),
            // a delivery schedule: every version at least once, some twice, in any order
            fc.shuffledSubarray([...gaps.keys(), ...gaps.keys()], { minLength: gaps.length * 2, maxLength: gaps.length * 2 }),
            fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 10 }),
          ),
        ),
        async ([gaps, deliveries, batchSizes]) => {
          const orderId = `gid://shopify/Order/${nextOrder++}`;
          const versions = versionsOf(orderId, gaps);
          const latest = versions.at(-1)!;
          const { admin } = fakeAdmin(new Map([[orderId, latest]]));
          // deliveries arrive in batches of varying size (one job may see several events)
          let start = 0;
          for (let b = 0; start < deliveries.length; b++) {
            const size = batchSizes[b % batchSizes.length];
            await applyChanges(
              SHOP,
              admin,
              deliveries.slice(start, start + size).map((i) => versions[i]),
            );
            start += size;
          }
          const stored = await storedOrder(orderId);
          expect(stored).toMatchObject({
            customerId: BUYER.id,
            shopifyUpdatedAt: latest.shopifyUpdatedAt,
            totalRefunded: latest.totalRefunded,
            financialStatus: latest.financialStatus,
            fulfilledAt: latest.fulfilledAt,
          });
          expect(stored.lines).toEqual(latest.lines);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("re-reads the order when a refund was not in any order payload yet, and not when it was", async () => {
    const [created, refunded] = versionsOf("gid://shopify/Order/1", [0, 5]);
    const { admin, operations } = fakeAdmin(new Map([[created.id, refunded]]));
    await applyChanges(SHOP, admin, [created, { kind: "refund", orderId: created.id, createdAt: refunded.shopifyUpdatedAt }]);
    expect(operations).toEqual(["OrderFactsById"]);
    expect(await storedOrder(created.id)).toMatchObject({ totalRefunded: 100 });
    await applyChanges(SHOP, admin, [{ kind: "refund", orderId: created.id, createdAt: new Date("2026-11-20T00:00:01.000Z") }]);
    expect(operations).toEqual(["OrderFactsById"]); // the stored order is already newer than that refund
  });

  it("re-reads an order whose payload lacks what a row needs: a new buyer's times, a refund's shop-currency amount", async () => {
    const newBuyer = {
      id: "gid://shopify/Customer/44",
      shopifyCreatedAt: new Date("2025-05-05T00:00:00.000Z"),
      shopifyUpdatedAt: new Date("2026-11-19T00:00:00.000Z"),
    };
    const [created] = versionsOf("gid://shopify/Order/4", [0]);
    const truth = { ...created, customerId: newBuyer.id, customer: newBuyer, totalRefunded: 1_500 };
    const { admin, operations } = fakeAdmin(new Map([[created.id, truth]]));
    // Shopify's own sample: the buyer's created_at/updated_at are null; the refund was paid in USD.
    await applyChanges(SHOP, admin, [{ ...created, customerId: newBuyer.id, customer: null, refundsNeedReread: true }]);
    expect(operations).toEqual(["OrderFactsById"]);
    expect(await storedOrder(created.id)).toMatchObject({ customerId: newBuyer.id, totalRefunded: 1_500 });
    expect(await prisma.customer.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: newBuyer.id } } })).toMatchObject({
      shopifyCreatedAt: newBuyer.shopifyCreatedAt,
    });
    // A buyer we hold needs no re-read for their times.
    const [next] = versionsOf("gid://shopify/Order/5", [0]);
    await applyChanges(SHOP, admin, [{ ...next, customerId: newBuyer.id, customer: null }]);
    expect(operations).toEqual(["OrderFactsById"]);
    expect(await storedOrder(next.id)).toMatchObject({ customerId: newBuyer.id });
  });

  it("re-reads every product of an order whose line items span more than one page", async () => {
    const [created, refunded] = versionsOf("gid://shopify/Order/3", [0, 5]);
    const wholesale = {
      ...refunded,
      lines: Array.from({ length: 120 }, (_, p) => ({ productId: `gid://shopify/Product/${p + 1}`, quantity: 1 + (p % 7) })),
    };
    const { admin, operations } = fakeAdmin(new Map([[created.id, wholesale]]));
    await applyChanges(SHOP, admin, [{ kind: "refund", orderId: created.id, createdAt: refunded.shopifyUpdatedAt }]);
    expect(operations).toEqual(["OrderFactsById", "OrderProductsPage"]); // 50 line items with the order, 70 after
    const byProduct = (lines: readonly { productId: string }[]) => [...lines].sort((a, b) => a.productId.localeCompare(b.productId));
    expect(byProduct((await storedOrder(created.id)).lines)).toEqual(byProduct(wholesale.lines));
  });
});

describe("customers/delete", () => {
  it("removes the customer's rows and keeps their orders as guest orders", async () => {
    const [order] = versionsOf("gid://shopify/Order/2", [0]);
    const { admin } = fakeAdmin(new Map());
    await applyChanges(SHOP, admin, [order]);
    await prisma.segmentTransition.create({
      data: { shop: SHOP, customerId: BUYER.id, fromStage: null, toStage: "new", at: new Date(), reason: "test" },
    });
    await applyChanges(SHOP, admin, [{ kind: "customer-deleted", id: BUYER.id }]);
    expect(await prisma.customer.count({ where: { shop: SHOP, id: BUYER.id } })).toBe(0);
    expect(await prisma.segmentTransition.count({ where: { shop: SHOP, customerId: BUYER.id } })).toBe(0);
    expect(await prisma.order.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: order.id } } })).toMatchObject({ customerId: null });
  });
});

describe("events waiting for the backfill", () => {
  it("stay pending while the shop's sync runs and are applied once it has completed", async () => {
    const shop = "backfilling.myshopify.com";
    await registerShop(shop);
    const run = await prisma.syncRun.create({ data: { shop, kind: "initial", status: "running" } });
    const facts: WebhookFacts = {
      kind: "customer",
      id: "gid://shopify/Customer/77",
      shopifyCreatedAt: new Date("2026-11-01T00:00:00.000Z"),
      shopifyUpdatedAt: new Date("2026-11-01T00:00:00.000Z"),
    };
    await recordWebhookEvent({
      shop,
      eventId: "e-1",
      topic: "customers/create",
      resourceId: facts.id,
      facts,
      triggeredAt: null,
      receivedAt: new Date(),
    });
    const { admin, operations } = fakeAdmin(new Map());
    const asOf = new Date("2026-11-20T00:00:00Z");

    expect(await processWebhookEvents({ shop, admin, asOf })).toMatchObject({ ran: false, events: 0 });
    expect(await countWebhookEvents({ shop, processedAt: null })).toBe(1);

    await prisma.syncRun.update({ where: { id: run.id }, data: { status: "completed" } });
    expect(await processWebhookEvents({ shop, admin, asOf })).toMatchObject({
      ran: true,
      events: 1,
      customersRecomputed: 1,
      transitions: 1,
      tagsWritten: 1,
    });
    expect(await prisma.customer.findUniqueOrThrow({ where: { shop_id: { shop, id: facts.id } } })).toMatchObject({
      stage: "prospect",
      ownedTags: JSON.stringify(["tsunagu:prospect"]),
      shopifyUpdatedAt: new Date("2026-11-20T00:00:09Z"), // our write's time: its echo will not be newer
    });
    expect(operations).toEqual(["CustomerTagsAdd"]); // a first classification is not a Flow trigger
  });
});

describe("a burst of deliveries", () => {
  it("is applied as one batch: events that arrive within the collection window join it, and their buyer is recomputed once", async () => {
    const shop = "burst.myshopify.com";
    await registerShop(shop);
    await prisma.syncRun.create({ data: { shop, kind: "initial", status: "completed" } });
    const record = (n: number) => {
      const [order] = versionsOf(`gid://shopify/Order/${5000 + n}`, [0]);
      return recordWebhookEvent({
        shop,
        eventId: `burst-${n}`,
        topic: "orders/create",
        resourceId: order.id,
        facts: order,
        triggeredAt: null,
        receivedAt: new Date(),
      });
    };
    const { admin, operations } = fakeAdmin(new Map());

    await record(0);
    const asOf = new Date("2026-11-20T00:00:00Z");
    // No wall-clock race: the collection window is a fake timer, and the other events are recorded
    // while the job is known to be waiting in it.
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    try {
      const processing = processWebhookEvents({ shop, admin, asOf, collectMs: 1_000 });
      await vi.waitUntil(() => vi.getTimerCount() > 0, { timeout: 10_000 });
      for (let n = 1; n < 4; n++) await record(n);
      vi.advanceTimersByTime(1_000);
      expect(await processing).toMatchObject({ ran: true, events: 4, customersRecomputed: 1, tagsWritten: 1 });
    } finally {
      vi.useRealTimers();
    }
    // The type of the buyer's first-order product, once for the batch (first-orders.server.ts), then the tags.
    expect(operations).toEqual(["ProductTypes", "CustomerTagsAdd"]);
    expect(await prisma.customer.findUniqueOrThrow({ where: { shop_id: { shop, id: BUYER.id } } })).toMatchObject({
      ordersCount: 4,
      netSpent: 20_000,
      firstOrderAt: new Date("2026-11-19T23:00:00.000Z"),
      lastOrderAt: new Date("2026-11-19T23:00:00.000Z"),
      stageSince: asOf,
    });
  });

  it("records each event id once: a second delivery of the same event is reported as a duplicate", async () => {
    const [order] = versionsOf("gid://shopify/Order/6000", [0]);
    const event = {
      shop: SHOP,
      eventId: "same-event",
      topic: "orders/create" as const,
      resourceId: order.id,
      facts: order,
      triggeredAt: null,
      receivedAt: new Date(),
    };
    expect(await recordWebhookEvent(event)).toBe(true);
    // PostgreSQL's INSERT tells at once; on SQLite the web process appends to the webhook inbox, whose
    // move into WebhookEvent drops the repeat.
    const inbox = databaseDialect().webhookInboxFile !== null;
    expect(await recordWebhookEvent({ ...event, receivedAt: new Date() })).toBe(inbox);
    expect(await countWebhookEvents({ shop: SHOP, eventId: "same-event" })).toBe(1);
    // A retry after the first was moved (or a move repeated after a kill) is dropped the same way.
    expect(await recordWebhookEvent({ ...event, receivedAt: new Date() })).toBe(inbox);
    expect(await countWebhookEvents({ shop: SHOP, eventId: "same-event" })).toBe(1);
  });

  it.runIf(databaseDialect().webhookInboxFile !== null)(
    "on SQLite gets an inbox number never used before, even after the inbox emptied, so a mover that read older rows cannot delete it",
    async () => {
      const record = async (eventId: string) => {
        const [order] = versionsOf(`gid://shopify/Order/${eventId.length}600`, [0]);
        await recordWebhookEvent({
          shop: SHOP,
          eventId,
          topic: "orders/create",
          resourceId: order.id,
          facts: order,
          triggeredAt: null,
          receivedAt: new Date(),
        });
      };
      await record("first-in-inbox");
      const inbox = new Database(databaseDialect().webhookInboxFile!, { readonly: true });
      try {
        const first = inbox.prepare(`SELECT "seq" FROM "WebhookDelivery" WHERE "eventId" = 'first-in-inbox'`).get() as { seq: number };
        await moveWebhookInbox();
        await record("after-it-emptied");
        const next = inbox.prepare(`SELECT "seq" FROM "WebhookDelivery" WHERE "eventId" = 'after-it-emptied'`).get() as { seq: number };
        // Another worker's mover that read up to `first` deletes "seq <= first": the new row must be above it.
        expect(next.seq).toBeGreaterThan(first.seq);
      } finally {
        inbox.close();
      }
      expect(await countWebhookEvents({ shop: SHOP, eventId: "after-it-emptied" })).toBe(1);
    },
  );

  it.runIf(databaseDialect().webhookInboxFile !== null)(
    "on SQLite is recorded while another connection holds the database's write lock, and moved once it is released",
    async () => {
      const [order] = versionsOf("gid://shopify/Order/6001", [0]);
      const event = { shop: SHOP, eventId: "under-lock", topic: "orders/create" as const, resourceId: order.id, facts: order };
      // A job's long write transaction (a backfill batch), on a connection of its own as the worker's.
      const job = new Database(process.env.DATABASE_URL!.slice("file:".length), { timeout: 0 });
      job.prepare("BEGIN IMMEDIATE").run();
      try {
        // Straight into WebhookEvent this would wait for the lock (10 s) and then fail.
        expect(await recordWebhookEvent({ ...event, triggeredAt: null, receivedAt: new Date() })).toBe(true);
      } finally {
        job.prepare("ROLLBACK").run();
        job.close();
      }
      expect(await countWebhookEvents({ shop: SHOP, eventId: "under-lock" })).toBe(1);
    },
  );
});

describe("an event that cannot be applied", () => {
  it("is set aside with its error after 3 failing runs, while the shop's other events go on; facts that do not parse at once", async () => {
    const shop = "poisoned.myshopify.com";
    await registerShop(shop);
    await prisma.syncRun.create({ data: { shop, kind: "initial", status: "completed" } });
    const { admin } = fakeAdmin(new Map());
    const asOf = new Date("2026-11-20T00:00:00Z");
    const record = (eventId: string, facts: WebhookFacts) =>
      recordWebhookEvent({ shop, eventId, topic: "orders/create", resourceId: eventId, facts, triggeredAt: null, receivedAt: new Date() });
    // Each good order of its own first-time buyer (the fake Admin API answers only their first tag write).
    const firstOrder = (n: number): OrderFacts => {
      const buyer = { ...BUYER, id: `gid://shopify/Customer/${n}` };
      return { ...versionsOf(`gid://shopify/Order/${n}`, [0])[0], customerId: buyer.id, customer: buyer };
    };
    const poison = firstOrder(7000);
    await record("poison", { ...poison, processedAt: new Date(NaN) }); // stored as null: the row cannot be written
    const run = () =>
      processWebhookEvents({ shop, admin, asOf, collectMs: 0 }).then(
        () => "ok",
        (error: Error) => error.message,
      );

    // Alone, its failure is not counted: it might be Shopify or the database that is down.
    expect(await run()).toMatch(/1 webhook event\(s\) of poisoned.myshopify.com could not be applied/);
    expect(await prisma.webhookEvent.findUniqueOrThrow({ where: { shop_eventId: { shop, eventId: "poison" } } })).toMatchObject({
      attempts: 0,
      setAsideAt: null,
    });

    for (let attempt = 1; attempt <= WEBHOOK_ATTEMPTS_MAX; attempt++) {
      const good = firstOrder(7000 + attempt);
      await record(`good-${attempt}`, good);
      expect(await run()).toMatch(/could not be applied/);
      expect(await prisma.order.count({ where: { shop, id: good.id } })).toBe(1); // the others go on
    }
    const after = firstOrder(7999);
    await record("after", after);
    expect(await run()).toBe("ok"); // set aside: it no longer fails the shop's runs
    expect(await prisma.order.count({ where: { shop, id: after.id } })).toBe(1);
    expect(await prisma.webhookEvent.count({ where: { shop, processedAt: null, setAsideAt: null } })).toBe(0);

    await prisma.webhookEvent.create({
      data: {
        shop,
        eventId: "torn",
        topic: "orders/create",
        facts: '{"kind":"order","id":"gid://shopify/Order/1\\',
        receivedAt: new Date(),
      },
    });
    expect(await run()).toBe("ok");
    expect((await listSetAsideWebhookEvents(shop)).map((e) => [e.eventId, e.attempts, e.lastError])).toEqual([
      ["torn", 1, "the stored facts are not JSON"],
      ["poison", WEBHOOK_ATTEMPTS_MAX, expect.stringMatching(/processedAt/)],
    ]);
  });
});
