// Predicted customer value on the real CDNOW data (Fader, Hardie & Lee 2005).
//   npx tsx tests/bench/clv.bench.ts [--json]
// Calibration: the first 39 weeks (through 1997-09-30); holdout: the next 39 weeks (to 1998-06-30).
// Timings are medians of several runs (the machine is shared). With --json the last line printed is one
// JSON object with the headline figures.
import { type BgNbdParams, expectedPurchases, fitBgNbd, fitMbgNbd } from "../../app/domain/clv/bg-nbd";
import { fitGammaGamma } from "../../app/domain/clv/gamma-gamma";
import { scoreCustomers } from "../../app/domain/clv/lifetime-value";
import type { FitResult } from "../../app/domain/clv/maximum-likelihood";
import { createRandom, simulateCustomers } from "../../app/domain/clv/simulate";
import { summarizeForClv } from "../../app/domain/clv/summarize-for-clv";
import { CDNOW_CALIBRATION_END, CDNOW_HOLDOUT_END, readCdnowTransactions } from "../helpers/datasets";
import { median } from "./bench-setup";

const RUNS = 5;
const HOLDOUT_WEEKS = 39;
const SYNTHETIC_CUSTOMERS = 1_000_000;
const SYNTHETIC_SEED = 20050401;

/** Runs `work` RUNS times; returns its (last) result and the median wall time in seconds. */
function timed<T>(work: () => T, runs = RUNS): { result: T; seconds: number } {
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = work();
    times.push((performance.now() - start) / 1000);
  }
  return { result, seconds: median(times) };
}

function unwrap<P, K extends string>(label: string, fit: FitResult<P, K>) {
  if (!fit.ok) throw new Error(`${label} fit failed: ${fit.reason} (${fit.detail})`);
  return fit;
}

const fmt = (v: number, digits = 3) => v.toFixed(digits);

function describeFit<K extends string>(
  label: string,
  names: readonly K[],
  fit: { params: Record<K, number>; standardErrors: Record<K, number>; logLikelihood: number },
  seconds: number,
) {
  const params = names.map((n) => `${n}=${fmt(fit.params[n])} (se ${fmt(fit.standardErrors[n])})`).join("  ");
  console.log(`${label.padEnd(12)} ${params}  LL=${fmt(fit.logLikelihood, 2)}  fit ${fmt(seconds * 1000, 1)} ms`);
}

const json = process.argv.includes("--json");

// ---- CDNOW sample: 2,357 customers ------------------------------------------------------------
const sample = summarizeForClv(readCdnowTransactions("sample"), {
  calibrationEnd: CDNOW_CALIBRATION_END,
  holdoutEnd: CDNOW_HOLDOUT_END,
});
const repeatBuyers = sample.filter((c) => c.x > 0).length;
console.log(`CDNOW sample: ${sample.length} customers, ${repeatBuyers} repeat buyers in the 39-week calibration`);

const bg = timed(() => unwrap("BG/NBD", fitBgNbd(sample)));
const mbg = timed(() => unwrap("MBG/NBD", fitMbgNbd(sample)));
const gg = timed(() => unwrap("Gamma-Gamma", fitGammaGamma(sample)));
describeFit("BG/NBD", ["r", "alpha", "a", "b"], bg.result, bg.seconds);
console.log("             published (FHL 2005): r=0.243 alpha=4.414 a=0.793 b=2.426 LL=-9582.4");
describeFit("MBG/NBD", ["r", "alpha", "a", "b"], mbg.result, mbg.seconds);
console.log("             BTYDplus (via lifetimes' tests): r=0.525 alpha=6.183 a=0.891 b=1.614");
describeFit("Gamma-Gamma", ["p", "q", "gamma"], gg.result, gg.seconds);
console.log("             published (Fader & Hardie 2013): p=6.25 q=3.74 gamma=15.44");

// ---- Holdout: predicted vs actual repeat transactions by calibration frequency ---------------
console.log(`\nHoldout (${HOLDOUT_WEEKS} weeks to 1998-06-30): repeat transactions per customer by calibration x`);
console.log(`${"x".padStart(4)} ${"customers".padStart(10)} ${"actual".padStart(8)} ${"BG/NBD".padStart(8)} ${"MBG/NBD".padStart(8)}`);
const predict = (params: BgNbdParams) => sample.map((c) => expectedPurchases(params, c, HOLDOUT_WEEKS));
const bgPredicted = predict(bg.result.params);
const mbgPredicted = predict(mbg.result.params);
const totals = { actual: 0, bg: 0, mbg: 0 };
for (let bucket = 0; bucket <= 7; bucket++) {
  const members = sample.flatMap((c, i) => ((bucket < 7 ? c.x === bucket : c.x >= 7) ? [i] : []));
  const sum = (values: (i: number) => number) => members.reduce((s, i) => s + values(i), 0);
  const actual = sum((i) => sample[i].xHoldout ?? 0);
  const bgSum = sum((i) => bgPredicted[i]);
  const mbgSum = sum((i) => mbgPredicted[i]);
  totals.actual += actual;
  totals.bg += bgSum;
  totals.mbg += mbgSum;
  const per = (v: number) => fmt(v / members.length, 2).padStart(8);
  console.log(
    `${(bucket < 7 ? String(bucket) : "7+").padStart(4)} ${String(members.length).padStart(10)} ${per(
      actual,
    )} ${per(bgSum)} ${per(mbgSum)}`,
  );
}
console.log(`total repeat transactions: actual ${totals.actual}, BG/NBD ${fmt(totals.bg, 1)}, MBG/NBD ${fmt(totals.mbg, 1)}`);

// ---- CDNOW master: 23,570 customers -------------------------------------------------------------
const master = summarizeForClv(readCdnowTransactions("master"), { calibrationEnd: CDNOW_CALIBRATION_END });
const masterBg = timed(() => unwrap("BG/NBD (master)", fitBgNbd(master)));
const masterMbg = timed(() => unwrap("MBG/NBD (master)", fitMbgNbd(master)));
const masterGg = timed(() => unwrap("Gamma-Gamma (master)", fitGammaGamma(master)));
console.log(`\nCDNOW master: ${master.length} customers (median of ${RUNS} fits; target ≤ 1 s per model)`);
describeFit("BG/NBD", ["r", "alpha", "a", "b"], masterBg.result, masterBg.seconds);
describeFit("MBG/NBD", ["r", "alpha", "a", "b"], masterMbg.result, masterMbg.seconds);
describeFit("Gamma-Gamma", ["p", "q", "gamma"], masterGg.result, masterGg.seconds);
const masterFitSeconds = Math.max(masterBg.seconds, masterMbg.seconds, masterGg.seconds);

// ---- Scoring 1,000,000 synthetic customers ------------------------------------------------------
// Drawn from the sample's fitted BG/NBD and Gamma-Gamma, first purchases spread over 78 weeks (whole days).
const random = createRandom(SYNTHETIC_SEED);
const ages = Float64Array.from({ length: SYNTHETIC_CUSTOMERS }, () => Math.floor(random.uniform() * 547) / 7);
const synthetic = simulateCustomers(random, bg.result.params, ages, { spendModel: gg.result.params });
const columns = {
  x: Float64Array.from(synthetic, (c) => c.x),
  t_x: Float64Array.from(synthetic, (c) => Math.floor(c.t_x * 7) / 7), // purchase days, as in real data
  T: ages,
  zbar: Float64Array.from(synthetic, (c) => c.zbar),
};
const score = timed(() => scoreCustomers(bg.result.params, gg.result.params, columns));
let totalClv = 0;
for (const v of score.result.clv) totalClv += v;
console.log(
  `\nScored ${SYNTHETIC_CUSTOMERS.toLocaleString("en")} synthetic customers (seed ${SYNTHETIC_SEED}): P(alive), ` +
    `12-month expected purchases and discounted CLV in ${fmt(score.seconds, 3)} s (median of ${RUNS}; target ≤ 2 s); ` +
    `mean CLV $${fmt(totalClv / SYNTHETIC_CUSTOMERS, 2)}`,
);

if (json) {
  const bgnbdJson = (fit: typeof bg) => ({
    r: fit.result.params.r,
    alpha: fit.result.params.alpha,
    a: fit.result.params.a,
    b: fit.result.params.b,
    logLikelihood: fit.result.logLikelihood,
    fitSeconds: fit.seconds,
  });
  console.log(
    JSON.stringify({
      bgnbd: bgnbdJson(bg),
      mbgnbd: bgnbdJson(mbg),
      gammaGamma: { ...gg.result.params, fitSeconds: gg.seconds },
      masterFitSeconds,
      score1mSeconds: score.seconds,
    }),
  );
}
