// Scenario measurement, part (a): 200 simulated stores with known true uplifts, measured by the same
// domain function as the results page (measureUplift).
//   npx tsx tests/bench/scenarios.bench.ts [--json]
//
// Each store gets one scenario with its own size (500–20,000 entrants, log-uniform), holdout share
// (10 % or 20 %), baseline conversion (1–20 %), relative lift (0–50 %) and order values (log-normal,
// median ¥3,000–¥12,000, σ 0.5–1.2), all drawn from one fixed seed. Reported:
// - coverage: share of stores whose 95 % conversion interval contains the true uplift (target ≥ 0.93);
// - bias: mean of (estimated − true) conversion uplift, in rate units;
// - revenueCoverage: the same for the revenue-per-entrant interval (informative, no target).
// Part (b): a 250,000-customer store (Asia/Tokyo, standard plan: 2,000-point bucket, 100 points/s) in
// a fresh SQLite database and the emulator, with a win-back scenario active (10 % holdout; day 0 brand,
// day 7 offer) and 25,000 customers (10 %) just moved to dormant:
// - dueSeconds: the scenario tick's evaluation at 09:00 shop time (25,000 entrants admitted, holdout
//   drawn, 45,000 steps scheduled) plus the query of the steps due (target ≤ 5 s);
// - firedRatio: steps fired by fireDueSteps through the paced admin client in FIRE_SECONDS, over what
//   the cost bucket allows in that time, (bucket at start + restore rate × elapsed) / cost of a step
//   (FlowTriggerWithWitness: two mutations, 20 points) — target ≥ 0.9;
// - throttled: THROTTLED answers the client received (target 0).
// Exit code 1 when a part could not be measured.
import { createRandom } from "../../app/domain/clv/simulate";
import { useFreshDatabase } from "./bench-setup";
import { simulateOutcomes, trueRevenuePerEntrant, type SimulatedScenario } from "../../app/domain/scenarios/simulate-outcomes";
import { measureUplift } from "../../app/domain/scenarios/uplift";

const STORES = 200;
const SEED = 20_260_101;
const COVERAGE_TARGET = 0.93;

interface StoreResult {
  covered: boolean;
  revenueCovered: boolean;
  error: number;
}

function simulateStores(): { stores: StoreResult[]; entrants: number } {
  const random = createRandom(SEED);
  const between = (low: number, high: number) => low + (high - low) * random.uniform();
  const stores: StoreResult[] = [];
  let entrants = 0;
  for (let store = 0; store < STORES; store++) {
    const holdoutRate = between(0.01, 0.2);
    const scenario: SimulatedScenario = {
      entrants: Math.round(Math.exp(between(Math.log(500), Math.log(20_000)))),
      holdoutShare: random.uniform() < 0.5 ? 0.1 : 0.2,
      holdoutRate,
      treatedRate: holdoutRate * (1 + between(0, 0.5)),
      spendLogMedian: between(Math.log(3000), Math.log(12_000)),
      spendLogSd: between(0.5, 1.2),
    };
    const outcomes = simulateOutcomes(scenario, SEED + store + 1);
    entrants += outcomes.length;
    const result = measureUplift(outcomes, { holdoutShare: scenario.holdoutShare });
    const trueUplift = scenario.treatedRate - scenario.holdoutRate;
    const trueRevenueUplift = trueRevenuePerEntrant(scenario.treatedRate, scenario) - trueRevenuePerEntrant(scenario.holdoutRate, scenario);
    stores.push({
      covered: result.conversionCi[0] <= trueUplift && trueUplift <= result.conversionCi[1],
      revenueCovered: result.revenueCi[0] <= trueRevenueUplift && trueRevenueUplift <= result.revenueCi[1],
      error: result.conversionUplift - trueUplift,
    });
  }
  return { stores, entrants };
}

const STORE_CUSTOMERS = 250_000;
const DORMANT_MOVES = 25_000;
const STEPS_TO_FIRE = 400;
const STEP_COST = 20;
const DAY_MS = 86_400_000;

interface FiringResult {
  customers: number;
  entrants: number;
  heldOut: number;
  stepsScheduled: number;
  evaluateSeconds: number;
  dueQuerySeconds: number;
  dueSeconds: number;
  fired: number;
  fireSeconds: number;
  boundSteps: number;
  firedRatio: number;
  throttled: number;
}

async function measureFiring(): Promise<FiringResult> {
  useFreshDatabase("scenarios");
  const { default: prisma } = await import("../../app/db.server");
  const { evaluateScenarios } = await import("../../app/jobs/scenario-evaluate.server");
  const { fireDueSteps } = await import("../../app/jobs/scenario-fire-steps.server");
  const { createScenario, loadDueSteps, setScenarioStatus } = await import("../../app/models/scenario.server");
  const { registerShop } = await import("../../app/models/shop.server");
  const { createAdminClient } = await import("../../app/shopify/admin-client.server");
  const { defaultSegmentScenario } = await import("../../app/domain/scenarios/defaults");
  const { registerApp } = await import("../emulator/app-config");
  const { startEmulator } = await import("../emulator/server");
  const { createEmptyShop } = await import("../emulator/store");
  const { planNamed } = await import("../emulator/plans");
  const { TEST_APP } = await import("../helpers/test-app");

  // 09:00 in Tokyo on a Monday: the moves happened overnight.
  const nine = new Date("2026-11-02T00:00:00Z");
  const movedAt = new Date(nine.getTime() - 6 * 3_600_000);
  const shop = createEmptyShop({
    domain: "scenarios-bench.myshopify.com",
    ianaTimezone: "Asia/Tokyo",
    currencyCode: "JPY",
    now: nine,
    plan: planNamed("standard"),
  });
  for (let id = 1; id <= STORE_CUSTOMERS; id++) shop.addCustomer({ id, createdAt: "2025-01-01T00:00:00Z" });
  const emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [shop] });
  process.env.SHOPIFY_API_ORIGIN = emulator.url;
  try {
    await registerShop(shop.domain);
    await prisma.shop.update({ where: { shop: shop.domain }, data: { ianaTimezone: "Asia/Tokyo" } });
    const created = new Date("2025-01-01T00:00:00Z");
    for (let start = 1; start <= STORE_CUSTOMERS; start += 5_000) {
      await prisma.customer.createMany({
        data: Array.from({ length: Math.min(5_000, STORE_CUSTOMERS - start + 1) }, (_, k) => ({
          shop: shop.domain,
          id: `gid://shopify/Customer/${start + k}`,
          shopifyCreatedAt: created,
          shopifyUpdatedAt: created,
          // Every tenth customer has just become dormant (DORMANT_MOVES of them).
          stage: (start + k) % 10 === 0 ? "dormant" : "regular",
        })),
      });
    }
    const scenario = await createScenario(shop.domain, defaultSegmentScenario("dormant"));
    await setScenarioStatus(shop.domain, scenario.id, "active", new Date(movedAt.getTime() - DAY_MS));
    for (let batch = 0; batch < DORMANT_MOVES; batch += 5_000) {
      await prisma.segmentTransition.createMany({
        data: Array.from({ length: 5_000 }, (_, k) => ({
          shop: shop.domain,
          customerId: `gid://shopify/Customer/${(batch + k + 1) * 10}`,
          fromStage: "regular",
          toStage: "dormant",
          at: movedAt,
          reason: "bench",
        })),
      });
    }

    let started = performance.now();
    const summary = await evaluateScenarios({ shop: shop.domain, now: nine });
    const evaluateSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const due = await loadDueSteps(shop.domain, nine, [scenario.id], 200);
    const dueQuerySeconds = (performance.now() - started) / 1000;
    if (due.length === 0) throw new Error("no step is due after the evaluation");

    const admin = createAdminClient({ shop: shop.domain, accessToken: shop.accessToken });
    const bucketAtStart = shop.bucket.currentlyAvailable();
    started = performance.now();
    const fired = await fireDueSteps({ shop: shop.domain, admin, now: nine, limit: STEPS_TO_FIRE });
    const fireSeconds = (performance.now() - started) / 1000;
    // The marketing activity (one mutation, 10 points) was registered in the same run.
    const boundSteps = (bucketAtStart - 10 + shop.plan.restoreRate * fireSeconds) / STEP_COST;
    return {
      customers: STORE_CUSTOMERS,
      entrants: summary.entered,
      heldOut: summary.heldOut,
      stepsScheduled: summary.stepsScheduled,
      evaluateSeconds,
      dueQuerySeconds,
      dueSeconds: evaluateSeconds + dueQuerySeconds,
      fired: fired.fired,
      fireSeconds,
      boundSteps,
      firedRatio: fired.fired / boundSteps,
      throttled: admin.stats.throttled,
    };
  } finally {
    await emulator.close();
    await prisma.$disconnect();
  }
}

async function main(): Promise<number> {
  const json = process.argv.includes("--json");
  const started = performance.now();
  let measured: ReturnType<typeof simulateStores>;
  try {
    measured = simulateStores();
  } catch (error) {
    process.stderr.write(`bench:scenarios: part (a) could not be measured: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
  const { stores, entrants } = measured;
  const share = (count: number) => count / stores.length;
  const coverage = share(stores.filter((s) => s.covered).length);
  const revenueCoverage = share(stores.filter((s) => s.revenueCovered).length);
  const bias = stores.reduce((sum, s) => sum + s.error, 0) / stores.length;
  const biasStandardError = Math.sqrt(stores.reduce((sum, s) => sum + (s.error - bias) ** 2, 0) / (stores.length - 1) / stores.length);
  const seconds = (performance.now() - started) / 1000;

  let firing: FiringResult | null = null;
  try {
    firing = await measureFiring();
  } catch (error) {
    process.stderr.write(`bench:scenarios: part (b) could not be measured: ${(error as Error).stack ?? String(error)}\n`);
  }

  const lines = [
    `(a) ${STORES} simulated stores, ${entrants} entrants, seed ${SEED}, ${seconds.toFixed(2)} s`,
    `    conversion interval coverage ${coverage.toFixed(3)} (target >= ${COVERAGE_TARGET}${coverage >= COVERAGE_TARGET ? "" : " — BELOW TARGET"}; ±${(1.96 * Math.sqrt((0.95 * 0.05) / STORES)).toFixed(3)} from sampling alone)`,
    `    mean bias of the conversion uplift ${bias.toExponential(2)} (rate units; its standard error ${biasStandardError.toExponential(2)})`,
    `    revenue-per-entrant interval coverage ${revenueCoverage.toFixed(3)}`,
    firing
      ? [
          `(b) ${firing.customers} customers, ${firing.entrants} entrants (${firing.heldOut} held out), ${firing.stepsScheduled} steps scheduled`,
          `    due-step evaluation ${firing.dueSeconds.toFixed(2)} s (entries and steps ${firing.evaluateSeconds.toFixed(2)} s, due query ${firing.dueQuerySeconds.toFixed(3)} s; target <= 5 s)`,
          `    fired ${firing.fired} steps in ${firing.fireSeconds.toFixed(1)} s: ${(firing.fired / firing.fireSeconds).toFixed(2)}/s, bound ${firing.boundSteps.toFixed(1)} steps (ratio ${firing.firedRatio.toFixed(3)}, target >= 0.9), THROTTLED ${firing.throttled}`,
        ].join("\n")
      : "(b) not measured (see the error above)",
  ];
  process.stdout.write(lines.join("\n") + "\n");
  if (json) {
    process.stdout.write(
      JSON.stringify({
        coverage,
        bias,
        dueSeconds: firing?.dueSeconds ?? null,
        firedRatio: firing?.firedRatio ?? null,
        throttled: firing?.throttled ?? null,
        revenueCoverage,
        ...(firing ? {} : { notMeasured: ["dueSeconds", "firedRatio", "throttled"] }),
      }) + "\n",
    );
  }
  return firing ? 0 : 1;
}

void main().then((code) => {
  process.exitCode = code;
});
