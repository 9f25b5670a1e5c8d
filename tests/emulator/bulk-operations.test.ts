// The emulator's bulk operations against Shopify's 2026-10 behaviour: lifecycle, JSONL shape,
// Shopify's query rules and limits, bulk mutations from staged uploads, the finish webhook, faults.
import crypto from "node:crypto";
import fs from "node:fs";
import fc from "fast-check";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminGraphql } from "./admin-graphql";
import type { AppRegistration } from "./app-config";
import { bulkFaults, bulkFilePath, findBulkOperation, type BulkOperation } from "./bulk-operations";
import { seedOnlineRetail } from "./seed-online-retail";
import { startEmulator, type Emulator } from "./server";
import { createEmptyShop, type EmulatedShop } from "./store";

const graphql = createAdminGraphql();

async function run(shop: EmulatedShop, query: string, variables?: Record<string, unknown>): Promise<any> {
  const { status, body } = await graphql(shop, { query, variables });
  expect(status).toBe(200);
  return body;
}

const RUN_QUERY = `mutation Run($query: String!, $group: Boolean!) {
  bulkOperationRunQuery(query: $query, groupObjects: $group) {
    bulkOperation { id status type createdAt }
    userErrors { field message code }
  }
}`;

const POLL = `query Poll($id: ID!) {
  bulkOperation(id: $id) { id status type errorCode createdAt completedAt objectCount rootObjectCount fileSize url partialDataUrl query }
}`;

async function startQuery(shop: EmulatedShop, query: string, groupObjects = false) {
  const body = await run(shop, RUN_QUERY, { query, group: groupObjects });
  return body.data.bulkOperationRunQuery as {
    bulkOperation: { id: string; status: string } | null;
    userErrors: { field: string[] | null; message: string; code: string | null }[];
  };
}

async function finished(shop: EmulatedShop, id: string): Promise<any> {
  await findBulkOperation(shop, id)!.finished;
  return (await run(shop, POLL, { id })).data.bulkOperation;
}

function jsonl(path: string): Record<string, any>[] {
  return fs
    .readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** Three customers, four orders (one refunded, one not yet fulfilled), one guest order. */
function smallShop(domain = `bulk-${crypto.randomUUID().slice(0, 8)}.myshopify.com`): EmulatedShop {
  const shop = createEmptyShop({ domain, now: new Date("2026-11-20T12:00:00Z"), currencyCode: "JPY" });
  shop.addCustomer({ id: 1, createdAt: "2026-01-01T00:00:00Z" });
  shop.addCustomer({ id: 2, createdAt: "2026-02-01T00:00:00Z" });
  shop.addCustomer({ id: 3, createdAt: "2026-03-01T00:00:00Z" });
  shop.addOrder({
    id: 101,
    customerId: 1,
    processedAt: "2026-05-01T10:00:00Z",
    fulfilledAt: "2026-05-03T10:00:00Z",
    lineItems: [
      { sku: "TEA", quantity: 2, unitPrice: "1200" },
      { sku: "CUP", quantity: 1, unitPrice: "3000" },
    ],
  });
  shop.addOrder({
    id: 102,
    customerId: 1,
    processedAt: "2026-06-01T10:00:00Z",
    fulfilledAt: "2026-06-03T10:00:00Z",
    refunded: "1000",
    refundedAt: "2026-06-10T00:00:00Z",
    lineItems: [{ sku: "TEA", quantity: 1, unitPrice: "1200" }],
  });
  shop.addOrder({
    id: 103,
    customerId: 2,
    processedAt: "2026-11-19T10:00:00Z",
    lineItems: [{ sku: "POT", quantity: 1, unitPrice: "5000" }],
  });
  shop.addOrder({
    id: 104,
    customerId: null,
    processedAt: "2026-07-01T10:00:00Z",
    fulfilledAt: "2026-07-02T10:00:00Z",
    lineItems: [{ sku: "CUP", quantity: 3, unitPrice: "3000" }],
  });
  return shop;
}

const ORDERS_WITH_LINES = `{
  orders(sortKey: ID) {
    edges {
      node {
        id
        displayFulfillmentStatus
        fulfillments { createdAt }
        customer { id }
        refunds { createdAt totalRefundedSet { shopMoney { amount } } }
        lineItems { edges { node { id quantity product { id } } } }
      }
    }
  }
}`;

describe("bulkOperationRunQuery", () => {
  it("goes CREATED → RUNNING → COMPLETED and reports counts, file size and a URL serving the JSONL", async () => {
    const shop = smallShop();
    bulkFaults(shop).minRunMs = 150;
    const started = await startQuery(shop, ORDERS_WITH_LINES);
    expect(started.userErrors).toEqual([]);
    expect(started.bulkOperation).toMatchObject({ status: "CREATED", id: expect.stringMatching(/^gid:\/\/shopify\/BulkOperation\/\d+$/) });
    const id = started.bulkOperation!.id;

    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await run(shop, POLL, { id })).data.bulkOperation).toMatchObject({ status: "RUNNING", completedAt: null, url: null });

    const done = await finished(shop, id);
    // 4 orders + 5 line items
    expect(done).toMatchObject({
      status: "COMPLETED",
      type: "QUERY",
      errorCode: null,
      objectCount: "9",
      rootObjectCount: "4",
      partialDataUrl: null,
      query: ORDERS_WITH_LINES,
    });
    expect(done.completedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Number(done.fileSize)).toBe(fs.statSync(bulkFilePath(done.url)).size);
  });

  it("prints nested connection nodes as their own lines ending in __parentId, children held back past the next parent", async () => {
    const shop = smallShop();
    const { bulkOperation } = await startQuery(shop, ORDERS_WITH_LINES);
    const done = await finished(shop, bulkOperation!.id);
    const raw = fs.readFileSync(bulkFilePath(done.url), "utf8").split("\n").filter(Boolean);
    expect(raw.map((line) => JSON.parse(line).id)).toEqual([
      "gid://shopify/Order/101",
      "gid://shopify/Order/102",
      "gid://shopify/LineItem/1",
      "gid://shopify/LineItem/2",
      "gid://shopify/Order/103",
      "gid://shopify/LineItem/3",
      "gid://shopify/Order/104",
      "gid://shopify/LineItem/4",
      "gid://shopify/LineItem/5",
    ]);
    expect(raw[0]).toBe(
      '{"id":"gid://shopify/Order/101","displayFulfillmentStatus":"FULFILLED","fulfillments":[{"createdAt":"2026-05-03T10:00:00Z"}],' +
        '"customer":{"id":"gid://shopify/Customer/1"},"refunds":[]}',
    );
    expect(raw[2]).toBe(
      '{"id":"gid://shopify/LineItem/1","quantity":2,"product":{"id":"gid://shopify/Product/1"},"__parentId":"gid://shopify/Order/101"}',
    );
    const lines = raw.map((line) => JSON.parse(line));
    expect(lines[1]).toMatchObject({
      refunds: [{ createdAt: "2026-06-10T00:00:00Z", totalRefundedSet: { shopMoney: { amount: "1000.0" } } }],
    });
    expect(lines[4]).toMatchObject({ id: "gid://shopify/Order/103", displayFulfillmentStatus: "UNFULFILLED", fulfillments: [] });
    expect(lines[6]).toMatchObject({ id: "gid://shopify/Order/104", customer: null });
  });

  it("keeps children right after their parent when groupObjects is true", async () => {
    const shop = smallShop();
    const { bulkOperation } = await startQuery(shop, ORDERS_WITH_LINES, true);
    const done = await finished(shop, bulkOperation!.id);
    expect(
      jsonl(bulkFilePath(done.url)).map((line) => [line.id.replace("gid://shopify/", ""), line.__parentId?.replace("gid://shopify/", "")]),
    ).toEqual([
      ["Order/101", undefined],
      ["LineItem/1", "Order/101"],
      ["LineItem/2", "Order/101"],
      ["Order/102", undefined],
      ["LineItem/3", "Order/102"],
      ["Order/103", undefined],
      ["LineItem/4", "Order/103"],
      ["Order/104", undefined],
      ["LineItem/5", "Order/104"],
    ]);
  });

  it("walks a nested connection that has no direct table through its resolver, with the parent's id", async () => {
    const shop = smallShop();
    const { bulkOperation } = await startQuery(
      shop,
      `{ customers { edges { node { id numberOfOrders orders { edges { node { id processedAt } } } } } } }`,
      true,
    );
    const done = await finished(shop, bulkOperation!.id);
    expect(jsonl(bulkFilePath(done.url))).toEqual([
      { id: "gid://shopify/Customer/1", numberOfOrders: "2" },
      { id: "gid://shopify/Order/101", processedAt: "2026-05-01T10:00:00Z", __parentId: "gid://shopify/Customer/1" },
      { id: "gid://shopify/Order/102", processedAt: "2026-06-01T10:00:00Z", __parentId: "gid://shopify/Customer/1" },
      { id: "gid://shopify/Customer/2", numberOfOrders: "1" },
      { id: "gid://shopify/Order/103", processedAt: "2026-11-19T10:00:00Z", __parentId: "gid://shopify/Customer/2" },
      { id: "gid://shopify/Customer/3", numberOfOrders: "0" },
    ]);
  });

  it("completes with no URL when nothing matches", async () => {
    const shop = smallShop();
    const { bulkOperation } = await startQuery(shop, `{ customers(query: "tag:nobody") { edges { node { id } } } }`);
    expect(await finished(shop, bulkOperation!.id)).toMatchObject({ status: "COMPLETED", objectCount: "0", fileSize: null, url: null });
  });

  it.each([
    ["no connection", `{ shop { id } }`, "Bulk queries must contain at least one connection."],
    ["a top-level node field", `{ node(id: "gid://shopify/Customer/1") { id } }`, "Bulk queries cannot contain a top level `node` field."],
    [
      "more than five connections",
      `{ customers { edges { node { id a: orders { edges { node { id } } } b: orders { edges { node { id } } } c: orders { edges { node { id } } } d: orders { edges { node { id } } } e: orders { edges { node { id } } } } } } }`,
      "Bulk queries cannot contain more than 5 connections.",
    ],
    [
      "three levels of connections",
      `{ customers { edges { node { id orders { edges { node { id lineItems { edges { node { id } } } } } } } } } }`,
      "Bulk queries cannot contain connections with a nesting depth greater than 2.",
    ],
    [
      "a connection inside a list",
      `{ orders { edges { node { id refunds { refundLineItems { edges { node { id } } } } } } } }`,
      "Queries that contain a connection field within a list field are not currently supported.",
    ],
    [
      "a nested connection under a node without id",
      `{ orders { edges { node { name lineItems { edges { node { id } } } } } } }`,
      "The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection fields without 'id': orders.",
    ],
    [
      "nodes instead of edges",
      `{ customers { nodes { id } } }`,
      "All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: 'products { edges { node {'. Selecting via 'nodes' is not supported. Invalid connection fields: 'customers'.",
    ],
    [
      "a mutation",
      `mutation { tagsAdd(id: "gid://shopify/Customer/1", tags: ["x"]) { userErrors { message } } }`,
      "Invalid operation type. Only `query` operations are supported.",
    ],
    ["an empty query", ``, "Invalid bulk query: syntax error, unexpected end of file"],
    [
      "an unknown field",
      `{ customers { edges { node { id shoeSize } } } }`,
      "Invalid bulk query: Field 'shoeSize' doesn't exist on type 'Customer'",
    ],
  ])("refuses %s with Shopify's userError", async (_name, query, message) => {
    const result = await startQuery(smallShop(), query);
    expect(result.bulkOperation).toBeNull();
    expect(result.userErrors).toContainEqual({ field: ["query"], message, code: "INVALID" });
  });

  it("runs five bulk queries at once per shop and refuses a sixth with LIMIT_REACHED", async () => {
    const shop = smallShop();
    bulkFaults(shop).minRunMs = 300;
    const query = `{ customers { edges { node { id } } } }`;
    const started = [];
    for (let k = 0; k < 5; k++) started.push(await startQuery(shop, query));
    expect(started.every((s) => s.bulkOperation !== null)).toBe(true);
    const sixth = await startQuery(shop, query);
    expect(sixth).toEqual({
      bulkOperation: null,
      userErrors: [{ field: null, message: "Bulk operations limit reached. Please try again later.", code: "LIMIT_REACHED" }],
    });
    await finished(shop, started[0].bulkOperation!.id);
    await Promise.all(started.map((s) => findBulkOperation(shop, s.bulkOperation!.id)!.finished));
    expect((await startQuery(shop, query)).userErrors).toEqual([]);
  });

  it("lists operations newest first with bulkOperations, filters by status, and cancels a running one", async () => {
    const shop = smallShop();
    const first = await startQuery(shop, `{ customers { edges { node { id } } } }`);
    await finished(shop, first.bulkOperation!.id);
    bulkFaults(shop).minRunMs = 200;
    const second = await startQuery(shop, `{ orders { edges { node { id } } } }`);
    const cancel = await run(
      shop,
      `mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { id status } userErrors { field message } } }`,
      { id: second.bulkOperation!.id },
    );
    expect(cancel.data.bulkOperationCancel).toEqual({
      bulkOperation: { id: second.bulkOperation!.id, status: "CANCELING" },
      userErrors: [],
    });
    expect(await finished(shop, second.bulkOperation!.id)).toMatchObject({ status: "CANCELED", url: null });

    const listed = await run(
      shop,
      `{ all: bulkOperations(first: 10) { nodes { id status } } done: bulkOperations(first: 10, query: "status:completed operation_type:query") { nodes { id } } }`,
    );
    expect(listed.data.all.nodes).toEqual([
      { id: second.bulkOperation!.id, status: "CANCELED" },
      { id: first.bulkOperation!.id, status: "COMPLETED" },
    ]);
    expect(listed.data.done.nodes).toEqual([{ id: first.bulkOperation!.id }]);
    const viaNode = await run(shop, `query($id: ID!) { node(id: $id) { id ... on BulkOperation { status } } }`, {
      id: first.bulkOperation!.id,
    });
    expect(viaNode.data.node).toEqual({ id: first.bulkOperation!.id, status: "COMPLETED" });
  });
});

describe("the JSONL of any store", () => {
  const storeShape = fc.record({
    customers: fc.integer({ min: 0, max: 6 }),
    orders: fc.array(
      fc.record({
        customer: fc.integer({ min: -1, max: 5 }),
        lines: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }),
      }),
      { maxLength: 12 },
    ),
    groupObjects: fc.boolean(),
  });

  it("rebuilds every order and line item by __parentId, whatever the line order", async () => {
    await fc.assert(
      fc.asyncProperty(storeShape, async ({ customers, orders, groupObjects }) => {
        const shop = createEmptyShop({
          domain: `prop-${crypto.randomUUID().slice(0, 8)}.myshopify.com`,
          now: new Date("2026-11-20T00:00:00Z"),
        });
        for (let c = 1; c <= customers; c++) shop.addCustomer({ id: c });
        orders.forEach((order, k) =>
          shop.addOrder({
            id: 1000 + k,
            customerId: order.customer >= 1 && order.customer <= customers ? order.customer : null,
            processedAt: new Date(Date.UTC(2026, 0, 1 + k)),
            lineItems: order.lines.map((quantity, l) => ({ sku: `SKU-${l}`, quantity, unitPrice: "10" })),
          }),
        );
        const { bulkOperation } = await startQuery(
          shop,
          `{ orders { edges { node { id lineItems { edges { node { id quantity } } } } } } }`,
          groupObjects,
        );
        const op = findBulkOperation(shop, bulkOperation!.id)!;
        await op.finished;
        const lines = op.url ? jsonl(bulkFilePath(op.url)) : [];
        expect(lines).toHaveLength(op.objectCount);
        const roots = lines.filter((line) => !line.__parentId);
        expect(roots).toHaveLength(op.rootObjectCount);
        const quantities = new Map<string, number[]>(roots.map((root) => [root.id, []]));
        for (const child of lines.filter((line) => line.__parentId)) quantities.get(child.__parentId)!.push(child.quantity);
        expect(Object.fromEntries(quantities)).toEqual(
          Object.fromEntries(orders.map((order, k) => [`gid://shopify/Order/${1000 + k}`, order.lines])),
        );
      }),
      { numRuns: 40 },
    );
  });
});

describe("a seeded store (Online Retail)", () => {
  let shop: EmulatedShop;
  beforeAll(async () => {
    shop = await seedOnlineRetail();
  });

  it("fulfils non-cancelled seeded orders two days after processing and leaves the last two days unfulfilled", () => {
    const first = shop.getOrder("gid://shopify/Order/536365")!;
    expect(first.fulfilledAt).toBe("2010-12-03T08:26:00Z");
    expect(shop.getOrder("gid://shopify/Order/581483")!.fulfilledAt).toBeNull(); // processed on the last day
    const O = shop.orders;
    const now = shop.now().getTime();
    let recentUnfulfilled = 0;
    for (let j = 0; j < O.length; j++) {
      const dueAt = O.processedAt[j] + 2 * 86_400_000;
      if (!Number.isNaN(O.cancelledAt[j]) || dueAt > now) {
        expect(Number.isNaN(O.fulfilledAt[j])).toBe(true);
        if (Number.isNaN(O.cancelledAt[j])) recentUnfulfilled++;
      } else expect(O.fulfilledAt[j]).toBe(dueAt);
    }
    expect(recentUnfulfilled).toBeGreaterThan(0);
  });

  it("counts objects while RUNNING and ends with every order and line item of the store", async () => {
    const { bulkOperation } = await startQuery(shop, `{ orders { edges { node { id lineItems { edges { node { id quantity } } } } } } }`);
    const seen: number[] = [];
    const op = findBulkOperation(shop, bulkOperation!.id)!;
    while (op.status !== "COMPLETED") {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (op.status === "RUNNING") seen.push(op.objectCount);
    }
    expect(seen.some((count) => count > 0 && count < op.objectCount)).toBe(true);
    expect(op.rootObjectCount).toBe(shop.orders.length);
    expect(op.objectCount).toBe(shop.orders.length + shop.lines.length);
  });
});

// ---------------------------------------------------------------------------------------------
// Over HTTP: the served file, faults, staged uploads, bulk mutations and the finish webhook

describe("bulk operations over HTTP", () => {
  let emulator: Emulator;
  let appServer: http.Server;
  const finishes: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const shop = smallShop("bulk-http.myshopify.com");
  const token = shop.accessToken;

  async function admin(query: string, variables?: Record<string, unknown>): Promise<any> {
    const response = await fetch(`${emulator.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  }

  async function runToEnd(query: string): Promise<BulkOperation> {
    const body = await admin(RUN_QUERY, { query, group: false });
    const op = findBulkOperation(shop, body.data.bulkOperationRunQuery.bulkOperation.id)!;
    await op.finished;
    return op;
  }

  beforeAll(async () => {
    appServer = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        finishes.push({ headers: request.headers, body });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => appServer.listen(0, "127.0.0.1", resolve));
    const app: AppRegistration = {
      apiKey: "bulk-test-key",
      apiSecret: "bulk-test-secret",
      appUrl: `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`,
      handle: "tsunagu",
      scopes: ["read_customers", "write_customers", "read_orders"],
      webhookSubscriptions: new Map([["bulk_operations/finish", "/webhooks/bulk_operations/finish"]]),
      webhookApiVersion: "2026-10",
    };
    emulator = await startEmulator({ app, shops: [shop] });
  });

  afterAll(async () => {
    await emulator.close();
    await new Promise<void>((resolve) => appServer.close(() => resolve()));
  });

  it("serves the result at its signed URL and refuses a tampered signature", async () => {
    const op = await runToEnd(ORDERS_WITH_LINES);
    const response = await fetch(op.url!);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/jsonl");
    const text = await response.text();
    expect(Buffer.byteLength(text)).toBe(op.fileSize);
    expect(text.split("\n").filter(Boolean)).toHaveLength(op.objectCount);
    const tampered = op.url!.replace(/Signature=(\w)/, (_m, c: string) => `Signature=${c === "0" ? "1" : "0"}`);
    expect((await fetch(tampered)).status).toBe(403);
    // A client resuming after a cut connection asks for the rest with a Range header.
    const rest = await fetch(op.url!, { headers: { Range: "bytes=100-" } });
    expect(rest.status).toBe(206);
    expect(await rest.text()).toBe(text.slice(100));
  });

  it("POSTs bulk_operations/finish, signed with the app secret, when an operation ends", async () => {
    finishes.length = 0;
    const op = await runToEnd(`{ customers { edges { node { id } } } }`);
    expect(finishes).toHaveLength(1);
    const [delivery] = finishes;
    expect(delivery.headers["x-shopify-topic"]).toBe("bulk_operations/finish");
    expect(delivery.headers["x-shopify-shop-domain"]).toBe("bulk-http.myshopify.com");
    expect(delivery.headers["x-shopify-hmac-sha256"]).toBe(
      crypto.createHmac("sha256", "bulk-test-secret").update(delivery.body).digest("base64"),
    );
    expect(JSON.parse(delivery.body)).toEqual({
      admin_graphql_api_id: op.gid,
      completed_at: expect.stringMatching(/^2026-11-20T\d\d:\d\d:\d\d\+00:00$/),
      created_at: expect.stringMatching(/^2026-11-20T\d\d:\d\d:\d\d\+00:00$/),
      error_code: null,
      status: "completed",
      type: "query",
    });
  });

  it("fails an operation on request, keeping what it wrote behind partialDataUrl", async () => {
    finishes.length = 0;
    bulkFaults(shop).failNext = { errorCode: "INTERNAL_SERVER_ERROR", afterObjects: 3 };
    const op = await runToEnd(ORDERS_WITH_LINES);
    expect(op).toMatchObject({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR", url: null });
    const partial = (await (await fetch(op.partialDataUrl!)).text())
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    // whole roots only: the walk stops between orders, after the children it still held back
    expect(partial.map((line) => line.id)).toEqual([
      "gid://shopify/Order/101",
      "gid://shopify/Order/102",
      "gid://shopify/LineItem/1",
      "gid://shopify/LineItem/2",
      "gid://shopify/LineItem/3",
    ]);
    expect(op.objectCount).toBe(5);
    expect(JSON.parse(finishes[0].body)).toMatchObject({ status: "failed", error_code: "internal_server_error" });
  });

  it("injects a malformed line into the next result file", async () => {
    bulkFaults(shop).malformedLineNext = { afterLine: 2 };
    const op = await runToEnd(ORDERS_WITH_LINES);
    const lines = (await (await fetch(op.url!)).text()).split("\n").filter(Boolean);
    expect(lines).toHaveLength(op.objectCount + 1);
    expect(() => JSON.parse(lines[2])).toThrow();
    expect(JSON.parse(lines[3]).id).toBe("gid://shopify/LineItem/1");
  });

  it("cuts the next download mid-file", async () => {
    const op = await runToEnd(ORDERS_WITH_LINES);
    emulator.bulkFaults("bulk-http.myshopify.com").cutDownloads = { afterBytes: 200, times: 1 };
    const response = await fetch(op.url!);
    expect(response.headers.get("content-length")).toBe(String(op.fileSize));
    await expect(response.text()).rejects.toThrow();
    expect((await (await fetch(op.url!)).text()).length).toBe(op.fileSize);
  });

  it("expires the result seven days after completion: status EXPIRED, no URL, the old link refused", async () => {
    const expiring = smallShop();
    emulator.addShop(expiring);
    const { bulkOperation } = await startQuery(expiring, `{ customers { edges { node { id } } } }`);
    const done = await finished(expiring, bulkOperation!.id);
    expect((await fetch(done.url)).status).toBe(200);
    expiring.setNow(new Date(expiring.now().getTime() + 7 * 86_400_000 + 60_000));
    expect((await run(expiring, POLL, { id: bulkOperation!.id })).data.bulkOperation).toMatchObject({ status: "EXPIRED", url: null });
    expect((await fetch(done.url)).status).toBe(400);
  });

  it("takes fault switches over HTTP (for an emulator in another process) and paces downloads", async () => {
    const op = await runToEnd(ORDERS_WITH_LINES);
    const control = await fetch(`${emulator.url}/__emulator/bulk-faults`, {
      method: "POST",
      body: JSON.stringify({ shop: "bulk-http.myshopify.com", faults: { downloadBytesPerSecond: 4000 } }),
    });
    expect(control.status).toBe(200);
    const startedAt = Date.now();
    expect(Buffer.byteLength(await (await fetch(op.url!)).text())).toBe(op.fileSize);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual((op.fileSize! / 4000) * 1000 * 0.8);
    bulkFaults(shop).downloadBytesPerSecond = undefined;
  });

  it("takes a staged JSONL upload and runs tagsAdd once per line, results carrying __lineNumber", async () => {
    const staged = await admin(
      `mutation($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) { stagedTargets { url resourceUrl parameters { name value } } userErrors { field message } } }`,
      { input: [{ resource: "BULK_MUTATION_VARIABLES", filename: "tags.jsonl", mimeType: "text/jsonl", httpMethod: "POST" }] },
    );
    const target = staged.data.stagedUploadsCreate.stagedTargets[0];
    expect(target.parameters.map((p: { name: string }) => p.name)).toEqual([
      "Content-Type",
      "success_action_status",
      "acl",
      "key",
      "x-goog-date",
      "x-goog-credential",
      "x-goog-algorithm",
      "x-goog-signature",
      "policy",
    ]);
    const form = new FormData();
    for (const p of target.parameters) form.append(p.name, p.value);
    const variables = [
      { id: "gid://shopify/Customer/1", tags: ["lifecycle:loyal"] },
      { id: "gid://shopify/Customer/2", tags: ["lifecycle:new", "vip"] },
      { id: "gid://shopify/Customer/999", tags: ["lifecycle:new"] },
    ];
    form.append("file", new Blob([variables.map((v) => JSON.stringify(v)).join("\n")], { type: "text/jsonl" }), "tags.jsonl");
    const upload = await fetch(target.url, { method: "POST", body: form });
    expect(upload.status).toBe(201);
    expect(await upload.text()).toContain("<PostResponse>");
    const key = target.parameters.find((p: { name: string }) => p.name === "key").value;

    const started = await admin(
      `mutation($mutation: String!, $path: String!) { bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $path) { bulkOperation { id status type } userErrors { field message code } } }`,
      {
        mutation: `mutation tag($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } } }`,
        path: key,
      },
    );
    expect(started.data.bulkOperationRunMutation).toMatchObject({ bulkOperation: { status: "CREATED", type: "MUTATION" }, userErrors: [] });
    const op = findBulkOperation(shop, started.data.bulkOperationRunMutation.bulkOperation.id)!;
    await op.finished;
    expect(op).toMatchObject({ status: "COMPLETED", objectCount: 3, rootObjectCount: 3 });
    const results = (await (await fetch(op.url!)).text())
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(results).toEqual([
      { data: { tagsAdd: { node: { id: "gid://shopify/Customer/1" }, userErrors: [] } }, __lineNumber: 0 },
      { data: { tagsAdd: { node: { id: "gid://shopify/Customer/2" }, userErrors: [] } }, __lineNumber: 1 },
      { data: { tagsAdd: { node: null, userErrors: [{ field: ["id"], message: "Customer does not exist" }] } }, __lineNumber: 2 },
    ]);
    expect(shop.customerTags(2)).toEqual(["lifecycle:new", "vip"]);
  });

  it("refuses a staged file with a line that is not a JSON object, naming the line", async () => {
    const staged = await admin(
      `mutation($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) { stagedTargets { url parameters { name value } } } }`,
      { input: [{ resource: "BULK_MUTATION_VARIABLES", filename: "bad.jsonl", mimeType: "text/jsonl", httpMethod: "POST" }] },
    );
    const target = staged.data.stagedUploadsCreate.stagedTargets[0];
    const form = new FormData();
    for (const p of target.parameters) form.append(p.name, p.value);
    form.append("file", new Blob(['{"id":"gid://shopify/Customer/1","tags":["a"]}\n{"id":\n']), "bad.jsonl");
    expect((await fetch(target.url, { method: "POST", body: form })).status).toBe(201);
    const result = await admin(
      `mutation($m: String!, $p: String!) { bulkOperationRunMutation(mutation: $m, stagedUploadPath: $p) { bulkOperation { id } userErrors { field message code } } }`,
      {
        m: `mutation tag($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { userErrors { message } } }`,
        p: target.parameters.find((p: { name: string }) => p.name === "key").value,
      },
    );
    expect(result.data.bulkOperationRunMutation).toEqual({
      bulkOperation: null,
      userErrors: [
        {
          field: ["stagedUploadPath"],
          message: "The JSONL file is invalid: line 2 is not a JSON object.",
          code: "INVALID_STAGED_UPLOAD_FILE",
        },
      ],
    });
  });

  it("refuses an upload whose signature does not match its key", async () => {
    const form = new FormData();
    form.append("key", "tmp/1/bulk/forged/tags.jsonl");
    form.append("x-goog-signature", "0".repeat(64));
    form.append("file", new Blob(["{}"]), "tags.jsonl");
    const response = await fetch(`${emulator.url}/shopify-staged-uploads/`, { method: "POST", body: form });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("<Code>AccessDenied</Code>");
  });

  it("refuses a bulk mutation whose staged file is missing, or which has two top-level mutations", async () => {
    const run = (mutation: string, path: string) =>
      admin(
        `mutation($m: String!, $p: String!) { bulkOperationRunMutation(mutation: $m, stagedUploadPath: $p) { bulkOperation { id } userErrors { field message code } } }`,
        { m: mutation, p: path },
      );
    const tagsAdd = `mutation tag($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { userErrors { message } } }`;
    expect((await run(tagsAdd, "tmp/1/bulk/nothing/here.jsonl")).data.bulkOperationRunMutation).toEqual({
      bulkOperation: null,
      userErrors: [
        {
          field: null,
          message:
            "The JSONL file could not be found. Try uploading the file again, and check that you've entered the URL correctly for the stagedUploadPath mutation argument.",
          code: "NO_SUCH_FILE",
        },
      ],
    });
    const two = `mutation t($id: ID!, $tags: [String!]!) { a: tagsAdd(id: $id, tags: $tags) { userErrors { message } } b: tagsRemove(id: $id, tags: $tags) { userErrors { message } } }`;
    expect((await run(two, "x")).data.bulkOperationRunMutation.userErrors).toEqual([
      { field: ["mutation"], message: "You must specify a single top level mutation.", code: null },
    ]);
  });
});
