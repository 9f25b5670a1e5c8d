// The process's job queue, built on first use (importing this module starts nothing): on SQLite the
// in-process queue, or in a web process the worker process it starts; pg-boss on PostgreSQL.
// app/start.server.ts starts it with the process's role; code that only enqueues (routes, jobs
// enqueuing follow-ups, tests) just uses `jobQueue`.
import { appEnv, type AppEnv } from "../env.server";
import { dialectOf } from "../db-dialect";
import type { JobQueue } from "./job-types";
import { createInProcessQueue } from "./in-process-queue.server";
import { createPgBossQueue } from "./pg-boss-queue.server";
import { createWorkerProcessQueue } from "./worker-process-queue.server";

let backend: Promise<JobQueue> | undefined;

/** Whether a process started with this role runs jobs (and so the schedules that enqueue them). */
export function startedProcessRunsJobs(role: AppEnv["TSUNAGU_ROLE"]): boolean {
  if (role === "worker") return true;
  return role === "all" && dialectOf(appEnv().DATABASE_URL).jobQueue === "pg-boss";
}

async function createBackend(role: AppEnv["TSUNAGU_ROLE"], started: boolean): Promise<JobQueue> {
  const url = appEnv().DATABASE_URL;
  const inProcess = dialectOf(url).jobQueue === "in-process";
  if (inProcess && started && !startedProcessRunsJobs(role)) return createWorkerProcessQueue();
  // Loaded here, not imported above: handlers enqueue follow-up jobs through this module.
  const { JOB_HANDLERS } = await import("../jobs/job-handlers.server");
  if (inProcess) return createInProcessQueue(JOB_HANDLERS);
  return createPgBossQueue({ connectionString: url, handlers: JOB_HANDLERS, role });
}

/**
 * Started by a process's start-up (startApp). SQLite (the embedded default): the server process hands
 * every job to the worker process it starts (worker-process-queue.server.ts), which runs them in its
 * in-process queue ("worker"). PostgreSQL: jobs go through pg-boss, and the role says what this process
 * does with them: "web" only enqueues, "worker" (npm run worker) processes them, "all" (TSUNAGU_ROLE's
 * default) does both — one process serving a small deployment. Used without a start (tests, the CLI),
 * the queue runs jobs in the process.
 */
export async function startJobQueue(role: AppEnv["TSUNAGU_ROLE"] = appEnv().TSUNAGU_ROLE): Promise<JobQueue> {
  backend ??= createBackend(role, true);
  const queue = await backend;
  await queue.start();
  return queue;
}

const current = () => (backend ??= createBackend(appEnv().TSUNAGU_ROLE, false));

export const jobQueue: JobQueue = {
  enqueue: async (name, data, options) => (await current()).enqueue(name, data, options),
  drain: async () => (await current()).drain(),
  start: async () => (await current()).start(),
  failedJobs: async (shop) => (await current()).failedJobs(shop),
  schedule: (name, everyMs, tick) => void current().then((queue) => queue.schedule(name, everyMs, tick)),
  stop: async () => {
    if (backend) await (await backend).stop();
  },
};
