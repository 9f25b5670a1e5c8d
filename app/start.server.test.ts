// Nothing starts on import: loading the Shopify app, the queue and every job module arms no
// schedule and starts no queue; app/start.server.ts is the one place that starts them.
import { expect, it, vi } from "vitest";

it("importing the app's modules starts no queue and no schedule", async () => {
  Object.assign(process.env, {
    SHOPIFY_API_KEY: "key",
    SHOPIFY_API_SECRET: "secret",
    SHOPIFY_APP_URL: "http://127.0.0.1:1",
    SCOPES: "read_orders",
  });
  const setInterval = vi.spyOn(globalThis, "setInterval");
  await import("./shopify.server");
  await import("./jobs/enqueue.server");
  await import("./jobs/job-handlers.server");
  const { jobQueue } = await import("./queue/job-queue.server");
  await jobQueue.drain(); // the queue is built here, on first use; a schedule asked for at import would be armed by now
  expect(setInterval).not.toHaveBeenCalled();
  expect(global.tsunaguStarted).toBeUndefined();
});
