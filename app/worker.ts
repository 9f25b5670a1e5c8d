// A job worker: it runs the jobs web processes enqueue and the schedules (daily refresh,
// reconciliation). On PostgreSQL, `npm run worker`: jobs come through pg-boss; start as many as the
// queue needs. On SQLite, each web process starts its own (worker-process-queue.server.ts) and hands it
// the jobs through Node's IPC channel. Stops gracefully on SIGTERM/SIGINT: the running job finishes,
// none is lost (every job resumes from the database).
import os from "node:os";
import { dialectOf } from "./db-dialect";
import { appEnv } from "./env.server";
import { routeShopifyLibraryTraffic } from "./shopify/api-origin.server";
import { startApp } from "./start.server";
import { jobQueue } from "./queue/job-queue.server";
import { serveWebProcess } from "./queue/worker-process-queue.server";

const WORKER_NICENESS = 10;

async function main() {
  const env = appEnv();
  const servesWebProcess = dialectOf(env.DATABASE_URL).jobQueue === "in-process";
  if (servesWebProcess && typeof process.send !== "function") {
    throw new Error("npm run worker needs DATABASE_URL=postgresql://…; with SQLite the web process starts its worker itself.");
  }
  routeShopifyLibraryTraffic(env.SHOPIFY_API_ORIGIN);
  // Beside web processes on the same machine, a backfill must not slow the webhook intake past
  // Shopify's 5 s: the worker runs at a lower CPU priority (niceness 10; raising it needs no privilege).
  os.setPriority(WORKER_NICENESS);
  await startApp("worker");
  console.log(`[tsunagu] worker ${process.pid} started`);
  const stop = async (signal: string) => {
    console.log(`[tsunagu] worker ${process.pid}: ${signal}, finishing the running job`);
    await jobQueue.stop();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
  if (servesWebProcess) serveWebProcess(jobQueue, () => void stop("the web process is gone"));
}

main().catch((error) => {
  console.error(`[tsunagu] worker: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
