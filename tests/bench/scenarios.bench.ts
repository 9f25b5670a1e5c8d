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
// Part (b) — evaluating due steps on a 250k-customer store (dueSeconds), the firing pace against the
// Flow/API bound (firedRatio) and THROTTLED responses (throttled) — needs the scenario engine in the
// app (jobs, persistence, the paced client), which is not built yet: those keys are null and listed in
// "notMeasured". Exit code 1 only when part (a) could not be measured.
import { createRandom } from "../../app/domain/clv/simulate";
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

function main(): number {
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

  const lines = [
    `(a) ${STORES} simulated stores, ${entrants} entrants, seed ${SEED}, ${seconds.toFixed(2)} s`,
    `    conversion interval coverage ${coverage.toFixed(3)} (target >= ${COVERAGE_TARGET}${coverage >= COVERAGE_TARGET ? "" : " — BELOW TARGET"}; ±${(1.96 * Math.sqrt((0.95 * 0.05) / STORES)).toFixed(3)} from sampling alone)`,
    `    mean bias of the conversion uplift ${bias.toExponential(2)} (rate units; its standard error ${biasStandardError.toExponential(2)})`,
    `    revenue-per-entrant interval coverage ${revenueCoverage.toFixed(3)}`,
    `(b) not measured: due-step evaluation on a 250k store, firing pace and THROTTLED need the scenario engine in the app (not built yet)`,
  ];
  process.stdout.write(lines.join("\n") + "\n");
  if (json) {
    process.stdout.write(
      JSON.stringify({
        coverage,
        bias,
        dueSeconds: null,
        firedRatio: null,
        throttled: null,
        revenueCoverage,
        notMeasured: ["dueSeconds", "firedRatio", "throttled"],
      }) + "\n",
    );
  }
  return 0;
}

process.exitCode = main();
