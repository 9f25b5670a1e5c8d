// The emulator's side of the bulk backfill: npm run bench:emulator-bulk -- [--orders 1000000]
//   [--history-years 4] [--runs 3] [--sha256] [--attach '<the emulator CLI's JSON line>'] [--json]
// Starts the three bulk queries the app's backfill sends, at once as it does (customers; orders; the
// line items of the last 365 days' orders, groupObjects on), and times each from bulkOperationRunQuery
// to COMPLETED (real ms, polled every 100 ms as the app's first polls are), on the store bench:backfill
// uses. The poll round trips show how responsive the emulator stays while it writes. --sha256 downloads the three files and
// prints their digests (byte-identity checks of emulator changes); --attach uses an emulator already
// running (e.g. one started under node --cpu-prof) instead of starting a child.
import crypto from "node:crypto";
import { parseArgs } from "node:util";
import { REVIEW_ELIGIBILITY_RULES } from "../../app/domain/review-eligibility";
import { BulkCustomers } from "../../app/shopify/graphql/bulk-customers.query";
import { bulkOrderLinesQuery } from "../../app/shopify/graphql/bulk-order-lines.query";
import { BulkOrders } from "../../app/shopify/graphql/bulk-orders.query";
import { median, startEmulatorChild } from "./bench-setup";

const ONLINE_RETAIL_ORDERS = 20_725; // as in backfill.bench.ts
const STORE_NOW = new Date("2011-12-10T09:00:00Z"); // tests/emulator/seed.ts STORES["online-retail"].now
const DAY_MS = 86_400_000;
const POLL_MS = 100;

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "1000000" },
    "history-years": { type: "string", default: "4" },
    runs: { type: "string", default: "3" },
    sha256: { type: "boolean", default: false },
    attach: { type: "string" },
    json: { type: "boolean", default: false },
  },
});

interface Emulator {
  shop: string;
  accessToken: string;
  adminApiUrl: string;
}

interface FileTiming {
  name: string;
  seconds: number;
  objectCount: number;
  fileSize: number;
  url: string;
}

const since = new Date(Math.floor((STORE_NOW.getTime() - REVIEW_ELIGIBILITY_RULES.purchaseWindowDays * DAY_MS) / DAY_MS) * DAY_MS);
const QUERIES = [
  { name: "customers", query: BulkCustomers, groupObjects: false },
  { name: "orders", query: BulkOrders, groupObjects: false },
  { name: "orderLines", query: bulkOrderLinesQuery({ since }), groupObjects: true },
];

async function graphql<T>(emulator: Emulator, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(emulator.adminApiUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": emulator.accessToken },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const RUN = `mutation ($query: String!, $groupObjects: Boolean!) {
  bulkOperationRunQuery(query: $query, groupObjects: $groupObjects) { bulkOperation { id } userErrors { message } }
}`;
const POLL = `query ($id: ID!) { bulkOperation(id: $id) { status objectCount fileSize url } }`;

/** Each query from its run mutation to COMPLETED; every poll's round trip goes into `pollMs`. */
async function timeOne(emulator: Emulator, spec: (typeof QUERIES)[number], pollMs: number[]): Promise<FileTiming> {
  const started = performance.now();
  const run = await graphql<{ bulkOperationRunQuery: { bulkOperation: { id: string } | null; userErrors: { message: string }[] } }>(
    emulator,
    RUN,
    {
      query: spec.query,
      groupObjects: spec.groupObjects,
    },
  );
  const op = run.bulkOperationRunQuery.bulkOperation;
  if (!op) throw new Error(`${spec.name}: ${JSON.stringify(run.bulkOperationRunQuery.userErrors)}`);
  for (;;) {
    const asked = performance.now();
    const { bulkOperation } = await graphql<{
      bulkOperation: { status: string; objectCount: string; fileSize: string | null; url: string | null };
    }>(emulator, POLL, {
      id: op.id,
    });
    const answered = performance.now();
    pollMs.push(answered - asked);
    if (bulkOperation.status === "COMPLETED") {
      return {
        name: spec.name,
        seconds: (answered - started) / 1000,
        objectCount: Number(bulkOperation.objectCount),
        fileSize: Number(bulkOperation.fileSize),
        url: bulkOperation.url!,
      };
    }
    if (bulkOperation.status !== "RUNNING" && bulkOperation.status !== "CREATED")
      throw new Error(`${spec.name} ended ${bulkOperation.status}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function sha256Of(url: string): Promise<string> {
  const hash = crypto.createHash("sha256");
  const response = await fetch(url);
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest("hex");
}

async function main() {
  const scale = Math.max(1, Math.round(Number(values.orders) / ONLINE_RETAIL_ORDERS));
  const historyYears = Number(values["history-years"]);
  const child = values.attach ? null : await startEmulatorChild({ scale, plan: "standard", historyYears });
  const emulator: Emulator = values.attach ? JSON.parse(values.attach) : child!;

  const runs: { files: FileTiming[]; wallSeconds: number; pollMs: number[] }[] = [];
  for (let i = 0; i < Number(values.runs); i++) {
    const pollMs: number[] = [];
    const started = performance.now();
    const files = await Promise.all(QUERIES.map((spec) => timeOne(emulator, spec, pollMs)));
    runs.push({ files, wallSeconds: (performance.now() - started) / 1000, pollMs });
    const line = files.map((f) => `${f.name} ${f.seconds.toFixed(2)} s`).join(", ");
    console.log(`run ${i + 1}: ${line}; all three ${runs[i].wallSeconds.toFixed(2)} s; slowest poll ${Math.max(...pollMs).toFixed(0)} ms`);
  }
  const last = runs[runs.length - 1].files;
  const summary = {
    scale,
    historyYears,
    runs: runs.length,
    files: QUERIES.map(({ name }, k) => ({
      name,
      medianSeconds: round(median(runs.map((r) => r.files[k].seconds))),
      lines: last[k].objectCount,
      bytes: last[k].fileSize,
    })),
    allThreeMedianSeconds: round(median(runs.map((r) => r.wallSeconds))),
    slowestPollMs: Math.round(Math.max(...runs.flatMap((r) => r.pollMs))),
    ...(values.sha256 ? { sha256: Object.fromEntries(await Promise.all(last.map(async (f) => [f.name, await sha256Of(f.url)]))) } : {}),
  };
  for (const f of summary.files) {
    console.log(
      `${f.name}: ${f.medianSeconds.toFixed(2)} s (median of ${runs.length}), ${f.lines.toLocaleString("en")} lines, ${(f.bytes / 1e6).toFixed(1)} MB`,
    );
  }
  console.log(`all three at once: ${summary.allThreeMedianSeconds.toFixed(2)} s; slowest bulkOperation poll ${summary.slowestPollMs} ms`);
  if (summary.sha256) for (const [name, digest] of Object.entries(summary.sha256)) console.log(`sha256 ${name} ${digest}`);
  if (values.json) console.log(JSON.stringify(summary));
  child?.stop();
  process.exit(0);
}

const round = (value: number) => Math.round(value * 100) / 100;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
