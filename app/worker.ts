// `npm run worker`: a job worker for deployments on PostgreSQL. It processes the jobs that web
// processes enqueue (pg-boss) and runs the schedules (daily refresh, reconciliation); start as many
// as the queue needs. Stops gracefully on SIGTERM/SIGINT: the running job finishes, none is lost.
import { databaseKind, databaseUrl } from "./db-url";

if (databaseKind(databaseUrl()) !== "postgresql") {
  console.error("npm run worker needs DATABASE_URL=postgresql://…; with SQLite the web process runs the jobs itself.");
  process.exit(1);
}
process.env.TSUNAGU_ROLE = "worker";

async function main() {
  const { routeShopifyLibraryTraffic } = await import("./shopify/api-origin.server");
  routeShopifyLibraryTraffic(process.env.SHOPIFY_API_ORIGIN);
  const { jobQueue, startSchedules } = await import("./jobs/queue.server");
  startSchedules();
  await jobQueue.start();
  console.log(`[tsunagu] worker ${process.pid} started`);
  const stop = async (signal: string) => {
    console.log(`[tsunagu] worker ${process.pid}: ${signal}, finishing the running job`);
    await jobQueue.stop();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

void main();
