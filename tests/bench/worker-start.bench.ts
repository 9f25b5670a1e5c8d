// npm run bench:worker-start [-- --runs 5 --json]
// How long the job worker takes to start, as the web process starts it on SQLite (forked, with the IPC
// channel): from fork to its "ready" message, on a fresh migrated database. The build's worker.js (what
// runs) beside app/worker.ts through tsx (what ran before the worker was bundled), --runs times each,
// alternating. Reports medians of wall seconds, CPU seconds (user + sys, from /proc) and RSS in MB at
// ready. Last line with --json: {"runs","bundled":{"wallSeconds","cpuSeconds","rssMb"},"tsx":{…}}.
import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild, median, migratedDatabase } from "./bench-setup";

const ROOT = path.resolve(__dirname, "../..");
const RUNS = process.argv.includes("--runs") ? Number(process.argv[process.argv.indexOf("--runs") + 1]) : 5;
const JSON_OUTPUT = process.argv.includes("--json");
const log = (message: string) => (JSON_OUTPUT ? console.error(message) : console.log(message));

const STARTS = {
  bundled: { file: path.join(ROOT, process.env.TSUNAGU_BUILD_DIR || "build", "worker.js"), execArgv: [] },
  tsx: { file: path.join(ROOT, "app/worker.ts"), execArgv: ["--import", "tsx"] },
};
type Start = keyof typeof STARTS;
interface Sample {
  wallSeconds: number;
  cpuSeconds: number;
  rssMb: number;
}

async function startOnce(start: Start, env: NodeJS.ProcessEnv): Promise<Sample> {
  const { file, execArgv } = STARTS[start];
  const startedAt = performance.now();
  const child = fork(file, [], { cwd: ROOT, execArgv, env, stdio: ["ignore", "ignore", "pipe", "ipc"] });
  let errors = "";
  child.stderr!.on("data", (chunk) => (errors += chunk));
  await new Promise<void>((resolve, reject) => {
    child.on("message", (message: { type?: string }) => message.type === "ready" && resolve());
    child.once("exit", (code) => reject(new Error(`${start} worker exited (${code}) before it was ready:\n${errors}`)));
  });
  const wallSeconds = (performance.now() - startedAt) / 1000;
  // /proc/<pid>/stat after the command's ")": utime and stime are fields 12 and 13, in clock ticks (100/s).
  const stat = fs.readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
  const cpuSeconds = (Number(stat[11]) + Number(stat[12])) / 100;
  const rssMb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"))![1]) / 1024;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  return { wallSeconds, cpuSeconds, rssMb };
}

async function main() {
  ensureBuild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-worker-start-"));
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: migratedDatabase(dir),
      SHOPIFY_API_KEY: "bench",
      SHOPIFY_API_SECRET: "bench",
      SHOPIFY_APP_URL: "http://127.0.0.1:9",
      SCOPES: "read_orders",
      TSUNAGU_ROLE: "worker",
    };
    const samples: Record<Start, Sample[]> = { bundled: [], tsx: [] };
    for (let run = 1; run <= RUNS; run++) {
      for (const start of ["bundled", "tsx"] as const) {
        const sample = await startOnce(start, env);
        samples[start].push(sample);
        log(
          `${start} run ${run}: ready in ${sample.wallSeconds.toFixed(2)} s wall, ${sample.cpuSeconds.toFixed(2)} s CPU, ${sample.rssMb.toFixed(0)} MB RSS`,
        );
      }
    }
    const medians = (start: Start) => ({
      wallSeconds: Number(median(samples[start].map((s) => s.wallSeconds)).toFixed(2)),
      cpuSeconds: Number(median(samples[start].map((s) => s.cpuSeconds)).toFixed(2)),
      rssMb: Math.round(median(samples[start].map((s) => s.rssMb))),
    });
    const result = { runs: RUNS, bundled: medians("bundled"), tsx: medians("tsx") };
    log(
      `medians of ${RUNS} (load ${os.loadavg()[0].toFixed(1)}): bundled ${JSON.stringify(result.bundled)}, tsx ${JSON.stringify(result.tsx)}`,
    );
    if (JSON_OUTPUT) console.log(JSON.stringify(result));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
