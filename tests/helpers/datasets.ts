// The real datasets and Shopify's Admin schema in tests/data (see its README.md), read by the tests, the
// benches and the demo. The files stay as published (gzip); everything derived from them is derived in code.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { ClvTransaction } from "../../app/domain/clv/summarize-for-clv";

/** <repo>/tests/data. */
const DATASETS_DIR = path.resolve(__dirname, "../data");

export function datasetPath(...segments: string[]): string {
  return path.join(DATASETS_DIR, ...segments);
}

/** The text of a gzip file of tests/data. */
function readGzipText(...segments: string[]): string {
  return zlib.gunzipSync(fs.readFileSync(datasetPath(...segments))).toString("utf8");
}

function nonEmptyLines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.trim() !== "");
}

/**
 * CDNOW transactions as CLV input, dated at UTC midnight. The sample is keyed by its sample id
 * (1..2357, the ID of the reference summary), the master by its customer id; ids lose their zero padding.
 */
export function readCdnowTransactions(which: "sample" | "master"): ClvTransaction[] {
  // sample: master_id sample_id YYYYMMDD cds dollars (no header); master: a header, then customer_id YYYYMMDD cds dollars
  const lines = nonEmptyLines(readGzipText("cdnow", `CDNOW_${which}.txt.gz`));
  const offset = which === "sample" ? 1 : 0;
  return lines.slice(which === "master" ? 1 : 0).map((line) => {
    const row = line.trim().split(/\s+/);
    const date = row[offset + 1];
    return {
      customerId: String(Number(row[offset])),
      at: new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T00:00:00Z`),
      amount: Number(row[offset + 3]),
    };
  });
}

export interface CdnowReferenceSummary {
  id: string;
  x: number;
  t_x: number;
  T: number;
  zbar: number;
}

/** cdnow_customers_summary_with_transactions.csv.gz: the published calibration summary of the sample. */
export function readCdnowReferenceSummary(): CdnowReferenceSummary[] {
  const [, ...rows] = nonEmptyLines(readGzipText("cdnow", "cdnow_customers_summary_with_transactions.csv.gz"));
  return rows.map((line) => {
    const [id, x, t_x, T, zbar] = line.split(",");
    return { id, x: Number(x), t_x: Number(t_x), T: Number(T), zbar: Number(zbar) };
  });
}

/** The calibration end used by Fader, Hardie & Lee (2005): 39 weeks, through 1997-09-30. */
export const CDNOW_CALIBRATION_END = new Date("1997-09-30T00:00:00Z");
/** End of the 39-week holdout: the last day of the data. */
export const CDNOW_HOLDOUT_END = new Date("1998-06-30T00:00:00Z");
