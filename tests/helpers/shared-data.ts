// The real datasets in ../shared/data (see its README.md), read for tests and benchmarks.
// The files stay as published; everything derived from them is derived in code.
import fs from "node:fs";
import path from "node:path";
import type { ClvTransaction } from "../../app/domain/clv/summarize-for-clv";

/** The repository root (this file lives in <repo>/tests/helpers). */
const REPO_ROOT = path.resolve(__dirname, "../..");

/**
 * Absolute path of the shared datasets: `<repo>/../shared/data` (/work/shared/data when the repo is
 * /work/main), or the directory named by the environment variable TSUNAGU_SHARED_DATA.
 */
export function sharedDataDir(): string {
  const override = process.env.TSUNAGU_SHARED_DATA;
  return override ? path.resolve(override) : path.resolve(REPO_ROOT, "../shared/data");
}

/** sharedDataDir() as read when this module was loaded. */
export const SHARED_DATA_DIR = sharedDataDir();

export function sharedDataPath(...segments: string[]): string {
  return path.join(sharedDataDir(), ...segments);
}

function readCsvRows(file: string): string[][] {
  const lines = fs.readFileSync(file, "utf8").trim().split(/\r?\n/);
  return lines.slice(1).map((line) => line.split(","));
}

/**
 * CDNOW transactions as CLV input, dated at UTC midnight. The sample is keyed by its sample id
 * (1..2357, the ID of the reference summary), the master by its customer id.
 */
export function readCdnowTransactions(which: "sample" | "master"): ClvTransaction[] {
  const rows = readCsvRows(sharedDataPath("cdnow", `cdnow_${which}.csv`));
  // sample: master_id,customer_id,date,cds,dollars; master: customer_id,date,cds,dollars
  const offset = which === "sample" ? 1 : 0;
  return rows.map((row) => ({
    customerId: row[offset],
    at: new Date(`${row[offset + 1]}T00:00:00Z`),
    amount: Number(row[offset + 3]),
  }));
}

export interface CdnowReferenceSummary {
  id: string;
  x: number;
  t_x: number;
  T: number;
  zbar: number;
}

/** cdnow_customers_summary_with_transactions.csv: the published calibration summary of the sample. */
export function readCdnowReferenceSummary(): CdnowReferenceSummary[] {
  return readCsvRows(sharedDataPath("cdnow", "cdnow_customers_summary_with_transactions.csv")).map(
    ([id, x, t_x, T, zbar]) => ({ id, x: Number(x), t_x: Number(t_x), T: Number(T), zbar: Number(zbar) }),
  );
}

/** The calibration end used by Fader, Hardie & Lee (2005): 39 weeks, through 1997-09-30. */
export const CDNOW_CALIBRATION_END = new Date("1997-09-30T00:00:00Z");
/** End of the 39-week holdout: the last day of the data. */
export const CDNOW_HOLDOUT_END = new Date("1998-06-30T00:00:00Z");
