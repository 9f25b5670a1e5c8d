// The scenario pages' reads: a scenario with its parsed definition and the shop's calendar and
// currency, and its results (entries' outcomes from app/models/scenario.server.ts, summarised by
// app/domain/scenarios/results.ts).
import prisma from "../db.server";
import { parseScenarioDefinition, type ScenarioDefinition } from "../domain/scenarios/definition";
import { summarizeScenarioResults, type ScenarioResults } from "../domain/scenarios/results";
import { listScenarios, loadScenario, loadScenarioOutcomes, type ScenarioStatus } from "./scenario.server";

export interface ShopCalendar {
  currencyCode: string;
  timeZone: string;
  reviewDelayDays: number;
}

export async function loadShopCalendar(shop: string): Promise<ShopCalendar> {
  const row = await prisma.shop.findUnique({ where: { shop }, select: { currencyCode: true, ianaTimezone: true, reviewDelayDays: true } });
  return { currencyCode: row?.currencyCode ?? "USD", timeZone: row?.ianaTimezone ?? "UTC", reviewDelayDays: row?.reviewDelayDays ?? 14 };
}

export interface ScenarioSummary {
  id: number;
  status: ScenarioStatus;
  activatedAt: string | null;
  /** Run by the demo's shopper simulator: its results are labelled simulated. */
  simulated: boolean;
  /** Null when the stored definition no longer reads as valid (shown as such, never dropped). */
  definition: ScenarioDefinition | null;
}

function summary(row: {
  id: number;
  status: ScenarioStatus;
  activatedAt: Date | null;
  simulated: boolean;
  definition: unknown;
}): ScenarioSummary {
  const parsed = parseScenarioDefinition(row.definition);
  return {
    id: row.id,
    status: row.status,
    activatedAt: row.activatedAt?.toISOString() ?? null,
    simulated: row.simulated,
    definition: parsed.ok ? parsed.definition : null,
  };
}

export async function loadScenarioList(shop: string): Promise<ScenarioSummary[]> {
  return (await listScenarios(shop)).map(summary);
}

export async function loadScenarioSummary(shop: string, id: number): Promise<ScenarioSummary | null> {
  const row = await loadScenario(shop, id);
  return row ? summary(row) : null;
}

/** The results as of `asOf`: every entry by then, with conversion inside the definition's window. */
export async function loadScenarioResults(
  shop: string,
  id: number,
  asOf: Date,
): Promise<{ scenario: ScenarioSummary; results: ScenarioResults } | null> {
  const scenario = await loadScenarioSummary(shop, id);
  if (!scenario?.definition) return null;
  const { timeZone } = await loadShopCalendar(shop);
  const outcomes = await loadScenarioOutcomes(shop, id, scenario.definition.conversionWindowDays, asOf);
  return { scenario, results: summarizeScenarioResults(scenario.definition, outcomes, asOf, timeZone) };
}
