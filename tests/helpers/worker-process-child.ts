// A worker process for the worker-process queue test: the in-process queue behind serveWebProcess, as
// app/worker.ts runs it on SQLite, with handlers that append each run to a log file the test reads.
import fs from "node:fs";
import { createInProcessQueue } from "../../app/queue/in-process-queue.server";
import type { JobHandlers } from "../../app/queue/job-types";
import { serveWebProcess } from "../../app/queue/worker-process-queue.server";

const log = process.env.JOB_LOG!;
const record = (line: string) => fs.appendFileSync(log, `${process.pid} ${line}\n`);

const handlers = {
  "daily-refresh": async ({ shop, asOf }: { shop: string; asOf: string }) => {
    record(`start ${shop} ${asOf}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (asOf === "boom") throw new Error("the Admin API answered 401");
    record(`end ${shop} ${asOf}`);
  },
} as unknown as JobHandlers;

const queue = createInProcessQueue(handlers);
serveWebProcess(queue, () => process.exit(0));
process.once("SIGTERM", () => void queue.stop().then(() => process.exit(0)));
