// A web process on SQLite hands its jobs to the worker process it starts: the jobs run there, in the
// worker's in-process queue (one shop's jobs in order), the failed-jobs list and drain answer across
// the IPC channel, and a worker that dies is started again for the jobs that come next.
import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { JobQueue } from "./job-types";
import { createWorkerProcessQueue } from "./worker-process-queue.server";

const CHILD = path.resolve(__dirname, "../../tests/helpers/worker-process-child.ts");

let queue: JobQueue | undefined;
let log = "";

function startQueue(): JobQueue {
  log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-worker-process-")), "jobs.log");
  fs.writeFileSync(log, "");
  queue = createWorkerProcessQueue(() => {
    return fork(CHILD, [], { execArgv: ["--import", "tsx"], env: { ...process.env, JOB_LOG: log }, stdio: "inherit" });
  });
  return queue;
}

/** The log's lines as "start a 1", and the worker processes that wrote them. */
function runs() {
  const lines = fs.readFileSync(log, "utf8").trim().split("\n").filter(Boolean);
  return { lines: lines.map((line) => line.split(" ").slice(1).join(" ")), pids: new Set(lines.map((line) => Number(line.split(" ")[0]))) };
}

async function waitForExit(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

afterEach(async () => {
  await queue?.stop();
  queue = undefined;
});

describe("the worker-process queue", () => {
  it("runs the jobs in the worker process, one shop's in the order they were enqueued", async () => {
    const queue = startQueue();
    await queue.enqueue("daily-refresh", { shop: "a", asOf: "1" });
    await queue.enqueue("daily-refresh", { shop: "a", asOf: "2" });
    await queue.enqueue("daily-refresh", { shop: "a", asOf: "3" });
    await queue.drain();
    const { lines, pids: writers } = runs();
    expect(lines).toEqual(["start a 1", "end a 1", "start a 2", "end a 2", "start a 3", "end a 3"]);
    expect(writers.has(process.pid)).toBe(false);
    expect(writers.size).toBe(1);
  }, 30_000);

  it("collapses a waiting job with the same singleton key, and lists a failed job for the settings page", async () => {
    const queue = startQueue();
    await queue.enqueue("daily-refresh", { shop: "a", asOf: "1" });
    await queue.enqueue("daily-refresh", { shop: "a", asOf: "2" }, { singletonKey: "k" });
    await queue.enqueue("daily-refresh", { shop: "a", asOf: "3" }, { singletonKey: "k" });
    await queue.enqueue("daily-refresh", { shop: "b", asOf: "boom" });
    await queue.drain();
    expect(runs().lines.filter((line) => line.startsWith("end a"))).toEqual(["end a 1", "end a 2"]);
    const failed = await queue.failedJobs("b");
    expect(failed.map(({ name, error }) => ({ name, error }))).toEqual([{ name: "daily-refresh", error: "the Admin API answered 401" }]);
    expect(await queue.failedJobs("a")).toEqual([]);
  }, 30_000);

  it("starts a worker that died again, and the next jobs run there", async () => {
    const queue = startQueue();
    await queue.enqueue("daily-refresh", { shop: "a", asOf: "1" });
    await queue.drain();
    const [first] = runs().pids;
    process.kill(first, "SIGKILL");
    // A job sent to a worker as it dies is lost with it, as the in-process queue's jobs are with a
    // restart (the new worker's start picks up waiting webhook events and settings runs).
    await waitForExit(first);
    await queue.enqueue("daily-refresh", { shop: "a", asOf: "2" });
    await queue.drain();
    const { lines, pids: writers } = runs();
    expect(lines).toEqual(["start a 1", "end a 1", "start a 2", "end a 2"]);
    expect(writers.size).toBe(2);
  }, 30_000);

  it("stops its worker when it stops", async () => {
    const queue = startQueue();
    await queue.enqueue("daily-refresh", { shop: "a", asOf: "1" });
    await queue.drain();
    const [worker] = runs().pids;
    await queue.stop();
    expect(() => process.kill(worker, 0)).toThrow();
  }, 30_000);
});
