// Subscriptions (定期購入) at scale: npm run bench:subscriptions -- [--subscribers 50000] [--json]
//   [--pairs 1] [--connections 8] [--seconds 5]
// The store (tests/bench/subscriptions-emulator.ts: --subscribers subscribers over four years, about ten
// renewals each, as many one-off buyers) is served by the local Shopify emulator in a process of its own.
// Measured:
// - detectionSeconds: what subscription detection adds to the backfill (target ≤ 10 s). The same
//   backfill runs twice, each in a process of its own with a fresh SQLite database
//   (tests/bench/subscriptions-sync.ts), one after the other: with subscriptions as the sync runs them
//   (docs/decisions/054) — the subscription orders' read (the bulk query, its file read and stored, one
//   row per subscriber, docs/decisions/050) started beside the three reads (customers, orders, order
//   lines), then the subscriptions detected — then without them (the sync's records phase). The run with
//   them goes first, so the emulator's warm-up counts against detection. detectionSeconds is the
//   difference of the two walls (with --pairs N, N pairs of runs, every other one without subscriptions
//   first, and the median of their differences: on a busy machine one pair's walls differ by several
//   seconds either way); in the run with subscriptions: recordsSeconds, waitSeconds (what was left of
//   the subscription read once the records were applied), readEndedAfterRecordsSeconds (when that read
//   ended; negative: before the records), detectSeconds. The emulator writes every file on these two
//   cores, as Shopify would on its own machines: its CPU (emulatorCpuSeconds, from /proc) is test
//   infrastructure, reported apart from the app's (the sync process's, main thread and write worker,
//   run with the job processes' old space, docs/decisions/055; its peak RSS in peakRssMb).
//   backfillSeconds is the first pair's run without.
// - fitSeconds: the subscriptions report built from the loaded rows (retention by delivery per start month
//   and per plan, an sBG fit for every row, the KPIs, the monthly report; median of 3; target ≤ 2 s);
// - p95Ms: the subscriptions page's loader in the built app (remix-serve, its own process), `connections`
//   concurrent clients for `seconds` (target ≤ 100 ms); cpuSeconds.loaderMsPerRequest is the app process's
//   CPU per request meanwhile.
// The machine's load average is printed next to the figures: on a shared machine walls are noisy, CPU
// seconds (user + system) much less.
// reportSha256, subscriptionsSha256: SHA-256 of the stored report and of the detected subscriptions (what
// the subscriber flags are read from), to show a change kept every figure.
// Last line with --json: {"subscribers","detectionSeconds","fitSeconds","p95Ms"}; exit status 1 when a
// figure could not be measured.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { ensureBuild, median, migratedDatabase, useFreshDatabase } from "./bench-setup";
import { adminHeaders, loaderUrl, markInstalledAndSynced, timeLoader } from "./loader-latency";
import { STORE_NOW } from "./subscriptions-emulator";

const { values } = parseArgs({
  options: {
    subscribers: { type: "string", default: "50000" },
    connections: { type: "string", default: "8" },
    seconds: { type: "string", default: "5" },
    pairs: { type: "string", default: "1" },
    json: { type: "boolean", default: false },
  },
});
const SUBSCRIBERS = Number(values.subscribers);
const CONNECTIONS = Number(values.connections);
const SECONDS = Number(values.seconds);
const PAIRS = Number(values.pairs);
const NOW = STORE_NOW;
const TARGETS = { detectionSeconds: 10, fitSeconds: 2, p95Ms: 100 };
const HERE = __dirname;

const log = (message: string) => (values.json ? console.error(message) : console.log(message));
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
const seconds = (since: number) => (performance.now() - since) / 1000;
/** This process's CPU (user + system, every thread). */
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** A TypeScript file of this folder in a node process of its own; resolves with its first stdout line. */
function startScript(file: string, args: string[], env: NodeJS.ProcessEnv, oldSpaceFlag: string) {
  const child = spawn(process.execPath, [oldSpaceFlag, "--import", "tsx", path.join(HERE, file), ...args], {
    cwd: path.resolve(HERE, "../.."),
    stdio: ["ignore", "pipe", "inherit"],
    env,
  });
  const firstLine = new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`${file} exited with ${code} before it printed its result`)));
  });
  return { child, firstLine };
}

interface Part {
  seconds: number;
  cpuSeconds: number;
}
interface SyncResult {
  records: Part;
  total: Part;
  wait?: Part;
  readEndedAfterRecordsSeconds?: number;
  detect?: Part;
  ordersRead?: number;
  subscriptionOrders?: number;
  subscriptions?: number;
  subscribers?: number;
  planNames?: Record<string, string>;
  peakRssMb: number;
  emulatorCpuSeconds: number;
  loadAverage: number[];
}

async function main(): Promise<number> {
  const started0 = performance.now();
  const emulatorProcess = startScript(
    "subscriptions-emulator.ts",
    ["--subscribers", String(SUBSCRIBERS)],
    process.env,
    "--max-old-space-size=6144",
  );
  const stopEmulator = () => {
    if (emulatorProcess.child.exitCode === null) emulatorProcess.child.kill("SIGTERM");
  };
  process.on("exit", stopEmulator);
  const world = JSON.parse(await emulatorProcess.firstLine) as {
    shop: string;
    accessToken: string;
    url: string;
    customers: number;
    orders: number;
    renewals: number;
  };
  const emulatorPid = emulatorProcess.child.pid!;
  log(
    `store: ${world.customers} customers, ${world.orders} orders (${world.renewals} renewals) built and served in ${seconds(started0).toFixed(1)} s`,
  );

  // The database the run with subscriptions fills is the one the report and the loader read.
  const dbUrl = useFreshDatabase("bench-subscriptions");
  const freshDatabase = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-bench-subscriptions-"));
    process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    return migratedDatabase(dir);
  };
  ensureBuild();
  const { JOB_PROCESS_OLD_SPACE_FLAG } = await import("../../app/queue/worker-process-queue.server");

  const sync = async (subscriptions: "with" | "without", databaseUrl: string): Promise<SyncResult> => {
    const emulatorCpuFrom = processCpuSeconds(emulatorPid);
    // With the job processes' old space: a sync runs in one (docs/decisions/055).
    const run = startScript(
      "subscriptions-sync.ts",
      ["--subscriptions", subscriptions],
      {
        ...process.env,
        DATABASE_URL: databaseUrl,
        SHOPIFY_API_ORIGIN: world.url,
        BENCH_SHOP: world.shop,
        BENCH_ACCESS_TOKEN: world.accessToken,
      },
      JOB_PROCESS_OLD_SPACE_FLAG,
    );
    const result = JSON.parse(await run.firstLine) as SyncResult;
    return { ...result, emulatorCpuSeconds: processCpuSeconds(emulatorPid) - emulatorCpuFrom, loadAverage: os.loadavg().map(round) };
  };

  process.env.SHOPIFY_API_ORIGIN = world.url;
  const { default: prisma } = await import("../../app/db.server");
  const { recomputeSegments } = await import("../../app/jobs/recompute-segments.server");
  const { fitPredictions } = await import("../../app/jobs/fit-predictions.server");
  const { refreshSubscriptionReport } = await import("../../app/jobs/subscription-report.server");
  const { buildSubscriptionReport } = await import("../../app/domain/subscriptions/report");
  const { loadSubscriptionOrders, loadSubscriptions } = await import("../../app/models/subscription.server");
  const { countCustomersByStage, loadCustomerHistories } = await import("../../app/models/customer.server");
  const { startAppProcess } = await import("../helpers/app-process");
  const { freePort } = await import("../helpers/free-port");

  const shop = world.shop;
  const summary: Record<string, unknown> = { subscribers: null, detectionSeconds: null, fitSeconds: null, p95Ms: null };
  let app: Awaited<ReturnType<typeof startAppProcess>> | null = null;
  try {
    const pairs: { with: Required<SyncResult>; without: SyncResult; seconds: number; cpuSeconds: number; emulatorCpuSeconds: number }[] =
      [];
    for (let pair = 0; pair < PAIRS; pair++) {
      // Every other pair runs without subscriptions first: neither run always comes second.
      const withoutFirst = pair % 2 === 1 ? await sync("without", freshDatabase()) : null;
      const withRun = (await sync("with", pair === 0 ? dbUrl : freshDatabase())) as Required<SyncResult>;
      const without = withoutFirst ?? (await sync("without", freshDatabase()));
      const { records, wait, readEndedAfterRecordsSeconds, detect, total } = withRun;
      log(
        `backfill with subscriptions: ${total.seconds.toFixed(1)} s, CPU ${total.cpuSeconds.toFixed(1)} s app + ${withRun.emulatorCpuSeconds.toFixed(1)} s emulator, peak RSS ${withRun.peakRssMb} MB — records ${records.seconds.toFixed(1)} s (CPU ${records.cpuSeconds.toFixed(1)} s), then what was left of the subscription read ${wait.seconds.toFixed(1)} s (CPU ${wait.cpuSeconds.toFixed(1)} s; it ended ${readEndedAfterRecordsSeconds.toFixed(1)} s after the records) of ${withRun.ordersRead} orders, ${withRun.subscriptionOrders} on a plan, detection ${detect.seconds.toFixed(1)} s (CPU ${detect.cpuSeconds.toFixed(1)} s) — ${withRun.subscriptions} subscriptions of ${withRun.subscribers} customers   load ${withRun.loadAverage.join(" ")}`,
      );
      log(
        `backfill without subscriptions: ${without.total.seconds.toFixed(1)} s, CPU ${without.total.cpuSeconds.toFixed(1)} s app + ${without.emulatorCpuSeconds.toFixed(1)} s emulator, peak RSS ${without.peakRssMb} MB   load ${without.loadAverage.join(" ")}`,
      );
      const difference = {
        seconds: total.seconds - without.total.seconds,
        cpuSeconds: total.cpuSeconds - without.total.cpuSeconds,
        emulatorCpuSeconds: withRun.emulatorCpuSeconds - without.emulatorCpuSeconds,
      };
      log(
        `detection adds ${difference.seconds.toFixed(1)} s to the backfill: CPU ${difference.cpuSeconds.toFixed(1)} s app, ${difference.emulatorCpuSeconds.toFixed(1)} s emulator (test infrastructure)`,
      );
      pairs.push({ with: withRun, without, ...difference });
    }
    const withSubscriptions = pairs[0].with;
    const without = pairs[0].without;
    const { records, wait, readEndedAfterRecordsSeconds, detect, total } = withSubscriptions;
    const detectionSeconds = median(pairs.map((p) => p.seconds));
    const appCpuSeconds = median(pairs.map((p) => p.cpuSeconds));
    const emulatorCpuSeconds = median(pairs.map((p) => p.emulatorCpuSeconds));

    let started = performance.now();
    await recomputeSegments({ shop, asOf: NOW });
    await fitPredictions({ shop, asOf: NOW });
    log(`segments and predictions: ${seconds(started).toFixed(1)} s (not a target)`);

    // The report's inputs as the job loads them; the pure build timed alone, median of 3.
    const [subscriptions, subscriptionOrders, histories, stages] = await Promise.all([
      loadSubscriptions(shop),
      loadSubscriptionOrders(shop),
      loadCustomerHistories(shop),
      countCustomersByStage(shop),
    ]);
    const builds: number[] = [];
    const buildCpus: number[] = [];
    let report: ReturnType<typeof buildSubscriptionReport> | null = null;
    for (let run = 0; run < 3; run++) {
      started = performance.now();
      const cpuFrom = cpuSeconds();
      report = buildSubscriptionReport({
        asOf: NOW,
        timeZone: "Asia/Tokyo",
        subscriptions,
        subscriptionOrders,
        histories,
        stages: new Map(Object.entries(stages)) as never,
      });
      builds.push(seconds(started));
      buildCpus.push(cpuSeconds() - cpuFrom);
    }
    const fitSeconds = median(builds);
    const fitCpuSeconds = median(buildCpus);
    const fits = [...report!.byCohort, ...report!.byPlan];
    log(
      `report: ${fitSeconds.toFixed(2)} s median of ${builds.map((b) => b.toFixed(2)).join(", ")} (CPU ${fitCpuSeconds.toFixed(2)} s) — ${fits.length} sBG fits (${report!.byCohort.length} start months, ${report!.byPlan.length} plans), ${fits.filter((f) => f.fit.ok).length} converged   load ${load()}`,
    );
    started = performance.now();
    await refreshSubscriptionReport({ shop, asOf: NOW, planNames: new Map(Object.entries(withSubscriptions.planNames ?? {})) });
    const storedReport = await prisma.subscriptionReport.findUniqueOrThrow({ where: { shop } });
    // The page's figures as one fingerprint: equal before and after a change that must keep them.
    const reportSha256 = sha256(storedReport.report);
    const subscriptionsSha256 = sha256(JSON.stringify(await loadSubscriptions(shop)));
    log(
      `report job with its loads and the stored row (${Math.round(storedReport.report.length / 1024)} kB): ${seconds(started).toFixed(1)} s (not a target)`,
    );

    await markInstalledAndSynced(prisma, { shop, accessToken: world.accessToken, now: NOW });

    const port = await freePort();
    app = await startAppProcess({ port, emulatorUrl: world.url, databaseUrl: dbUrl, now: NOW.toISOString() });
    const url = loaderUrl(app.url, "/app/subscriptions", "routes/app.subscriptions._index");
    const appCpuFrom = processCpuSeconds(app.child.pid!);
    const latency = await timeLoader(url, await adminHeaders(shop), { connections: CONNECTIONS, seconds: SECONDS });
    const { p95Ms } = latency;
    // The app's CPU per timed request (its 1 s warm-up counted in, so slightly high): what load does not inflate.
    const loaderCpuMs = ((processCpuSeconds(app.child.pid!) - appCpuFrom) * 1000) / latency.requests;
    log(
      `loader: p50 ${latency.p50Ms} ms, p95 ${p95Ms} ms (${latency.requests} requests, ${CONNECTIONS} connections; app CPU ${loaderCpuMs.toFixed(1)} ms a request)   load ${load()}`,
    );

    const part = (p: Part) => ({ seconds: round(p.seconds), cpuSeconds: round(p.cpuSeconds) });
    Object.assign(summary, {
      subscribers: withSubscriptions.subscribers,
      detectionSeconds: round(detectionSeconds),
      fitSeconds: round(fitSeconds),
      p95Ms,
      subscriptions: withSubscriptions.subscriptions,
      renewals: world.renewals,
      orders: world.orders,
      backfillSeconds: round(without.total.seconds),
      withSubscriptionsSeconds: round(total.seconds),
      recordsSeconds: round(records.seconds),
      waitSeconds: round(wait.seconds),
      readEndedAfterRecordsSeconds: round(readEndedAfterRecordsSeconds),
      detectSeconds: round(detect.seconds),
      cpuSeconds: {
        detection: round(appCpuSeconds),
        backfill: round(without.total.cpuSeconds),
        withSubscriptions: round(total.cpuSeconds),
        wait: round(wait.cpuSeconds),
        detect: round(detect.cpuSeconds),
        fit: round(fitCpuSeconds),
        loaderMsPerRequest: round(loaderCpuMs),
      },
      peakRssMb: { without: without.peakRssMb, with: withSubscriptions.peakRssMb },
      emulatorCpuSeconds: {
        detection: round(emulatorCpuSeconds),
        backfill: round(without.emulatorCpuSeconds),
        withSubscriptions: round(withSubscriptions.emulatorCpuSeconds),
      },
      pairs: pairs.map((p) => ({
        detectionSeconds: round(p.seconds),
        cpuSeconds: round(p.cpuSeconds),
        emulatorCpuSeconds: round(p.emulatorCpuSeconds),
        withSeconds: round(p.with.total.seconds),
        withoutSeconds: round(p.without.total.seconds),
      })),
      runs: {
        without: { total: part(without.total) },
        with: { records: part(records), wait: part(wait), detect: part(detect), total: part(total) },
      },
      sbgFits: fits.length,
      reportSha256,
      subscriptionsSha256,
      loadAverage: { without: without.loadAverage, with: withSubscriptions.loadAverage, end: os.loadavg().map(round) },
      targets: TARGETS,
    });
  } catch (error) {
    log(`could not measure: ${error instanceof Error ? error.stack : String(error)}${app ? `\n${app.output().slice(-1500)}` : ""}`);
  } finally {
    await app?.stop();
    stopEmulator();
    await prisma.$disconnect();
  }
  const measured =
    summary.subscribers !== null && summary.detectionSeconds !== null && summary.fitSeconds !== null && summary.p95Ms !== null;
  if (measured) {
    log(
      `targets: detection ${summary.detectionSeconds} s (≤ ${TARGETS.detectionSeconds}), fits ${summary.fitSeconds} s (≤ ${TARGETS.fitSeconds}), loader p95 ${summary.p95Ms} ms (≤ ${TARGETS.p95Ms})`,
    );
  }
  console.log(values.json ? JSON.stringify(summary) : JSON.stringify(summary, null, 2));
  return measured ? 0 : 1;
}

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");
const round = (value: number) => Math.round(value * 100) / 100;

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) of another process: utime and stime from /proc/<pid>/stat (Linux). */
function processCpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

main().then(
  (status) => process.exit(status),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
