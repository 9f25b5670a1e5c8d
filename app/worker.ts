// `npm run worker`: a job worker for deployments on PostgreSQL. It processes the jobs that web
// processes enqueue (pg-boss) and runs the schedules (daily refresh, reconciliation); start as many
// as the queue needs. Stops gracefully on SIGTERM/SIGINT: the running job finishes, none is lost.
import os from "node:os";
import { dialectOf } from "./db-dialect";
import { appEnv } from "./env.server";
import { routeShopifyLibraryTraffic } from "./shopify/api-origin.server";
import { startApp } from "./start.server";
import { jobQueue } from "./queue/job-queue.server";

const WORKER_NICENESS = 10;

async function main() {
  const env = appEnv();
  if (dialectOf(env.DATABASE_URL).jobQueue !== "pg-boss") {
    throw new Error("npm run worker needs DATABASE_URL=postgresql://…; with SQLite the web process runs the jobs itself.");
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
}

main().catch((error) => {
  console.error(`[tsunagu] worker: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
