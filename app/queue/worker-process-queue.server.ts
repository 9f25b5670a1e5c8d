// The job queue of a web process on SQLite: the jobs run in a worker process this process starts
// (app/worker.ts, built as build/worker.js; niceness 10), so a backfill or a batch of webhook processing
// never holds up the requests — the webhook intake stays a signature check and one INSERT
// (docs/architecture.md §3). SQLite is one file on one machine, so each web process has its one worker,
// reached through Node's IPC channel: enqueues, the failed-jobs list and drain are forwarded to the
// worker's in-process queue, where a shop's jobs run one at a time in the order enqueued. The worker
// runs the schedules.
//
// Like the in-process queue it forwards to, nothing queued survives the worker: a worker that dies is
// started again, and its start (the reconciliation tick, unfinished settings runs) picks up what was
// waiting, as after a restart — every job resumes from the database.
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { appEnv } from "../env.server";
import type { EnqueueOptions, FailedJob, JobName, JobPayloads, JobQueue } from "./job-types";

/** Web process → worker. */
export type ToWorker =
  | { type: "enqueue"; name: JobName; data: JobPayloads[JobName]; options?: EnqueueOptions }
  | { type: "failed-jobs"; id: number; shop: string }
  | { type: "drain"; id: number };

/** Worker → web process. */
export type ToWeb = { type: "ready" } | { type: "reply"; id: number; failedJobs?: FailedJob[] };

const RESTART_DELAY_MS = 1_000;
const STOP_GRACE_MS = 35_000; // the worker waits up to 30 s for its running job

/**
 * The old space of every process that runs jobs (this worker; `npm start` and `npm run worker` pass the
 * same flag in package.json). Below 2 GB V8 lets the heap grow to ~1.6× what survived its last full
 * collection before the next one, instead of 4×: a backfill's garbage (JSONL lines, raw rows, write
 * batches) then stays near what it holds — at 200k orders the whole run's peak RSS 448 → 297 MB
 * (docs/decisions/055-job-processes-old-space.md). The largest heap a job was measured to hold is ~150 MB.
 */
export const JOB_PROCESS_OLD_SPACE_FLAG = "--max-old-space-size=1024";

/**
 * The worker bundle beside the server bundle (build/worker.js, which `npm run build` writes and `npm run
 * worker` starts). In development (`shopify app dev` rebuilds only the server) the source through tsx, so
 * a change to a job is picked up when the worker restarts.
 */
function forkWorker(): ChildProcess {
  const env = { ...process.env, TSUNAGU_ROLE: "worker" };
  if (appEnv().NODE_ENV === "development") {
    const execArgv = ["--import", "tsx", JOB_PROCESS_OLD_SPACE_FLAG];
    return fork(path.join(process.cwd(), "app", "worker.ts"), [], { execArgv, env, stdio: "inherit" });
  }
  const bundle = path.join(__dirname, "worker.js");
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: \`npm run build\` builds the worker beside the server`);
  return fork(bundle, [], { execArgv: [...process.execArgv, JOB_PROCESS_OLD_SPACE_FLAG], env, stdio: "inherit" });
}

export function createWorkerProcessQueue(startWorker: () => ChildProcess = forkWorker): JobQueue {
  let child: ChildProcess | undefined;
  let ready: Promise<ChildProcess> | undefined;
  let stopping: Promise<void> | undefined;
  let nextId = 0;
  const replies = new Map<number, { resolve: (message: ToWeb & { type: "reply" }) => void; reject: (error: Error) => void }>();

  function launch(): Promise<ChildProcess> {
    const worker = startWorker();
    child = worker;
    const started = new Promise<ChildProcess>((resolve, reject) => {
      worker.on("message", (message: ToWeb) => {
        if (message.type === "ready") resolve(worker);
        else replies.get(message.id)?.resolve(message);
      });
      worker.once("exit", (code, signal) => {
        const error = new Error(`the worker process exited (${signal ?? code})`);
        reject(error);
        for (const waiter of replies.values()) waiter.reject(error);
        replies.clear();
        if (stopping || child !== worker) return;
        console.error(`[tsunagu] ${error.message}; starting it again`);
        // What is sent meanwhile waits for the new worker.
        ready = new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS)).then(launch);
      });
    });
    started.catch(() => {}); // whoever sends next waits on it
    return started;
  }

  /** The running worker; one that exits before it is ready is waited for again once it restarts. */
  async function worker(): Promise<ChildProcess> {
    for (;;) {
      const current = (ready ??= launch());
      try {
        return await current;
      } catch (error) {
        if (stopping || ready === current) throw error;
      }
    }
  }

  async function send(message: ToWorker): Promise<void> {
    const target = await worker();
    await new Promise<void>((resolve, reject) => target.send(message, (error) => (error ? reject(error) : resolve())));
  }

  async function request(message: (id: number) => ToWorker): Promise<ToWeb & { type: "reply" }> {
    const id = nextId++;
    const reply = new Promise<ToWeb & { type: "reply" }>((resolve, reject) => replies.set(id, { resolve, reject }));
    reply.catch(() => {}); // awaited below, once sent
    try {
      await send(message(id));
      return await reply;
    } finally {
      replies.delete(id);
    }
  }

  return {
    async start() {
      await worker();
    },
    async enqueue(name, data, options) {
      await send({ type: "enqueue", name, data, options });
    },
    async failedJobs(shop) {
      return (await request((id) => ({ type: "failed-jobs", id, shop }))).failedJobs ?? [];
    },
    async drain() {
      await request((id) => ({ type: "drain", id }));
    },
    // The worker runs the schedules (it starts them as any job-running process does).
    schedule() {},
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        const target = child;
        if (!target || target.exitCode !== null || target.signalCode !== null) return resolve();
        const kill = setTimeout(() => target.kill("SIGKILL"), STOP_GRACE_MS);
        target.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        target.kill("SIGTERM");
      });
      return stopping;
    },
  };
}

/** The worker's side: take the web process's messages into this process's queue, then say ready. */
export function serveWebProcess(queue: JobQueue, onDisconnect: () => void): void {
  const reply = (message: ToWeb) => process.send?.(message);
  process.on("message", (message: ToWorker) => {
    if (message.type === "enqueue") {
      void queue.enqueue(message.name, message.data, message.options);
    } else if (message.type === "failed-jobs") {
      void queue.failedJobs(message.shop).then((failedJobs) => reply({ type: "reply", id: message.id, failedJobs }));
    } else if (message.type === "drain") {
      void queue.drain().then(() => reply({ type: "reply", id: message.id }));
    }
  });
  // The web process is gone (it ended, or was killed): nothing can reach this worker any more.
  process.once("disconnect", onDisconnect);
  reply({ type: "ready" });
}
