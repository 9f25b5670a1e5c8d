// Scenarios and their runtime rows: the scenario (definition JSON, status, its marketing activity and
// shared code), each entry of a customer (holdout drawn once at entry), and each step of a treated
// entry (scheduled at entry, claimed, fired once by its unique idempotency key).
import prisma from "../db.server";
import type { Admission, ExitReason, ScheduledStep } from "../domain/scenarios/runtime";

export type ScenarioStatus = "draft" | "active" | "paused";
export const SCENARIO_STATUSES: readonly ScenarioStatus[] = ["draft", "active", "paused"];

export interface StoredScenario {
  id: number;
  shop: string;
  /** The parsed definition JSON (app/domain/scenarios/definition.ts validates it before it is stored). */
  definition: unknown;
  status: ScenarioStatus;
  activatedAt: Date | null;
  marketingActivityId: string | null;
  sharedDiscountId: string | null;
  sharedDiscountCode: string | null;
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

/** Shops with at least one active scenario (the scenario tick runs for them). */
export async function listShopsWithActiveScenarios(): Promise<string[]> {
  const rows = await prisma.scenario.findMany({ where: { status: "active" }, distinct: ["shop"], select: { shop: true } });
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
  const startWatermark = status === "active" ? await newestTransitionId(shop) : undefined;
  await prisma.scenario.update({
    where: { id },
    data: status === "active" ? { status, activatedAt: now, evaluatedThrough: now, transitionsThroughId: startWatermark } : { status },
  });
  return true;
}

async function newestTransitionId(shop: string): Promise<number> {
  const newest = await prisma.segmentTransition.findFirst({ where: { shop }, orderBy: { id: "desc" }, select: { id: true } });
  return newest?.id ?? 0;
}

export async function recordMarketingActivity(id: number, marketingActivityId: string): Promise<void> {
  await prisma.scenario.update({ where: { id }, data: { marketingActivityId } });
}

export async function recordSharedDiscount(id: number, sharedDiscountId: string, sharedDiscountCode: string): Promise<void> {
  await prisma.scenario.update({ where: { id }, data: { sharedDiscountId, sharedDiscountCode } });
}

export async function advanceEvaluation(id: number, evaluatedThrough: Date, transitionsThroughId: number): Promise<void> {
  await prisma.scenario.update({ where: { id }, data: { evaluatedThrough, transitionsThroughId } });
}

// ---------------------------------------------------------------------------------------------
// Entries

const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Each customer's latest entry into the scenario (entry number, exit), for the given customers. */
export async function loadLatestEntries(
  scenarioId: number,
  customerIds: readonly string[],
): Promise<Map<string, { entryNumber: number; exitedAt: Date | null }>> {
  const latest = new Map<string, { entryNumber: number; exitedAt: Date | null }>();
  for (const chunk of chunks([...new Set(customerIds)])) {
    const rows = await prisma.scenarioEntry.findMany({
      where: { scenarioId, customerId: { in: chunk } },
      select: { customerId: true, entryNumber: true, exitedAt: true },
    });
    for (const row of rows) {
      const seen = latest.get(row.customerId);
      if (!seen || row.entryNumber > seen.entryNumber) latest.set(row.customerId, { entryNumber: row.entryNumber, exitedAt: row.exitedAt });
    }
  }
  return latest;
}

/** Entering events already used by this scenario (so a replayed event does not enter again). */
export async function loadUsedEntryKeys(scenarioId: number, entryKeys: readonly string[]): Promise<Set<string>> {
  const used = new Set<string>();
  for (const chunk of chunks([...new Set(entryKeys)])) {
    const rows = await prisma.scenarioEntry.findMany({ where: { scenarioId, entryKey: { in: chunk } }, select: { entryKey: true } });
    for (const row of rows) used.add(row.entryKey);
  }
  return used;
}

/**
 * Write the admitted entries and, for the treated ones, their scheduled steps — per chunk in one
 * transaction, so an entry never exists without its steps.
 */
export async function insertEntries(
  shop: string,
  scenarioId: number,
  admissions: readonly Admission[],
  stepsOf: (admission: Admission) => ScheduledStep[],
): Promise<void> {
  for (const chunk of chunks(admissions)) {
    await prisma.$transaction(async (tx) => {
      await tx.scenarioEntry.createMany({
        data: chunk.map((a) => ({
          shop,
          scenarioId,
          customerId: a.customerId,
          entryNumber: a.entryNumber,
          entryKey: a.entryKey,
          enteredAt: a.enteredAt,
          holdout: a.holdout,
        })),
      });
      const treated = chunk.filter((a) => !a.holdout);
      if (treated.length === 0) return;
      const rows = await tx.scenarioEntry.findMany({
        where: { scenarioId, entryKey: { in: treated.map((a) => a.entryKey) } },
        select: { id: true, entryKey: true },
      });
      const idOf = new Map(rows.map((row) => [row.entryKey, row.id]));
      await tx.stepFire.createMany({
        data: treated.flatMap((a) =>
          stepsOf(a).map((step) => ({
            shop,
            scenarioId,
            entryId: idOf.get(a.entryKey)!,
            stepIndex: step.stepIndex,
            dueAt: step.dueAt,
            idempotencyKey: step.idempotencyKey,
          })),
        ),
      });
    });
  }
}

export interface OpenEntry {
  id: number;
  customerId: string;
  entryNumber: number;
  enteredAt: Date;
  holdout: boolean;
}

/** The scenario's entries that have not exited, a page at a time by id. */
export async function loadOpenEntries(scenarioId: number, afterId: number, limit: number): Promise<OpenEntry[]> {
  return prisma.scenarioEntry.findMany({
    where: { scenarioId, exitedAt: null, id: { gt: afterId } },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, customerId: true, entryNumber: true, enteredAt: true, holdout: true },
  });
}

/** Close entries; their steps not yet fired (claimed or not) are dropped in the same transaction. */
export async function exitEntries(exits: readonly { entryId: number; exitedAt: Date; reason: ExitReason }[]): Promise<void> {
  for (const chunk of chunks(exits)) {
    await prisma.$transaction(async (tx) => {
      for (const exit of chunk) {
        await tx.scenarioEntry.update({ where: { id: exit.entryId }, data: { exitedAt: exit.exitedAt, exitReason: exit.reason } });
      }
      await tx.stepFire.deleteMany({ where: { entryId: { in: chunk.map((e) => e.entryId) }, firedAt: null, claimedAt: null } });
    });
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
  const entries = new Map<number, { customerId: string; exitedAt: Date | null }>();
  for (const chunk of chunks([...new Set(rows.map((r) => r.entryId))])) {
    const found = await prisma.scenarioEntry.findMany({
      where: { id: { in: chunk } },
      select: { id: true, customerId: true, exitedAt: true },
    });
    for (const entry of found) entries.set(entry.id, entry);
  }
  return rows
    .map((row) => ({ ...row, customerId: entries.get(row.entryId)!.customerId, entryExitedAt: entries.get(row.entryId)!.exitedAt }))
    .sort((a, b) => Number(b.claimedAt !== null) - Number(a.claimedAt !== null));
}

/** Written just before a step's calls to Shopify: a crash after this leaves a claimed step to check. */
export async function claimStep(id: number, at: Date): Promise<void> {
  await prisma.stepFire.update({ where: { id }, data: { claimedAt: at } });
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
  for (const chunk of chunks(entries)) {
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
    const ordersOf = new Map<string, typeof orders>();
    for (const order of orders) ordersOf.set(order.customerId!, [...(ordersOf.get(order.customerId!) ?? []), order]);
    const fires = await prisma.stepFire.findMany({
      where: { entryId: { in: chunk.map((e) => e.id) }, firedAt: { not: null, lte: asOf } },
      select: { entryId: true, stepIndex: true, discountAmount: true },
    });
    const firesOf = new Map<number, typeof fires>();
    for (const fire of fires) firesOf.set(fire.entryId, [...(firesOf.get(fire.entryId) ?? []), fire]);
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
