// GIVEN two identical stores, WHEN one store's first sync is killed for real (SIGKILL) in the middle of
// applying the orders and order-lines files and then started again, THEN it resumes from its checkpoint — the same run,
// the same bulk operations, no duplicate rows — and ends with exactly the rows and tags of the other
// store's uninterrupted sync.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { syncShop } from "../../app/jobs/sync-shop.server";
import { createAdminClient } from "../../app/shopify/admin-client.server";
import { listBulkOperations, setBulkFaults } from "../emulator/bulk-operations";
import { registerApp } from "../emulator/app-config";
import { seedOnlineRetail } from "../emulator/seed-online-retail";
import { STORES } from "../emulator/seed";
import { startEmulator, type Emulator } from "../emulator/server";
import type { EmulatedShop } from "../emulator/store";
import type { SyncChildOptions } from "../helpers/sync-child";
import { TEST_APP } from "../helpers/test-app";
import { waitFor } from "../helpers/wait-for";

const NOW = STORES["online-retail"].now;
const ROOT = path.resolve(__dirname, "../..");
// The store has 568 orders: a checkpoint every 100 lines leaves ~470 of them (~2.4 s at the slowed
// download) after the first one for the kill to land in. At 500 the window was 68 lines, ~0.3 s, which a
// loaded CI machine missed.
const LINES_PER_BATCH = 100;
let emulator: Emulator;
let killed: EmulatedShop;
let uninterrupted: EmulatedShop;

const endpoint = () => `${emulator.url}/admin/api/2026-10/graphql.json`;

function startSyncChild(store: EmulatedShop): ChildProcess & { exited: Promise<number | null> } {
  const options: SyncChildOptions = {
    shop: store.domain,
    accessToken: store.accessToken,
    endpoint: endpoint(),
    now: NOW,
    linesPerBatch: LINES_PER_BATCH,
  };
  // One process (tsx as a loader, not the tsx CLI, which would run the script in a grandchild that
  // SIGKILL of the CLI leaves running).
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "tests/helpers/sync-child.ts")], {
    cwd: ROOT,
    env: { ...process.env, TSUNAGU_SYNC_CHILD: JSON.stringify(options) },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return Object.assign(child, { exited: new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code))) });
}

/** What a sync leaves behind, without the shop column: to compare two shops row by row. */
async function outcome(store: EmulatedShop) {
  const shop = store.domain;
  const [orders, lines, customers] = await Promise.all([
    prisma.order.findMany({ where: { shop }, orderBy: { id: "asc" }, omit: { shop: true } }),
    prisma.orderProducts.findMany({ where: { shop }, orderBy: { orderId: "asc" }, omit: { shop: true } }),
    prisma.customer.findMany({
      where: { shop },
      orderBy: { id: "asc" },
      select: { id: true, stage: true, ordersCount: true, netSpent: true, lastOrderAt: true, ownedTags: true, tagCount: true },
    }),
  ]);
  const tags = customers.map((c) => store.customerTags(c.id));
  return { orders, lines, customers, tags };
}

beforeAll(async () => {
  const seed = { limitCustomers: 150, now: new Date(NOW), plan: { bucketSize: 1000, restoreRate: 250 } };
  killed = await seedOnlineRetail({ ...seed, domain: "killed.myshopify.com" });
  uninterrupted = await seedOnlineRetail({ ...seed, domain: "uninterrupted.myshopify.com" });
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [killed, uninterrupted] });
  await prisma.shop.createMany({ data: [{ shop: killed.domain }, { shop: uninterrupted.domain }] });
}, 120_000);

afterAll(async () => {
  await emulator?.close();
});

describe("a backfill killed mid-way", () => {
  it("resumes from its checkpoint after a real kill and ends exactly like an uninterrupted run", async () => {
    // GIVEN the uninterrupted reference
    await syncShop({
      shop: uninterrupted.domain,
      admin: createAdminClient({ shop: uninterrupted.domain, accessToken: uninterrupted.accessToken, endpoint: endpoint() }),
      now: () => new Date(NOW),
      bulk: { firstPollMs: 20, maxPollMs: 100 },
      linesPerBatch: LINES_PER_BATCH,
    });

    // WHEN the other store's sync is killed while it applies the orders file (downloads slowed down so
    // the kill lands between two checkpoints)
    setBulkFaults(killed, { downloadBytesPerSecond: 150_000 });
    const first = startSyncChild(killed);
    const checkpoint = await waitFor(
      async () => {
        const run = await prisma.syncRun.findFirst({ where: { shop: killed.domain } });
        const midOrders = run && run.ordersLinesApplied > 0 && !run.ordersReadAt;
        const midOrderLines = run && run.orderLinesLinesApplied > 0 && !run.orderLinesReadAt;
        return midOrders && midOrderLines ? run : null;
      },
      { timeoutMs: 60_000, intervalMs: 20, what: "the first checkpoints of the orders and order-lines files" },
    );
    first.kill("SIGKILL");
    expect(await first.exited).toBeNull();
    const atKill = await prisma.syncRun.findFirstOrThrow({ where: { shop: killed.domain } });
    expect(atKill.status).toBe("running");
    expect(atKill.ordersReadAt).toBeNull();
    expect(atKill.orderLinesReadAt).toBeNull();

    // THEN started again, it completes the same run with the same three bulk operations
    setBulkFaults(killed, {});
    const second = startSyncChild(killed);
    expect(await second.exited).toBe(0);
    const runs = await prisma.syncRun.findMany({ where: { shop: killed.domain } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: checkpoint.id, status: "completed", ordersOperationId: checkpoint.ordersOperationId });
    // (the subscription orders' and the older orders' reads beside them are started again by each run,
    // docs/decisions/054, 057)
    const recordsReads = listBulkOperations(killed).filter(
      (op) => op.type === "QUERY" && !op.query.includes("sellingPlan") && !op.query.includes("processed_at:<"),
    );
    expect(recordsReads).toHaveLength(3);
    expect(runs[0].orderLinesOperationId).toBe(checkpoint.orderLinesOperationId);

    // AND rows and tags are identical to the uninterrupted run's
    const [a, b] = [await outcome(killed), await outcome(uninterrupted)];
    expect(a.orders).toHaveLength(killed.orderCount());
    // One row of products per order of the order-lines window, and per older first or second order of a customer.
    const firstOrders = await prisma.customerFirstOrders.findMany({ where: { shop: killed.domain } });
    const firstOrSecond = firstOrders.flatMap((r) => [r.firstOrderId, r.secondOrderId].filter((id): id is string => id !== null));
    const inWindow = await prisma.order.count({ where: { shop: killed.domain, processedAt: { gte: runs[0].orderLinesSince! } } });
    const olderFirstOrSecond = await prisma.order.count({
      where: { shop: killed.domain, processedAt: { lt: runs[0].orderLinesSince! }, id: { in: firstOrSecond } },
    });
    expect(a.lines).toHaveLength(inWindow + olderFirstOrSecond);
    expect(a.lines.length).toBeGreaterThan(5 * LINES_PER_BATCH);
    expect(a.orders).toEqual(b.orders);
    expect(a.lines).toEqual(b.lines);
    expect(a.customers).toEqual(b.customers);
    expect(a.tags).toEqual(b.tags);
  }, 180_000);
});
