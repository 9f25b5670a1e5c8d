// `analyze uplift`: a scenario's uplift against its holdout from one row per entrant, computed with the
// SAME domain function the app's results page uses (measureUplift).
//
//   npm run analyze -- uplift --in <file.csv> [--holdout-share <0..1>]
//
// Exit codes: 0 done, 1 bad input (the message names the line), 2 bad arguments.

import { parseArgs } from "node:util";
import type { Writable } from "node:stream";
import { measureUplift, UpliftInputError, type EntrantOutcome, type UpliftResult } from "../domain/scenarios/uplift";
import { InputError, readLines } from "./read-lines";

const UPLIFT_HELP = `usage: analyze uplift --in <file.csv> [--holdout-share <0..1>]

Input: a CSV file (optionally gzipped) with a header line and one row per entrant:
  group,converted,revenue
  group      treated | holdout
  converted  0 | 1 (ordered within the scenario's window)
  revenue    the entrant's net revenue in the window, a number >= 0 (0 or empty when converted is 0)
  discount   optional column: the scenario's discount the entrant redeemed (already out of revenue)
Columns may come in any order; other columns are ignored.

Output: human-readable figures on stderr, and as the LAST line of stdout one JSON object:
  {"treated":{"n","conversions","revenue"},"holdout":{...},
   "conversionUplift":d,"conversionCi":[lo,hi],"revenueUplift":r,"revenueCi":[lo,hi]}
  n            entrants in the group
  conversions  entrants with converted = 1
  revenue      TOTAL revenue of the group (not per entrant)
  conversionUplift  conversion rate treated - holdout; conversionCi its 95 % interval
                    (Newcombe 1998 hybrid score interval, method 10)
  revenueUplift     revenue PER ENTRANT treated - holdout; revenueCi its 95 % interval
                    (normal interval with Hall's 1992 skewness correction)
--holdout-share is the planned holdout share used for the "entrants needed" estimate (default: the
observed share). Exit codes: 0 done, 1 bad input, 2 bad arguments.`;

interface Io {
  stdout: Writable;
  stderr: Writable;
}

const REQUIRED = ["group", "converted", "revenue"] as const;

/** Reads the entrants of an uplift CSV; throws InputError naming the line. */
async function readUpliftCsv(path: string): Promise<EntrantOutcome[]> {
  const outcomes: EntrantOutcome[] = [];
  let columns: Map<string, number> | null = null;
  for await (const { text, line } of readLines(path)) {
    const row = (line === 1 ? text.replace(/^\uFEFF/, "") : text).trim();
    if (row === "") continue;
    const fields = row.split(",").map((f) =>
      f
        .trim()
        .replace(/^"(.*)"$/, "$1")
        .trim(),
    );
    if (columns === null) {
      columns = new Map(fields.map((name, i) => [name.toLowerCase(), i]));
      const missing = REQUIRED.filter((name) => !columns!.has(name));
      if (missing.length > 0) {
        throw new InputError(
          `the header line must name the columns group,converted,revenue; missing ${missing.join(", ")} (got "${row.slice(0, 80)}")`,
          line,
        );
      }
      continue;
    }
    const field = (name: string) => {
      const index = columns!.get(name);
      return index === undefined ? "" : (fields[index] ?? "");
    };
    const group = field("group").toLowerCase();
    if (group !== "treated" && group !== "holdout") throw new InputError(`group must be treated or holdout, got "${field("group")}"`, line);
    const convertedText = field("converted");
    if (convertedText !== "0" && convertedText !== "1") throw new InputError(`converted must be 0 or 1, got "${convertedText}"`, line);
    const converted = convertedText === "1";
    const revenue = parseAmount(field("revenue"), "revenue", line);
    if (!converted && revenue !== 0) throw new InputError(`revenue must be 0 when converted is 0, got ${field("revenue")}`, line);
    const discount = parseAmount(field("discount"), "discount", line);
    outcomes.push({ group, converted, revenue, discount });
  }
  if (columns === null) throw new InputError("the file is empty: expected a header line group,converted,revenue and one row per entrant");
  for (const group of ["treated", "holdout"] as const) {
    if (!outcomes.some((o) => o.group === group)) throw new InputError(`no ${group} rows: both groups need at least one entrant`);
  }
  return outcomes;
}

function parseAmount(text: string, name: string, line: number): number {
  if (text === "") return 0;
  const value = Number(text);
  if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || !Number.isFinite(value)) {
    throw new InputError(`${name} must be a number >= 0, got "${text}"`, line);
  }
  return value;
}

/** The contract's JSON line. */
function upliftJson(result: UpliftResult): string {
  const group = (g: UpliftResult["treated"]) => ({ n: g.n, conversions: g.conversions, revenue: g.revenue });
  return JSON.stringify({
    treated: group(result.treated),
    holdout: group(result.holdout),
    conversionUplift: result.conversionUplift,
    conversionCi: result.conversionCi,
    revenueUplift: result.revenueUplift,
    revenueCi: result.revenueCi,
  });
}

function describe(result: UpliftResult): string {
  const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
  const money = (v: number) => v.toFixed(2);
  const rate = (g: UpliftResult["treated"]) => g.conversions / g.n;
  const { sufficiency } = result;
  return (
    [
      `treated  ${result.treated.n} entrants, ${result.treated.conversions} converted (${pct(rate(result.treated))}), revenue ${money(result.treated.revenue)} (${money(result.treated.revenue / result.treated.n)} per entrant)`,
      `holdout  ${result.holdout.n} entrants, ${result.holdout.conversions} converted (${pct(rate(result.holdout))}), revenue ${money(result.holdout.revenue)} (${money(result.holdout.revenue / result.holdout.n)} per entrant)`,
      `conversion uplift ${pct(result.conversionUplift)}, 95 % interval ${pct(result.conversionCi[0])} to ${pct(result.conversionCi[1])}`,
      `revenue per entrant uplift ${money(result.revenueUplift)}, 95 % interval ${money(result.revenueCi[0])} to ${money(result.revenueCi[1])}`,
      `incremental revenue after discounts ${money(result.incrementalRevenue)} (95 % interval ${money(result.incrementalRevenueCi[0])} to ${money(result.incrementalRevenueCi[1])}); discounts redeemed ${money(result.discountCost)}`,
      sufficiency.enough
        ? `enough entrants to detect a ${pct(sufficiency.upliftToDetect)} uplift (needed ${sufficiency.entrantsNeeded})`
        : `not enough data yet — about ${sufficiency.moreEntrantsNeeded} more entrants needed to detect a ${pct(sufficiency.upliftToDetect)} uplift over a ${pct(sufficiency.baselineRate)} baseline (${sufficiency.entrantsNeeded} in all, α 0.05, power 0.8)`,
    ].join("\n") + "\n"
  );
}

export async function runUplift(argv: readonly string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { in: { type: "string" }, "holdout-share": { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr.write(`analyze uplift: ${(error as Error).message}\n${UPLIFT_HELP}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(`${UPLIFT_HELP}\n`);
    return 0;
  }
  if (!values.in) {
    io.stderr.write(`analyze uplift: --in <file.csv> is required.\n${UPLIFT_HELP}\n`);
    return 2;
  }
  let holdoutShare: number | undefined;
  if (values["holdout-share"] !== undefined) {
    holdoutShare = Number(values["holdout-share"]);
    if (!(holdoutShare > 0 && holdoutShare < 1)) {
      io.stderr.write(`analyze uplift: --holdout-share must be a number strictly between 0 and 1, got "${values["holdout-share"]}".\n`);
      return 2;
    }
  }
  try {
    const outcomes = await readUpliftCsv(values.in);
    const result = measureUplift(outcomes, { holdoutShare });
    io.stderr.write(describe(result));
    io.stdout.write(`${upliftJson(result)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr.write(`analyze uplift: ${values.in}: ${error.message}${error.line !== undefined ? ` (line ${error.line})` : ""}\n`);
      return 1;
    }
    if (error instanceof UpliftInputError) {
      io.stderr.write(`analyze uplift: ${values.in}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
