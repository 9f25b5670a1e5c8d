// The embedded default's queue: one job at a time per shop, in order; shops side by side; a waiting
// job with the same singleton key is not queued twice; a failed job is kept for the settings page.
import { describe, expect, it } from "vitest";
import { createInProcessQueue } from "./in-process-queue.server";
import type { JobHandlers } from "./job-types";

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

function recordingQueue() {
  const events: string[] = [];
  const handlers = {
    "daily-refresh": async ({ shop, asOf }: { shop: string; asOf: string }) => {
      events.push(`start ${shop} ${asOf}`);
      await tick();
      if (asOf === "boom") throw new Error("the Admin API answered 401");
      events.push(`end ${shop} ${asOf}`);
    },
  } as unknown as JobHandlers;
  return { queue: createInProcessQueue(handlers), events };
}

describe("the in-process job queue", () => {
  it("runs the jobs of one shop one after another, in the order they came", async () => {
    const { queue, events } = recordingQueue();
    await queue.enqueue("daily-refresh", { shop: "a", asOf: "1" });
    await queue.enqueue("daily-refresh", { shop: "a", asOf: "2" });
    await queue.drain();
    expect(events).toEqual(["start a 1", "end a 1", "start a 2", "end a 2"]);
  });

  it("runs different shops side by side", async () => {
    const { queue, events } = recordingQueue();
    await queue.enqueue("daily-refresh", { shop: "a", asOf: "1" });
    await queue.enqueue("daily-refresh", { shop: "b", asOf: "1" });
    await queue.drain();
    expect(events.slice(0, 2)).toEqual(["start a 1", "start b 1"]);
  });

  it("does not queue a second waiting job with the same singleton key", async () => {
    const { queue, events } = recordingQueue();
    await queue.enqueue("daily-refresh", { shop: "a", asOf: "1" }, { singletonKey: "refresh:a" }); // starts at once
    await queue.enqueue("daily-refresh", { shop: "a", asOf: "2" }, { singletonKey: "refresh:a" }); // waits
    await queue.enqueue("daily-refresh", { shop: "a", asOf: "3" }, { singletonKey: "refresh:a" }); // dropped
    await queue.drain();
    expect(events).toEqual(["start a 1", "end a 1", "start a 2", "end a 2"]);
  });

  it("keeps a failed job for the shop's settings page and goes on with the next one", async () => {
    const { queue, events } = recordingQueue();
    await queue.enqueue("daily-refresh", { shop: "a", asOf: "boom" });
    await queue.enqueue("daily-refresh", { shop: "a", asOf: "2" });
    await queue.drain();
    expect(events).toEqual(["start a boom", "start a 2", "end a 2"]);
    const failed = await queue.failedJobs("a");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ name: "daily-refresh", error: "the Admin API answered 401" });
    expect(await queue.failedJobs("b")).toEqual([]);
  });
});
