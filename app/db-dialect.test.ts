// The dialect module, one test per function, on the database under test (the suite runs it on SQLite,
// and `node tests/run-tests.mjs --no-sqlite app/db-dialect.test.ts` on PostgreSQL).
import { afterAll, describe, expect, it } from "vitest";
import { Prisma } from "@prisma/client";
import prisma from "./db.server";
import { databaseDialect, dialectOf } from "./db-dialect";
import { ORDER_COLUMNS } from "./models/order.server";
import { writeRows } from "./models/upsert-rows.server";

const SHOP = "dialect.myshopify.com";
const dialect = databaseDialect();
const AT = new Date("2026-11-01T01:02:03.456Z");
const LATER = new Date("2026-11-02T00:00:00.000Z");

afterAll(async () => {
  await prisma.order.deleteMany({ where: { shop: SHOP } });
});

describe("dialectOf", () => {
  it("tells SQLite and PostgreSQL apart by the URL, with their schema and job queue, and refuses any other URL by name", () => {
    expect(dialectOf("file:./prisma/dev.db")).toMatchObject({ name: "sqlite", prismaSchemaDir: "prisma", jobQueue: "in-process" });
    expect(dialectOf("postgresql://u:p@localhost:5432/tsunagu")).toMatchObject({
      name: "postgresql",
      prismaSchemaDir: "prisma/postgres",
      jobQueue: "pg-boss",
    });
    expect(dialectOf("postgres://u:p@localhost/tsunagu").name).toBe("postgresql");
    expect(() => dialectOf("mysql://u:p@localhost/tsunagu")).toThrow(
      "DATABASE_URL must be file:… (SQLite) or postgresql://… (got mysql:…)",
    );
  });
});

describe("adapterFactory", () => {
  it("connects Prisma's driver adapter to the database", async () => {
    const adapter = await dialect.adapterFactory().connect();
    try {
      const result = await adapter.queryRaw({ sql: "SELECT 41 + 1 AS answer", args: [], argTypes: [] });
      expect(result.rows.map(([answer]) => Number(answer))).toEqual([42]);
    } finally {
      await adapter.dispose();
    }
  });
});

describe("writeRows", () => {
  const order = (id: string, totalPrice: number) => [SHOP, id, null, AT, AT, totalPrice, 0, false, true, "PAID", null];

  it("inserts, updates on the key, deletes and sets columns by id, in one transaction; a failing step writes nothing", async () => {
    await writeRows([
      {
        upsert: {
          table: "Order",
          keyColumns: ["shop", "id"],
          columns: ORDER_COLUMNS,
          rows: [order("o1", 1000), order("o2", 2000), order("o3", 3000)],
        },
      },
    ]);
    await writeRows([
      {
        upsert: { table: "Order", keyColumns: ["shop", "id"], columns: ORDER_COLUMNS, rows: [[...order("o1", 1500).slice(0, -1), LATER]] },
      },
      { delete: { table: "Order", shop: SHOP, column: "id", values: ["o2"] } },
    ]);
    const orders = await prisma.order.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } });
    expect(orders.map((o) => [o.id, o.totalPrice, o.processedAt.toISOString(), o.fulfilledAt?.toISOString() ?? null, o.test])).toEqual([
      ["o1", 1500, AT.toISOString(), LATER.toISOString(), true],
      ["o3", 3000, AT.toISOString(), null, true],
    ]);

    const run = await prisma.syncRun.create({ data: { shop: SHOP, kind: "initial", status: "running" } });
    await writeRows([{ update: { table: "SyncRun", id: run.id, set: { ordersRead: 7, heartbeatAt: LATER, phase: undefined } } }]);
    expect(await prisma.syncRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      ordersRead: 7,
      heartbeatAt: LATER,
      phase: "records",
    });
    await prisma.syncRun.delete({ where: { id: run.id } });

    // processedAt may not be null: the whole batch, the delete before it included, rolls back.
    await expect(
      writeRows([
        { delete: { table: "Order", shop: SHOP, column: "id", values: ["o3"] } },
        {
          upsert: {
            table: "Order",
            keyColumns: ["shop", "id"],
            columns: ORDER_COLUMNS,
            rows: [[SHOP, "o4", null, null, AT, 1, 0, false, false, null, null]],
          },
        },
      ]),
    ).rejects.toThrow();
    expect((await prisma.order.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } })).map((o) => o.id)).toEqual(["o1", "o3"]);
  });
});

describe("updateFromRecords", () => {
  it("updates the shop's rows from their records in one statement: text, integers, doubles, instants and nulls", async () => {
    const customer = (id: string) => ({ shop: SHOP, id, shopifyCreatedAt: AT, shopifyUpdatedAt: AT, lastOrderAt: AT });
    await prisma.customer.createMany({
      data: [customer("c1"), customer("c2"), customer("c3"), { ...customer("c1"), shop: "other.myshopify.com" }],
    });
    const updated = await prisma.$executeRaw(
      dialect.updateFromRecords({
        table: "Customer",
        shop: SHOP,
        key: "id",
        records: [
          { id: "c1", stage: "vip", ordersCount: 12, netSpent: 98_765.5, lastOrderAt: LATER },
          { id: "c2", stage: "new", ordersCount: 1, netSpent: 0.25, lastOrderAt: null },
        ],
        columns: { id: "text", stage: "text", ordersCount: "integer", netSpent: "double", lastOrderAt: "timestamp" },
      }),
    );
    expect(updated).toBe(2);
    const rows = await prisma.customer.findMany({ where: { id: { in: ["c1", "c2", "c3"] } }, orderBy: [{ shop: "asc" }, { id: "asc" }] });
    expect(
      rows.map((c) => [c.shop === SHOP ? "this" : "other", c.id, c.stage, c.ordersCount, c.netSpent, c.lastOrderAt?.toISOString() ?? null]),
    ).toEqual([
      ["this", "c1", "vip", 12, 98_765.5, LATER.toISOString()],
      ["this", "c2", "new", 1, 0.25, null],
      ["this", "c3", "prospect", 0, 0, AT.toISOString()],
      ["other", "c1", "prospect", 0, 0, AT.toISOString()],
    ]);
    await prisma.customer.deleteMany({ where: { id: { in: ["c1", "c2", "c3"] } } });
  });
});

describe("tablesWithColumn", () => {
  it("lists exactly the tables of the schema's models with that column, Prisma's own tables left out", async () => {
    const withShop = Prisma.dmmf.datamodel.models.filter((m) => m.fields.some((f) => f.name === "shop")).map((m) => m.dbName ?? m.name);
    const rows = await prisma.$queryRaw<{ table: string }[]>(dialect.tablesWithColumn("shop"));
    expect(rows.map((r) => r.table).sort()).toEqual([...withShop].sort());
    expect(withShop.length).toBeGreaterThan(15);
  });
});

describe("insertAndNotify and listen", () => {
  const insertEvent = (id: string) =>
    Prisma.sql`INSERT INTO "WebhookEvent" ("shop", "eventId", "topic", "receivedAt") VALUES (${SHOP}, ${id}, 'orders/create', ${AT})
      ON CONFLICT ("shop", "eventId") DO NOTHING`;

  afterAll(async () => {
    await prisma.webhookEvent.deleteMany({ where: { shop: SHOP } });
  });

  it("returns one row per row inserted, none for a conflict; on PostgreSQL a listener in another connection hears each inserted row's key", async () => {
    const heard: string[] = [];
    const listening = dialect.notifies ? await dialect.listen("tsunagu_dialect_test", (key) => heard.push(key)) : undefined;
    try {
      const first = await prisma.$queryRaw<{ key: string }[]>(
        dialect.insertAndNotify(insertEvent("n-1"), "eventId", "tsunagu_dialect_test"),
      );
      const again = await prisma.$queryRaw<{ key: string }[]>(
        dialect.insertAndNotify(insertEvent("n-1"), "eventId", "tsunagu_dialect_test"),
      );
      const second = await prisma.$queryRaw<{ key: string }[]>(
        dialect.insertAndNotify(insertEvent("n-2"), "eventId", "tsunagu_dialect_test"),
      );
      expect([first, again, second].map((rows) => rows.map((row) => row.key))).toEqual([["n-1"], [], ["n-2"]]);
      if (listening) {
        for (let waited = 0; heard.length < 2 && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
        expect(heard).toEqual(["n-1", "n-2"]);
      }
    } finally {
      await listening?.close();
    }
    expect(dialect.notifies).toBe(dialect.name === "postgresql");
  });
});
