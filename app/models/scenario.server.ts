// Scenarios and their runtime rows: the scenario (definition JSON, status, its marketing activity), each
// entry of a customer (holdout drawn once at entry), and each step of a treated entry (scheduled at entry, claimed, fired once by its unique idempotency key).
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { databaseDialect, rawDate } from "../db-dialect";
import { createSqliteDateTime } from "../db-sqlite-date-time";
import { chunks } from "../domain/chunks";
import { groupBy, groupByCustomer } from "../domain/group-by";
import type { Admission, ExitReason, ScheduledStep } from "../domain/scenarios/runtime";
import { loadOrderProducts } from "./order.server";
import { latestTransitionId } from "./shop-aggregate.server";

export type ScenarioStatus = "draft" | "active" | "paused";

export interface StoredScenario {
  id: number;
  shop: string;
  /** The parsed definition JSON (app/domain/scenarios/definition.ts validates it before it is stored). */
  definition: unknown;
  status: ScenarioStatus;
  activatedAt: Date | null;
  marketingActivityId: string | null;
  /** Run by the demo's shopper simulator on its own clock, never by the scenario tick (its results say so). */
  simulated: boolean;
  transitionsThroughId: number;
  evaluatedThrough: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

type ScenarioRow = Awaited<ReturnType<typeof prisma.scenario.findFirstOrThrow>>;

function stored(row: ScenarioRow): StoredScenario {
  return { ...row, definition: JSON.parse(row.definition) as unknown, status: row.status as ScenarioStatus };
}

/** A new scenario, as a draft. */
export async function createScenario(shop: string, definition: unknown): Promise<StoredScenario> {
  return stored(await prisma.scenario.create({ data: { shop, definition: JSON.stringify(definition) } }));
}

/** The shop's scenario, or null (another shop's id is not found). */
export async function loadScenario(shop: string, id: number): Promise<StoredScenario | null> {
  const row = await prisma.scenario.findFirst({ where: { shop, id } });
  return row ? stored(row) : null;
}

export async function listScenarios(shop: string, status?: ScenarioStatus): Promise<StoredScenario[]> {
  const rows = await prisma.scenario.findMany({ where: { shop, ...(status ? { status } : {}) }, orderBy: { id: "asc" } });
  return rows.map(stored);
}

/** Shops with at least one active scenario that is not simulated (the scenario tick runs for them). */
export async function listShopsWithActiveScenarios(): Promise<string[]> {
  const rows = await prisma.scenario.findMany({
    where: { status: "active", simulated: false },
    distinct: ["shop"],
    select: { shop: true },
  });
  return rows.map((row) => row.shop);
}

/** Replace the definition. Entries already made keep their holdout and their scheduled steps. */
export async function updateScenarioDefinition(shop: string, id: number, definition: unknown): Promise<boolean> {
  const { count } = await prisma.scenario.updateMany({ where: { shop, id }, data: { definition: JSON.stringify(definition) } });
  return count === 1;
}

/**
 * Start, pause or return to draft. Starting sets activatedAt (events before it enter nobody) and the
 * evaluation watermarks to that instant, so a paused scenario resumed later does not back-fill.
 */
export async function setScenarioStatus(shop: string, id: number, status: ScenarioStatus, now: Date): Promise<boolean> {
  const current = await prisma.scenario.findFirst({ where: { shop, id }, select: { status: true } });
  if (!current) return false;
  if (current.status === status) return true;
  const startWatermark = status === "active" ? await latestTransitionId(shop) : undefined;
  await prisma.scenario.update({
    where: { id },
    data: status === "active" ? { status, activatedAt: now, evaluatedThrough: now, transitionsThroughId: startWatermark } : { status },
  });
  return true;
}

export async function recordMarketingActivity(id: number, marketingActivityId: string): Promise<void> {
  await prisma.scenario.update({ where: { id }, data: { marketingActivityId } });
}

export async function advanceEvaluation(id: number, evaluatedThrough: Date, transitionsThroughId: number): Promise<void> {
  await prisma.scenario.update({ where: { id }, data: { evaluatedThrough, transitionsThroughId } });
}

// ---------------------------------------------------------------------------------------------
// Entries

const CHUNK = 500;

/** What the scenario already knows of some customers: the entering events it used and each one's latest entry. */
export interface EntryHistory {
  usedEntryKeys: Set<string>;
  latest: Map<string, { entryNumber: number; exitedAt: Date | null }>;
}

/**
 * The scenario's entries of the given customers (an entering event belongs to one customer, so their
 * entries hold every key they used). Read in one pass over the scenario's entries when there are not
 * many more of them than customers asked for, else by customer: a query per 500 customers costs more
 * than reading a few thousand rows.
 */
export async function loadEntryHistory(scenarioId: number, customerIds: readonly string[]): Promise<EntryHistory> {
  const history: EntryHistory = { usedEntryKeys: new Set(), latest: new Map() };
  const wanted = new Set(customerIds);
  if (wanted.size === 0) return history;
  const select = { customerId: true, entryKey: true, entryNumber: true, exitedAt: true } as const;
  const add = (rows: { customerId: string; entryKey: string; entryNumber: number; exitedAt: Date | null }[]) => {
    for (const row of rows) {
      if (!wanted.has(row.customerId)) continue;
      history.usedEntryKeys.add(row.entryKey);
      const seen = history.latest.get(row.customerId);
      if (!seen || row.entryNumber > seen.entryNumber)
        history.latest.set(row.customerId, { entryNumber: row.entryNumber, exitedAt: row.exitedAt });
    }
  };
  const entries = await prisma.scenarioEntry.count({ where: { scenarioId } });
  if (entries <= 4 * wanted.size) {
    add(await prisma.scenarioEntry.findMany({ where: { scenarioId }, select }));
    return history;
  }
  for (const chunk of chunks([...wanted], CHUNK))
    add(await prisma.scenarioEntry.findMany({ where: { scenarioId, customerId: { in: chunk } }, select }));
  return history;
}

/** Values for raw statements as each database stores them (SQLite: Prisma's DateTime text). */
function sqlDate(): (date: Date) => Date | string {
  if (databaseDialect().name === "postgresql") return (date) => date;
  return createSqliteDateTime();
}

// Rows per statement: each chunk's rows travel as one JSON parameter (db-dialect.ts recordsTable).
const ENTRIES_PER_STATEMENT = 10_000;

/**
 * Write the admitted entries and, for the treated ones, their scheduled steps, per chunk in one
 * transaction (an entry never exists without its steps): an INSERT … SELECT of the entries from one
 * JSON parameter, then one of the steps, joined to their entries by entering event (CROSS JOIN: SQLite
 * keeps the JSON rows outside and looks each entry up by its unique key). Returns the id
 * after which this write's entries come (the scope of their exit check: ExitScope "after").
 */
export async function insertEntries(
  shop: string,
  scenarioId: number,
  admissions: readonly Admission[],
  stepsOf: (admission: Admission) => ScheduledStep[],
): Promise<{ afterEntryId: number }> {
  const dialect = databaseDialect();
  const newest = await prisma.scenarioEntry.findFirst({ where: { scenarioId }, orderBy: { id: "desc" }, select: { id: true } });
  for (const chunk of chunks(admissions, ENTRIES_PER_STATEMENT)) {
    const entries = dialect.recordsTable(
      chunk.map((a) => ({ ...a })),
      {
        customerId: "text",
        entryNumber: "integer",
        entryKey: "text",
        enteredAt: "timestamp",
        holdout: "boolean",
      },
    );
    const steps = dialect.recordsTable(
      chunk.filter((a) => !a.holdout).flatMap((a) => stepsOf(a).map((step) => ({ entryKey: a.entryKey, ...step }))),
      { entryKey: "text", stepIndex: "integer", dueAt: "timestamp", idempotencyKey: "text" },
    );
    await prisma.$transaction([
      prisma.$executeRaw`
        INSERT INTO "ScenarioEntry" ("shop", "scenarioId", "customerId", "entryNumber", "entryKey", "enteredAt", "holdout")
        SELECT ${shop}, ${scenarioId}, v."customerId", v."entryNumber", v."entryKey", v."enteredAt", v."holdout" FROM ${entries}`,
      prisma.$executeRaw`
        INSERT INTO "StepFire" ("shop", "scenarioId", "entryId", "stepIndex", "dueAt", "idempotencyKey")
        SELECT ${shop}, ${scenarioId}, e."id", v."stepIndex", v."dueAt", v."idempotencyKey"
          FROM ${steps} CROSS JOIN "ScenarioEntry" e
         WHERE e."scenarioId" = ${scenarioId} AND e."entryKey" = v."entryKey"`,
    ]);
  }
  return { afterEntryId: newest?.id ?? 0 };
}

/** Which open entries an exit evaluation looks at. */
export type ExitScope =
  /** Every open entry (at-risk scenarios: the flag clears without an event). */
  | { kind: "all" }
  /** Entries of customers with a segment move in (afterId, throughId], or an order or review in (from, through]. */
  | { kind: "touched"; transitionsAfterId: number; transitionsThroughId: number; from: Date; through: Date }
  /** The entries written after this id (insertEntries returns it; jobs of a shop run one at a time). */
  | { kind: "after"; entryId: number };

/** What keeps an entrant in the scenario's segment: a stage (segment transitions), the at-risk flag, or nothing. */
export type SegmentMembership = { stage: string } | { atRisk: true } | null;

export interface OpenEntryFacts {
  entryId: number;
  customerId: string;
  enteredAt: Date;
  /** The customer's first non-test, non-cancelled order after entering (any time: the caller compares with now). */
  firstOrderAfterEntry: Date | null;
  firstReviewAfterEntry: Date | null;
  stage: string | null;
  atRisk: boolean;
}

const rawDateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : rawDate(value));

/**
 * The open entries in scope that may exit, with what decides it, in one statement: those with an order
 * or a review after entering, or outside `membership` (the caller's exit rule decides from these facts;
 * the others stay open whatever the rule).
 */
export async function loadOpenEntryFacts(
  shop: string,
  scenarioId: number,
  scope: ExitScope,
  withReviews: boolean,
  membership: SegmentMembership,
): Promise<OpenEntryFacts[]> {
  const date = sqlDate();
  const where =
    scope.kind === "all"
      ? Prisma.empty
      : scope.kind === "touched"
        ? Prisma.sql`AND (e."customerId" IN (SELECT "customerId" FROM "SegmentTransition" WHERE "shop" = ${shop} AND "id" > ${scope.transitionsAfterId} AND "id" <= ${scope.transitionsThroughId})
              OR e."customerId" IN (SELECT "customerId" FROM "Order" WHERE "shop" = ${shop} AND NOT "test" AND "processedAt" > ${date(scope.from)} AND "processedAt" <= ${date(scope.through)})
              OR e."customerId" IN (SELECT "customerId" FROM "Review" WHERE "shop" = ${shop} AND "createdAt" > ${date(scope.from)} AND "createdAt" <= ${date(scope.through)}))`
        : Prisma.sql`AND e."id" > ${scope.entryId}`;
  const review = withReviews
    ? Prisma.sql`(SELECT MIN(r."createdAt") FROM "Review" r WHERE r."shop" = e."shop" AND r."customerId" = e."customerId" AND r."createdAt" > e."enteredAt")`
    : Prisma.sql`NULL`;
  const outside =
    membership === null
      ? Prisma.sql`FALSE`
      : "stage" in membership
        ? Prisma.sql`(f."stage" IS NULL OR f."stage" <> ${membership.stage})`
        : Prisma.sql`(f."atRisk" IS NULL OR NOT f."atRisk")`;
  const rows = await prisma.$queryRaw<Record<string, unknown>[]>`
    SELECT * FROM (
      SELECT e."id", e."customerId", e."enteredAt", c."stage", c."atRisk",
        (SELECT MIN(o."processedAt") FROM "Order" o
          WHERE o."shop" = e."shop" AND o."customerId" = e."customerId" AND NOT o."test" AND NOT o."cancelled" AND o."processedAt" > e."enteredAt") AS "firstOrder",
        ${review} AS "firstReview"
      FROM "ScenarioEntry" e LEFT JOIN "Customer" c ON c."shop" = e."shop" AND c."id" = e."customerId"
      WHERE e."shop" = ${shop} AND e."scenarioId" = ${scenarioId} AND e."exitedAt" IS NULL ${where}
    ) f
    WHERE f."firstOrder" IS NOT NULL OR f."firstReview" IS NOT NULL OR ${outside}
    ORDER BY f."id"`;
  return rows.map((row) => ({
    entryId: Number(row.id),
    customerId: String(row.customerId),
    enteredAt: rawDate(row.enteredAt),
    firstOrderAfterEntry: rawDateOrNull(row.firstOrder),
    firstReviewAfterEntry: rawDateOrNull(row.firstReview),
    stage: row.stage === null || row.stage === undefined ? null : String(row.stage),
    atRisk: Boolean(Number(row.atRisk ?? 0)),
  }));
}

/**
 * Close entries, one chunk per transaction: one UPDATE from the exits as records, and their steps not
 * yet fired (claimed or not) deleted by one statement over the same records (no bound parameter per id).
 */
export async function exitEntries(shop: string, exits: readonly { entryId: number; exitedAt: Date; reason: ExitReason }[]): Promise<void> {
  const dialect = databaseDialect();
  for (const chunk of chunks(exits, ENTRIES_PER_STATEMENT)) {
    const records = chunk.map((e) => ({ id: e.entryId, exitedAt: e.exitedAt, exitReason: e.reason }));
    await prisma.$transaction([
      prisma.$executeRaw(
        dialect.updateFromRecords({
          table: "ScenarioEntry",
          shop,
          key: "id",
          records,
          columns: { id: "integer", exitedAt: "timestamp", exitReason: "text" },
        }),
      ),
      prisma.$executeRaw`
        DELETE FROM "StepFire" WHERE "shop" = ${shop} AND "firedAt" IS NULL AND "claimedAt" IS NULL
           AND "entryId" IN (SELECT v."id" FROM ${dialect.recordsTable(records, { id: "integer" })})`,
    ]);
  }
}

// ---------------------------------------------------------------------------------------------
// Steps

export interface DueStepRow {
  id: number;
  scenarioId: number;
  entryId: number;
  customerId: string;
  /** When the entry exited (a claimed step of an exited entry is checked, never sent again). */
  entryExitedAt: Date | null;
  /** The entering event ("fulfilled:<order GID>" for a review request). */
  entryKey: string;
  stepIndex: number;
  dueAt: Date;
  claimedAt: Date | null;
  idempotencyKey: string;
  discountCodeId: string | null;
  discountCode: string | null;
}

/** Steps of the given scenarios due by `now` and not fired, oldest due first, claimed ones (cut off by a crash) first. */
export async function loadDueSteps(shop: string, now: Date, scenarioIds: readonly number[], limit: number): Promise<DueStepRow[]> {
  const rows = await prisma.stepFire.findMany({
    where: { shop, firedAt: null, dueAt: { lte: now }, scenarioId: { in: [...scenarioIds] } },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    take: limit,
    select: {
      id: true,
      scenarioId: true,
      entryId: true,
      stepIndex: true,
      dueAt: true,
      claimedAt: true,
      idempotencyKey: true,
      discountCodeId: true,
      discountCode: true,
    },
  });
  const entries = new Map<number, { customerId: string; exitedAt: Date | null; entryKey: string }>();
  for (const chunk of chunks([...new Set(rows.map((r) => r.entryId))], CHUNK)) {
    const found = await prisma.scenarioEntry.findMany({
      where: { id: { in: chunk } },
      select: { id: true, customerId: true, exitedAt: true, entryKey: true },
    });
    for (const entry of found) entries.set(entry.id, entry);
  }
  return rows
    .map((row) => {
      const entry = entries.get(row.entryId)!;
      return { ...row, customerId: entry.customerId, entryExitedAt: entry.exitedAt, entryKey: entry.entryKey };
    })
    .sort((a, b) => Number(b.claimedAt !== null) - Number(a.claimedAt !== null));
}

/** Written just before a step's calls to Shopify: a crash after this leaves a claimed step to check. */
export async function claimStep(id: number, at: Date): Promise<void> {
  await prisma.stepFire.update({ where: { id }, data: { claimedAt: at } });
}

/** The scenario step's shared code fired last after `firedAfter`, if any: still live, so later entrants get it too. */
export async function findLiveSharedCode(
  shop: string,
  { scenarioId, stepIndex, firedAfter }: { scenarioId: number; stepIndex: number; firedAfter: Date },
): Promise<{ discountCodeId: string; discountCode: string } | null> {
  const live = await prisma.stepFire.findFirst({
    where: { shop, scenarioId, stepIndex, discountCode: { not: null }, firedAt: { gt: firedAfter } },
    orderBy: { firedAt: "asc" },
    select: { discountCodeId: true, discountCode: true },
  });
  return live && { discountCodeId: live.discountCodeId!, discountCode: live.discountCode! };
}

export async function recordStepDiscount(id: number, discountCodeId: string, discountCode: string): Promise<void> {
  await prisma.stepFire.update({ where: { id }, data: { discountCodeId, discountCode } });
}

/** A claimed step of an exited entry that Shopify never received: nothing is left to do for it. */
export async function dropStep(id: number): Promise<void> {
  await prisma.stepFire.delete({ where: { id } });
}

export async function markStepFired(id: number, at: Date): Promise<void> {
  await prisma.stepFire.update({ where: { id }, data: { firedAt: at } });
}

/** Fired offer steps whose redemption is not known yet, fired after `since`. */
export async function loadUnredeemedOffers(
  shop: string,
  since: Date,
  limit: number,
): Promise<{ id: number; entryId: number; discountCode: string; firedAt: Date }[]> {
  const rows = await prisma.stepFire.findMany({
    where: { shop, firedAt: { gte: since }, discountCode: { not: null }, redeemedOrderId: null },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, entryId: true, discountCode: true, firedAt: true },
  });
  return rows.map((row) => ({ ...row, discountCode: row.discountCode!, firedAt: row.firedAt! }));
}

/** The non-test orders processed in (after, through] of each entry's customer, by entry id. */
export async function loadEntrantOrders(
  shop: string,
  entryIds: readonly number[],
  { after, through }: { after: Date; through: Date },
): Promise<Map<number, { id: string; processedAt: Date }[]>> {
  const entries = await prisma.scenarioEntry.findMany({
    where: { shop, id: { in: [...new Set(entryIds)] } },
    select: { id: true, customerId: true },
  });
  const orders = await prisma.order.findMany({
    where: {
      shop,
      customerId: { in: [...new Set(entries.map((e) => e.customerId))] },
      processedAt: { gt: after, lte: through },
      test: false,
    },
    select: { id: true, customerId: true, processedAt: true },
  });
  const ordersOf = groupByCustomer(orders);
  return new Map(entries.map((entry) => [entry.id, ordersOf.get(entry.customerId) ?? []]));
}

export async function recordRedemption(id: number, orderId: string, discountAmount: number): Promise<void> {
  await prisma.stepFire.update({ where: { id }, data: { redeemedOrderId: orderId, discountAmount } });
}

// ---------------------------------------------------------------------------------------------
// Outcomes (the results page, app/models/scenario-results.server.ts)

export interface EntryOutcome {
  entryId: number;
  customerId: string;
  entryNumber: number;
  holdout: boolean;
  enteredAt: Date;
  exitedAt: Date | null;
  exitReason: ExitReason | null;
  /** A non-test, non-cancelled order within the conversion window after entry. */
  converted: boolean;
  /** Net revenue (total − refunds) of those orders, shop currency. */
  revenue: number;
  /** What the scenario's codes took off the entrant's orders (read back from Shopify). */
  discountCost: number;
  /** The step indexes fired for this entry (none for the holdout). */
  stepsFired: number[];
}

/**
 * Every entry of a scenario that entered by `asOf`, with its outcome: conversion and revenue from the
 * Order rows within `conversionWindowDays` of entry (and before `asOf`), discount cost and fired steps
 * from StepFire. An entry whose window is still open counts what happened so far.
 */
export async function loadScenarioOutcomes(
  shop: string,
  scenarioId: number,
  conversionWindowDays: number,
  asOf: Date,
): Promise<EntryOutcome[]> {
  const entries = await prisma.scenarioEntry.findMany({
    where: { shop, scenarioId, enteredAt: { lte: asOf } },
    orderBy: { id: "asc" },
    select: { id: true, customerId: true, entryNumber: true, holdout: true, enteredAt: true, exitedAt: true, exitReason: true },
  });
  const windowMs = conversionWindowDays * 86_400_000;
  const outcomes: EntryOutcome[] = [];
  for (const chunk of chunks(entries, CHUNK)) {
    const since = new Date(Math.min(...chunk.map((e) => e.enteredAt.getTime())));
    const orders = await prisma.order.findMany({
      where: {
        shop,
        customerId: { in: [...new Set(chunk.map((e) => e.customerId))] },
        processedAt: { gt: since, lte: asOf },
        test: false,
        cancelled: false,
      },
      select: { customerId: true, processedAt: true, totalPrice: true, totalRefunded: true },
    });
    const ordersOf = groupByCustomer(orders);
    const fires = await prisma.stepFire.findMany({
      where: { entryId: { in: chunk.map((e) => e.id) }, firedAt: { not: null, lte: asOf } },
      select: { entryId: true, stepIndex: true, discountAmount: true },
    });
    const firesOf = groupBy(fires, (fire) => fire.entryId);
    for (const entry of chunk) {
      const inWindow = (ordersOf.get(entry.customerId) ?? []).filter((o) => {
        const offset = o.processedAt.getTime() - entry.enteredAt.getTime();
        return offset > 0 && offset <= windowMs;
      });
      const entryFires = firesOf.get(entry.id) ?? [];
      outcomes.push({
        entryId: entry.id,
        customerId: entry.customerId,
        entryNumber: entry.entryNumber,
        holdout: entry.holdout,
        enteredAt: entry.enteredAt,
        exitedAt: entry.exitedAt,
        exitReason: entry.exitReason as ExitReason | null,
        converted: inWindow.length > 0,
        revenue: inWindow.reduce((sum, o) => sum + o.totalPrice - o.totalRefunded, 0),
        discountCost: entryFires.reduce((sum, f) => sum + (f.discountAmount ?? 0), 0),
        stepsFired: entryFires.map((f) => f.stepIndex).sort((a, b) => a - b),
      });
    }
  }
  return outcomes;
}

// ---------------------------------------------------------------------------------------------
// What a step carries (recommended products, the product to review)

/** The products of the customer's orders (OrderProducts), each once. */
export async function loadCustomerProductIds(shop: string, customerId: string): Promise<string[]> {
  const orders = await prisma.order.findMany({ where: { shop, customerId }, select: { id: true } });
  const lines = await loadOrderProducts(
    shop,
    orders.map((o) => o.id),
  );
  return [...new Set([...lines.values()].flat().map((line) => line.productId))];
}

/** The order's products, most units first (ties in the order's own order). */
export async function loadOrderProductIds(shop: string, orderId: string): Promise<string[]> {
  const lines = (await loadOrderProducts(shop, [orderId])).get(orderId) ?? [];
  return lines
    .map((line, index) => ({ ...line, index }))
    .sort((a, b) => b.quantity - a.quantity || a.index - b.index)
    .map((line) => line.productId);
}
