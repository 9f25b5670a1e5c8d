// The process's job queue, built on first use (importing this module starts nothing): in-process on
// SQLite, pg-boss on PostgreSQL. app/start.server.ts starts it with the process's role; code that only
// enqueues (routes, jobs enqueuing follow-ups, tests) just uses `jobQueue`.
import { appEnv, type AppEnv } from "../env.server";
import { dialectOf } from "../db-dialect";
import type { JobQueue } from "./job-types";
import { createInProcessQueue } from "./in-process-queue.server";
import { createPgBossQueue } from "./pg-boss-queue.server";

let backend: Promise<JobQueue> | undefined;

async function createBackend(role: AppEnv["TSUNAGU_ROLE"]): Promise<JobQueue> {
  // Loaded here, not imported above: handlers enqueue follow-up jobs through this module.
  const { JOB_HANDLERS } = await import("../jobs/job-handlers.server");
  const url = appEnv().DATABASE_URL;
  if (dialectOf(url).jobQueue === "in-process") return createInProcessQueue(JOB_HANDLERS);
  return createPgBossQueue({ connectionString: url, handlers: JOB_HANDLERS, role });
}

/**
 * SQLite (the embedded default): jobs run in this process. PostgreSQL: jobs go through pg-boss, and
 * the role says what this process does with them: "web" only enqueues, "worker" (npm run worker)
 * processes them, "all" (TSUNAGU_ROLE's default) does both — one process serving a small deployment.
 */
export async function startJobQueue(role: AppEnv["TSUNAGU_ROLE"] = appEnv().TSUNAGU_ROLE): Promise<JobQueue> {
  backend ??= createBackend(role);
  const queue = await backend;
  await queue.start();
  return queue;
}

const current = () => (backend ??= createBackend(appEnv().TSUNAGU_ROLE));

export const jobQueue: JobQueue = {
  enqueue: async (name, data, options) => (await current()).enqueue(name, data, options),
  drain: async () => (await current()).drain(),
  start: async () => void (await startJobQueue()),
  failedJobs: async (shop) => (await current()).failedJobs(shop),
  schedule: (name, everyMs, tick) => void current().then((queue) => queue.schedule(name, everyMs, tick)),
  stop: async () => {
    if (backend) await (await backend).stop();
  },
};
