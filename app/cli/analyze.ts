// `analyze`: lifecycle segments and RFM scores of every customer in an order log, computed with the SAME
// domain functions the app uses (classifyShop, summarizeSegments, rfmValuesOf, scoreRfm).
//
//   npx tsx app/cli/analyze.ts --orders <file> --format <cdnow|online-retail|orders-csv> --as-of <YYYY-MM-DD>
//                              [--out <file.csv>] [--time-zone <IANA zone>] [--kpis-out <K.json>]
//                              [--predict-out <file.csv> [--horizon-days <N>]] [--products-out <P.csv>]
//
// - --as-of is required: the segments are "as of the END of that local date" in --time-zone, so orders
//   placed on that date count, orders after it are ignored (reported on stderr).
// - --time-zone defaults to UTC: the Online Retail timestamps are UTC (data README) and CDNOW has dates
//   only (each order is placed at the start of its date in the zone, so its date never shifts).
// - The file may be gzipped (detected from its bytes). Formats: see read-cdnow.ts, read-online-retail.ts,
//   read-orders-csv.ts.
// - Output: one CSV row per customer (customer_id,segment,orders,first_order_at,last_order_at,net_spent,
//   recency_days,r,f,m), sorted by customer id (numerically when ids are numbers), to --out or stdout.
//   Dates are local dates (YYYY-MM-DD) in the zone; net_spent has the currency's decimals; prospects have
//   empty dates, recency and scores. A summary of segment counts goes to stderr.
// - Exit codes: 0 done, 1 bad input (file or data; the message names the line), 2 bad arguments. User
//   errors print one line, never a stack trace.
// - --kpis-out also writes the journey KPIs (the F2 conversion at 30/90/365 days) as JSON: kpis-out.ts.
// - --products-out (with --format order-lines-csv) also writes the F2 conversion by first-order product
//   type: products-out.ts.
// - --predict-out also writes every buyer's predictions (the holdout-checked purchase model): predict.ts.

import { createWriteStream } from "node:fs";
import { realpathSync } from "node:fs";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { endOfLocalDay, isValidTimeZone, localDateString, parseLocalDate } from "../domain/calendar";
import { compareIds } from "../domain/compare-ids";
import { classifyShop, type CustomerSegmentation, type VipCut } from "../domain/lifecycle";
import { LIFECYCLE_RULES } from "../domain/lifecycle-rules";
import { rfmValuesOf, scoreRfm, type RfmScore } from "../domain/rfm";
import { summarizeSegments, type SegmentSummary } from "../domain/segment-summary";
import { LIFECYCLE_STAGES } from "../domain/types";
import { FORMATS, readHistories, type InputFormat, type ReadStats } from "./read-histories";
import { InputError } from "./read-lines";
import { computeKpis, writeKpisFile } from "./kpis-out";
import { productsOutRows, writeProductsFile } from "./products-out";
import { runRetention } from "./retention";
import { runUplift } from "./uplift";
import { DEFAULT_HORIZON_DAYS, formatPredictSummary, type PredictOutput, writePredictions } from "./predict";

const OUTPUT_COLUMNS = [
  "customer_id",
  "segment",
  "orders",
  "first_order_at",
  "last_order_at",
  "net_spent",
  "recency_days",
  "r",
  "f",
  "m",
] as const;

const USAGE = `usage: analyze --orders <file> --format <${FORMATS.join("|")}> --as-of <YYYY-MM-DD> [--out <file.csv>] [--time-zone <IANA zone, default UTC>] [--kpis-out <K.json>] [--predict-out <file.csv> [--horizon-days <N, default 365>]] [--products-out <P.csv> (order-lines-csv)]`;

/** Bad command-line arguments (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface AnalyzeOptions {
  orders: string;
  format: InputFormat;
  /** YYYY-MM-DD, a local date in timeZone */
  asOf: string;
  out: string | null;
  timeZone: string;
  /** where to write the journey KPIs (kpis-out.ts), or null */
  kpisOut?: string | null;
  /** --predict-out: where to write the predictions CSV (predict.ts) */
  predictOut?: string | null;
  horizonDays?: number;
  /** --products-out: where to write the F2 conversion by first-order product type (products-out.ts) */
  productsOut?: string | null;
}

export interface AnalyzeResult {
  asOf: Date;
  customers: number;
  summary: SegmentSummary;
  /** customers per stage, LIFECYCLE_STAGES order */
  counts: Record<(typeof LIFECYCLE_STAGES)[number], number>;
  vipCut: VipCut;
  stats: ReadStats;
  /** orders processed after the as-of date (ignored) */
  ordersAfterAsOf: number;
  currency: string | null;
  elapsedMs: number;
  predictions?: PredictOutput;
}

function parseAnalyzeArgs(argv: readonly string[]): AnalyzeOptions | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        orders: { type: "string" },
        format: { type: "string" },
        "as-of": { type: "string" },
        out: { type: "string" },
        "time-zone": { type: "string" },
        "kpis-out": { type: "string" },
        "predict-out": { type: "string" },
        "horizon-days": { type: "string" },
        "products-out": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return "help";
  if (!values.orders) throw new UsageError("--orders <file> is required.");
  if (!values.format) throw new UsageError(`--format is required: one of ${FORMATS.join(", ")}.`);
  if (!(FORMATS as readonly string[]).includes(values.format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got "${values.format}".`);
  }
  if (!values["as-of"]) throw new UsageError("--as-of <YYYY-MM-DD> is required (the date the segments are computed for).");
  if (parseLocalDate(values["as-of"]) === null) throw new UsageError(`--as-of must be a date YYYY-MM-DD, got "${values["as-of"]}".`);
  const timeZone = values["time-zone"] ?? "UTC";
  if (!isValidTimeZone(timeZone))
    throw new UsageError(`--time-zone must be an IANA time zone such as UTC or Asia/Tokyo, got "${timeZone}".`);
  const horizonDays = values["horizon-days"] === undefined ? DEFAULT_HORIZON_DAYS : Number(values["horizon-days"]);
  if (!(Number.isInteger(horizonDays) && horizonDays >= 1))
    throw new UsageError(`--horizon-days must be a whole number of days >= 1, got "${values["horizon-days"]}".`);
  if (values["products-out"] && values.format !== "order-lines-csv")
    throw new UsageError("--products-out needs the product of each order line: use --format order-lines-csv.");
  return {
    orders: values.orders,
    format: values.format as InputFormat,
    asOf: values["as-of"],
    out: values.out ?? null,
    timeZone,
    kpisOut: values["kpis-out"] ?? null,
    predictOut: values["predict-out"] ?? null,
    horizonDays,
    productsOut: values["products-out"] ?? null,
  };
}

// ---------------------------------------------------------------------------------------------------

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function currencyDigits(currency: string | null): number {
  if (currency === null) return 2;
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

async function writeAll(target: Writable, rows: Iterable<string>): Promise<void> {
  let buffer = "";
  for (const row of rows) {
    buffer += row;
    if (buffer.length >= 1 << 16) {
      if (!target.write(buffer)) await new Promise<void>((resolve) => target.once("drain", resolve));
      buffer = "";
    }
  }
  if (buffer.length > 0 && !target.write(buffer)) await new Promise<void>((resolve) => target.once("drain", resolve));
}

function* outputRows(
  segmentations: CustomerSegmentation[],
  scores: Map<string, RfmScore>,
  timeZone: string,
  digits: number,
): Generator<string> {
  yield `${OUTPUT_COLUMNS.join(",")}\n`;
  for (const s of segmentations) {
    const score = scores.get(s.customerId);
    yield (
      [
        csvField(s.customerId),
        s.stage,
        String(s.orders),
        s.firstOrderAt ? localDateString(s.firstOrderAt, timeZone) : "",
        s.lastOrderAt ? localDateString(s.lastOrderAt, timeZone) : "",
        s.netSpent.toFixed(digits),
        s.daysSinceLastOrder === null ? "" : String(s.daysSinceLastOrder),
        score ? String(score.r) : "",
        score ? String(score.f) : "",
        score ? String(score.m) : "",
      ].join(",") + "\n"
    );
  }
}

/** Reads, classifies and writes; returns the figures for the summary. */
export async function analyze(options: AnalyzeOptions, stdout: Writable = process.stdout): Promise<AnalyzeResult> {
  const started = performance.now();
  const { histories, stats, currency } = await readHistories(options.format, options.orders, { timeZone: options.timeZone });
  const asOf = endOfLocalDay(options.asOf, options.timeZone);
  if (options.kpisOut) await writeKpisFile(options.kpisOut, computeKpis(histories, options));
  if (options.productsOut) await writeProductsFile(options.productsOut, productsOutRows(histories, options));

  const { segmentations, vipCut } = classifyShop(histories, LIFECYCLE_RULES, { asOf, timeZone: options.timeZone });
  const ordered = [...segmentations.values()].sort((a, b) => compareIds(a.customerId, b.customerId));
  const scores = new Map(scoreRfm(rfmValuesOf(ordered)).map((s) => [s.customerId, s]));
  const summary = summarizeSegments(ordered);

  let ordersAfterAsOf = 0;
  const asOfMs = asOf.getTime();
  for (const h of histories) for (const o of h.orders) if (o.processedAt.getTime() > asOfMs) ordersAfterAsOf += 1;

  const rows = outputRows(ordered, scores, options.timeZone, currencyDigits(currency));
  if (options.out !== null) {
    const file = createWriteStream(options.out);
    const opened = new Promise<void>((resolve, reject) => {
      file.once("open", () => resolve());
      file.once("error", reject);
    });
    try {
      await opened;
    } catch (error) {
      throw new InputError(`cannot write ${options.out}: ${(error as Error).message}`);
    }
    await writeAll(file, rows);
    await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
  } else {
    await writeAll(stdout, rows);
  }

  const predictions = options.predictOut
    ? await writePredictions(histories, {
        asOf,
        timeZone: options.timeZone,
        horizonDays: options.horizonDays ?? DEFAULT_HORIZON_DAYS,
        out: options.predictOut,
        compareIds: compareIds,
      })
    : undefined;

  return {
    predictions,
    asOf,
    customers: segmentations.size,
    summary,
    counts: Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, summary.byStage[s].customers])) as AnalyzeResult["counts"],
    vipCut,
    stats,
    ordersAfterAsOf,
    currency,
    elapsedMs: performance.now() - started,
  };
}

/** The stderr summary: one "stage count share" line per stage, plus what was read and the VIP cut. */
function formatSummary(options: AnalyzeOptions, result: AnalyzeResult): string {
  const { stats, summary, vipCut } = result;
  const lines: string[] = [];
  lines.push(`analyze ${options.format} ${options.orders}`);
  lines.push(
    `as of ${options.asOf} end of day (${options.timeZone}); rules: dormant after ${LIFECYCLE_RULES.dormantAfterDays} days, churned after ${LIFECYCLE_RULES.churnedAfterDays}, VIP top ${LIFECYCLE_RULES.vipTopPercent} %`,
  );
  lines.push(
    `read ${stats.lines} lines -> ${stats.orders} orders (${stats.guestOrders} guest orders ignored, ${stats.cancelledOrders} cancelled, ${stats.testOrders} test` +
      `${result.ordersAfterAsOf > 0 ? `, ${result.ordersAfterAsOf} after the as-of date ignored` : ""})`,
  );
  for (const note of stats.notes) lines.push(`note: ${note}`);
  lines.push(`customers ${summary.customers} (buyers ${summary.buyers})`);
  for (const stage of LIFECYCLE_STAGES) {
    const n = summary.byStage[stage].customers;
    const share = summary.customers === 0 ? 0 : (100 * n) / summary.customers;
    lines.push(`  ${stage.padEnd(9)} ${String(n).padStart(8)}  ${share.toFixed(1).padStart(5)} %`);
  }
  if (vipCut.rule === "top-percent") {
    lines.push(
      vipCut.cutSpend === null
        ? "VIP: no active repeat buyer"
        : `VIP: top ${vipCut.topPercent} % of ${vipCut.population} active repeat buyers = ${vipCut.topCount}; cut at ${vipCut.cutSpend} net spend in ${LIFECYCLE_RULES.vipSpendWindowDays} days; ${vipCut.vipCount} VIPs (ties at the cut included)`,
    );
  }
  if (result.predictions && options.predictOut) lines.push(formatPredictSummary(options.predictOut, result.predictions).trimEnd());
  lines.push(`done in ${(result.elapsedMs / 1000).toFixed(2)} s${options.out ? `, wrote ${options.out}` : ""}`);
  return lines.join("\n") + "\n";
}

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
}

/** Runs the command; returns the exit code. User errors are one line on stderr. */
export async function main(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  if (argv[0] === "uplift") return runUplift(argv.slice(1), io);
  if (argv[0] === "retention") return runRetention(argv.slice(1), io);
  let options: AnalyzeOptions | "help";
  try {
    options = parseAnalyzeArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`analyze: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (options === "help") {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const result = await analyze(options, io.stdout);
    io.stderr.write(formatSummary(options, result));
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      const where = error.line !== undefined && !error.message.startsWith("line ") ? ` (line ${error.line})` : "";
      const prefix = error.message.startsWith(options.orders) ? "" : `${options.orders}: `;
      io.stderr.write(`analyze: ${prefix}${error.message}${where}\n`);
      return 1;
    }
    throw error;
  }
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // a bug, not a user error: keep the stack
      process.stderr.write(`analyze: internal error\n${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 70;
    },
  );
}
