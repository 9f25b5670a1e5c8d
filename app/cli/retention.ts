// `analyze retention`: the shifted-beta-geometric fit of a cohort's survivors and its projection,
// computed with the SAME domain functions the app's retention page uses.
//
//   npm run analyze -- retention --survivors 1000,869,743,653,593,551,517,491 [--project K]
//
// Exit codes: 0 done, 1 data the model cannot be fitted to, 2 bad arguments.

import { parseArgs } from "node:util";
import type { Writable } from "node:stream";
import {
  assertSurvivors,
  discountedExpectedResidualLifetime,
  fitShiftedBetaGeometric,
  lifetimesFromSurvivors,
  projectSurvival,
} from "../domain/subscriptions/shifted-beta-geometric";

const DEFAULT_PROJECTION_PERIODS = 5;
/** The discount rate of the DERL line on stderr: 10 % per period, as in Fader & Hardie (2010). */
const STATED_DISCOUNT_RATE = 0.1;

const RETENTION_HELP = `usage: analyze retention --survivors <n0,n1,...,nT> [--project K]

Fits the shifted-beta-geometric model (Fader & Hardie 2007) by maximum likelihood to one cohort:
--survivors  whole numbers, non-increasing: n0 subscribers at the start, n1 still subscribed after
             period 1, ..., nT after period T (at least two values, and at least one cancellation)
--project K  how many periods after T to project (default ${DEFAULT_PROJECTION_PERIODS}; a whole number 0..1000)

Output: the fit on stderr (standard errors, retention rates, expected remaining deliveries at a
${100 * STATED_DISCOUNT_RATE} % discount rate per period), and as the LAST line of stdout one JSON object:
  {"alpha","beta","logLikelihood","projected":[S(T+1), ..., S(T+K)]}
  projected: the share of the STARTING cohort (n0) expected to be subscribed after periods T+1..T+K.
Exit codes: 0 done, 1 data the model cannot be fitted to, 2 bad arguments.`;

interface Io {
  stdout: Writable;
  stderr: Writable;
}

function parseSurvivors(text: string): number[] {
  const parts = text.split(",").map((p) => p.trim());
  const survivors = parts.map((p, i) => {
    if (!/^\d+$/.test(p)) throw new RangeError(`--survivors must be whole numbers separated by commas; value ${i + 1} is "${p}".`);
    return Number(p);
  });
  assertSurvivors(survivors);
  return survivors;
}

export async function runRetention(argv: readonly string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { survivors: { type: "string" }, project: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr.write(`analyze retention: ${(error as Error).message}\n${RETENTION_HELP}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(`${RETENTION_HELP}\n`);
    return 0;
  }
  if (!values.survivors) {
    io.stderr.write(`analyze retention: --survivors is required.\n${RETENTION_HELP}\n`);
    return 2;
  }
  let survivors: number[];
  try {
    survivors = parseSurvivors(values.survivors);
  } catch (error) {
    io.stderr.write(`analyze retention: ${(error as Error).message}\n`);
    return 2;
  }
  const projectText = values.project ?? String(DEFAULT_PROJECTION_PERIODS);
  if (!/^\d+$/.test(projectText) || Number(projectText) > 1000) {
    io.stderr.write(`analyze retention: --project must be a whole number from 0 to 1000, got "${projectText}".\n`);
    return 2;
  }
  const periods = Number(projectText);

  const fit = fitShiftedBetaGeometric(lifetimesFromSurvivors(survivors));
  if (!fit.ok) {
    io.stderr.write(`analyze retention: cannot fit the survivors ${survivors.join(",")}: ${fit.detail}\n`);
    return 1;
  }
  const observed = survivors.length - 1;
  const projected = projectSurvival(fit.params, observed, periods);
  const { alpha, beta } = fit.params;
  io.stderr.write(
    [
      `sBG fit to ${survivors[0]} subscribers over ${observed} periods (${fit.diagnostics.cancellations} cancelled)`,
      `alpha ${alpha.toFixed(4)} (se ${fit.standardErrors.alpha.toFixed(4)}), beta ${beta.toFixed(4)} (se ${fit.standardErrors.beta.toFixed(4)}), log-likelihood ${fit.logLikelihood.toFixed(2)}`,
      `projected subscribers per ${survivors[0]} at periods ${observed + 1}..${observed + periods}: ${projected.map((s) => (s * survivors[0]).toFixed(1)).join(", ")}`,
      `expected remaining deliveries (DERL, ${100 * STATED_DISCOUNT_RATE} % per period) of a subscriber with ${observed + 1} deliveries: ${discountedExpectedResidualLifetime(fit.params, observed + 1, STATED_DISCOUNT_RATE).toFixed(3)}`,
    ].join("\n") + "\n",
  );
  io.stdout.write(`${JSON.stringify({ alpha, beta, logLikelihood: fit.logLikelihood, projected })}\n`);
  return 0;
}
