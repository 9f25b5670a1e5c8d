// npm run bench:analyze [-- --runs 5 --json]: `analyze` on both real datasets (target:
// under 3 s each), median wall time of several runs — a program, not a timed test.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { analyze, type AnalyzeOptions } from "../../app/cli/analyze";
import { datasetPath } from "../helpers/datasets";
import { median } from "./bench-setup";

const runsIndex = process.argv.indexOf("--runs");
const RUNS = runsIndex >= 0 ? Number(process.argv[runsIndex + 1]) : 5;
const JSON_OUTPUT = process.argv.includes("--json");
const tmp = mkdtempSync(path.join(tmpdir(), "tsunagu-analyze-bench-"));
const discard = new Writable({ write: (_chunk, _encoding, done) => done() });

const DATASETS: Record<string, AnalyzeOptions> = {
  cdnow: {
    orders: datasetPath("cdnow", "CDNOW_master.txt.gz"),
    format: "cdnow",
    asOf: "1998-06-30",
    out: path.join(tmp, "cdnow.csv"),
    timeZone: "UTC",
  },
  onlineRetail: {
    orders: datasetPath("online-retail", "online_retail.csv.gz"),
    format: "online-retail",
    asOf: "2011-12-09",
    out: path.join(tmp, "online-retail.csv"),
    timeZone: "UTC",
  },
};

async function main() {
  const result: Record<string, { medianSeconds: number; counts: Record<string, number> }> = {};
  for (const [name, options] of Object.entries(DATASETS)) {
    const times: number[] = [];
    let counts: Record<string, number> = {};
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      counts = (await analyze(options, discard)).counts;
      times.push((performance.now() - started) / 1000);
    }
    result[name] = { medianSeconds: Number(median(times).toFixed(2)), counts };
    if (!JSON_OUTPUT)
      console.log(
        `${name}: median ${median(times).toFixed(2)} s of ${RUNS} (${times.map((t) => t.toFixed(2)).join(", ")}); ${JSON.stringify(counts)}`,
      );
  }
  console.log(
    JSON.stringify({
      cdnowSeconds: result.cdnow.medianSeconds,
      onlineRetailSeconds: result.onlineRetail.medianSeconds,
      counts: { cdnow: result.cdnow.counts, onlineRetail: result.onlineRetail.counts },
    }),
  );
}

void main();
