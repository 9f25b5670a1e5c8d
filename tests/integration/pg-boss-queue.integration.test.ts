// The PostgreSQL job queue across real worker processes: two workers racing for one shop never run
// its jobs at the same time; a worker killed mid-job leaves the job to another, which finishes it;
// every job's effect is applied exactly once. (PostgreSQL pass only: pg-boss lives in PostgreSQL.)
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPgBossQueue } from "../../app/queue/pg-boss-queue.server";
import type { JobHandlers } from "../../app/queue/job-types";
import { waitFor } from "../helpers/wait-for";

const postgres = inject("postgres");
const REPO_ROOT = path.resolve(__dirname, "../..");
let db: pg.Pool;
const workers: ChildProcess[] = [];

function startWorker(name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/queue-worker-child.ts"], {
    cwd: REPO_ROOT,
    // A job's expiry (after which it counts as abandoned) far above its run time, even on a loaded machine.
    env: { ...process.env, WORKER_NAME: name, JOB_MS: "300" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  workers.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      if (output.includes(`ready ${name}`)) resolve(child);
    });
    child.stderr!.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => reject(new Error(`worker ${name} exited (${code}):\n${output}`)));
  });
}

/** A web process: enqueues only (a shop's queue takes its retry and expiry settings from whoever creates it: the same as the workers'). */
const web = () =>
  createPgBossQueue({
    connectionString: process.env.DATABASE_URL!,
    handlers: {} as JobHandlers,
    role: "web",
    expireInSeconds: 20,
    retryLimit: 3,
    retryDelaySeconds: 1,
  });

beforeAll(async () => {
  if (!postgres) return;
  db = new pg.Pool({ connectionString: process.env.DATABASE_URL! });
  await db.query(`CREATE TABLE queue_ledger (worker text, job text, shop text, event text, at timestamptz)`);
  await db.query(`CREATE TABLE queue_effects (job_key text PRIMARY KEY, worker text, applied int NOT NULL DEFAULT 1)`);
});

afterAll(async () => {
  for (const child of workers) if (child.exitCode === null) child.kill("SIGKILL");
  await db?.end();
});

describe.runIf(!!postgres)("pg-boss queue across worker processes", () => {
  it("two workers racing for one shop never run its jobs at the same time, run them in the order enqueued, and each once", async () => {
    await Promise.all([startWorker("a"), startWorker("b")]);
    const queue = web();
    for (let day = 1; day <= 4; day++) {
      await queue.enqueue("daily-refresh", { shop: "race.myshopify.com", asOf: `2026-11-0${day}T00:00:00Z` });
    }
    await queue.enqueue("daily-refresh", { shop: "other.myshopify.com", asOf: "2026-11-01T00:00:00Z" });
    await waitFor(async () => (await db.query("SELECT COUNT(*)::int AS n FROM queue_effects")).rows[0].n === 5 || null, {
      what: "five jobs done",
      timeoutMs: 60_000,
    });
    await queue.stop();

    const { rows } = await db.query<{ job: string; event: string; at: Date }>(
      `SELECT job, event, at FROM queue_ledger WHERE shop = 'race.myshopify.com' ORDER BY at`,
    );
    // Runs of the same shop never overlap: starts and ends alternate; and they run in the order enqueued.
    expect(rows.map((r) => r.event)).toEqual(["start", "end", "start", "end", "start", "end", "start", "end"]);
    expect(rows.filter((r) => r.event === "start").map((r) => r.job.slice(-20, -10))).toEqual([
      "2026-11-01",
      "2026-11-02",
      "2026-11-03",
      "2026-11-04",
    ]);
    const effects = await db.query<{ applied: number }>("SELECT applied FROM queue_effects");
    expect(effects.rows.map((r) => r.applied)).toEqual([1, 1, 1, 1, 1]);
  }, 90_000);

  it("a burst of one shop runs back to back in order while other shops' jobs run beside it", async () => {
    const queue = web();
    for (let i = 1; i <= 30; i++)
      await queue.enqueue("review-eligibility", { shop: "burst.myshopify.com", customerId: String(i).padStart(2, "0") });
    for (const shop of ["side-1.myshopify.com", "side-2.myshopify.com"])
      await queue.enqueue("review-eligibility", { shop, customerId: "01" });
    await waitFor(
      async () =>
        (await db.query("SELECT COUNT(*)::int AS n FROM queue_effects WHERE job_key LIKE 'review-eligibility:%'")).rows[0].n === 32 || null,
      {
        what: "32 jobs done",
        timeoutMs: 60_000,
      },
    );
    await queue.stop();
    const burst = await db.query<{ job: string; event: string; at: Date }>(
      `SELECT job, event, at FROM queue_ledger WHERE shop = 'burst.myshopify.com' ORDER BY at`,
    );
    expect(burst.rows.map((r) => r.event)).toEqual(Array.from({ length: 30 }, () => ["start", "end"]).flat());
    expect(burst.rows.filter((r) => r.event === "start").map((r) => r.job.slice(-2))).toEqual(
      Array.from({ length: 30 }, (_, i) => String(i + 1).padStart(2, "0")),
    );
    // The other shops did not wait for the burst to finish.
    const sides = await db.query<{ at: Date }>(`SELECT at FROM queue_ledger WHERE shop LIKE 'side-%' AND event = 'end'`);
    const burstEnd = burst.rows[burst.rows.length - 1].at.getTime();
    for (const side of sides.rows) expect(side.at.getTime()).toBeLessThan(burstEnd);
    const effects = await db.query<{ applied: number }>("SELECT applied FROM queue_effects WHERE job_key LIKE 'review-eligibility:%'");
    expect(effects.rows.every((r) => r.applied === 1)).toBe(true);
  }, 90_000);

  it("a worker killed mid-job leaves the job to another worker, which finishes it; nothing is applied twice", async () => {
    const queue = web();
    await queue.enqueue("initial-sync", { shop: "killed.myshopify.com" });
    const started = await waitFor(
      async () =>
        (await db.query<{ worker: string }>(`SELECT worker FROM queue_ledger WHERE shop = 'killed.myshopify.com' AND event = 'start'`))
          .rows[0] ?? null,
      { what: "the job to start", timeoutMs: 30_000 },
    );
    const victim = workers.find((_, i) => ["a", "b"][i] === started.worker)!;
    victim.kill("SIGKILL");

    const effect = await waitFor(
      async () =>
        (
          await db.query<{ worker: string; applied: number }>(
            `SELECT worker, applied FROM queue_effects WHERE job_key = 'initial-sync:killed.myshopify.com'`,
          )
        ).rows[0] ?? null,
      { what: "another worker to finish the job", timeoutMs: 60_000 },
    );
    await queue.stop();
    expect(effect.worker).not.toBe(started.worker);
    expect(effect.applied).toBe(1);
  }, 90_000);

  it("a job that keeps failing is retried with backoff, then set aside as failed for its shop only (Settings → Jobs), and the shop's next job runs", async () => {
    const queue = web();
    await queue.enqueue("reconcile", { shop: "failing.myshopify.com" });
    await queue.enqueue("daily-refresh", { shop: "failing.myshopify.com", asOf: "after-the-failing-job" });
    const [failed] = await waitFor(
      async () => ((await queue.failedJobs("failing.myshopify.com")).length ? queue.failedJobs("failing.myshopify.com") : null),
      {
        what: "the job to fail for good",
        timeoutMs: 60_000,
      },
    );
    expect(failed).toMatchObject({ name: "reconcile", error: "Shopify answered 401" });
    const attempts = await db.query<{ at: Date }>(
      `SELECT at FROM queue_ledger WHERE shop = 'failing.myshopify.com' AND job = 'reconcile' ORDER BY at`,
    );
    expect(attempts.rows).toHaveLength(4); // the first run and 3 retries
    // Backoff: retry n waits at least retryDelay × 2^n / 2 (1, 2, 4 s; pg-boss adds up to as much again at random).
    const pauses = attempts.rows.slice(1).map((row, i) => row.at.getTime() - attempts.rows[i].at.getTime());
    pauses.forEach((pause, i) => expect(pause).toBeGreaterThanOrEqual(1000 * 2 ** i - 50));
    expect(await queue.failedJobs("other.myshopify.com")).toEqual([]);
    // Set aside, it no longer holds up its shop: the next job ran after its last attempt.
    const next = await waitFor(
      async () =>
        (
          await db.query<{ at: Date }>(
            `SELECT at FROM queue_ledger WHERE job = 'daily-refresh:failing.myshopify.com:after-the-failing-job' AND event = 'start'`,
          )
        ).rows[0] ?? null,
      { what: "the shop's next job", timeoutMs: 30_000 },
    );
    expect(next.at.getTime()).toBeGreaterThan(attempts.rows[3].at.getTime());
    await queue.stop();
  }, 90_000);
});
