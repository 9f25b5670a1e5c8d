// The one start-up path of a process, called once by the server entry (entry.server.tsx) and by the
// worker (worker.ts): check the environment, start the job queue with the process's role, start the
// schedules. Importing any module of the app starts nothing.
import { appEnv, type AppEnv } from "./env.server";
import { startedProcessRunsJobs, startJobQueue } from "./queue/job-queue.server";
import { listenForWebhookEvents, startSchedules } from "./jobs/enqueue.server";

declare global {
  var tsunaguStarted: Promise<void> | undefined;
}

/** Start once per process (the dev server re-evaluates the entry on every change). */
export function startApp(role?: AppEnv["TSUNAGU_ROLE"]): Promise<void> {
  global.tsunaguStarted ??= (async () => {
    const env = appEnv(); // throws, naming every missing or malformed variable
    const processRole = role ?? env.TSUNAGU_ROLE;
    const queue = await startJobQueue(processRole);
    // Schedules run where jobs run (the workers, or the one process that does both on PostgreSQL),
    // and so does the enqueueing of the webhook events web processes announce (PostgreSQL).
    const runsJobs = startedProcessRunsJobs(processRole);
    if (runsJobs) startSchedules();
    const listening = runsJobs ? await listenForWebhookEvents() : undefined;
    // The server (server.mjs, or remix-serve) closes on these signals and lets the process end once nothing is left
    // running; pg-boss's pollers and the LISTEN connection would keep it alive, so they close too.
    for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void Promise.all([queue.stop(), listening?.close()]));
  })();
  return global.tsunaguStarted;
}
