// Latency of the built app's page loaders, shared by the benches that time admin pages
// (bench:dashboard, bench:subscriptions): the shop made installed and synced so the app starts no job of
// its own, and `connections` concurrent clients calling one loader with a valid session token.
import fs from "node:fs";
import type { PrismaClient } from "@prisma/client";
import { mintSessionToken } from "../emulator/session-token";
import { BROWSER_HEADERS, TEST_APP } from "../helpers/test-app";
import { percentile } from "./bench-setup";

const REQUEST_TIMEOUT_MS = 60_000;

export interface LoaderLatency {
  p50Ms: number;
  p95Ms: number;
  requests: number;
  /** CPU (user + system) of the app process while timed, per request: what load does not inflate. */
  cpuMsPerRequest?: number;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system, every thread) of a process: utime and stime from /proc/<pid>/stat (Linux). */
export function processCpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/**
 * Installed, synced, refreshed and reconciled as of `now`: an offline session, a completed initial sync
 * and the shop's daily marks, so the app's schedules find nothing to do while it is timed.
 */
export async function markInstalledAndSynced(
  prisma: PrismaClient,
  { shop, accessToken, now }: { shop: string; accessToken: string; now: Date },
): Promise<void> {
  await prisma.session.create({
    data: {
      id: `offline_${shop}`,
      shop,
      state: "",
      isOnline: false,
      scope: "read_customers,write_customers,read_orders,read_all_orders,read_products",
      accessToken,
    },
  });
  await prisma.syncRun.create({
    data: { shop, kind: "initial", status: "completed", phase: "done", startedAt: now, finishedAt: now, heartbeatAt: now },
  });
  await prisma.shop.update({ where: { shop }, data: { lastDailyRunAt: now, reconciledThrough: now, checkoutsSyncedThrough: now } });
}

/** The URL of a page's loader data (`?_data=<route id>`), after the page's own query if it has one. */
export function loaderUrl(appUrl: string, pagePath: string, routeId: string): string {
  return `${appUrl}${pagePath}${pagePath.includes("?") ? "&" : "?"}_data=${encodeURIComponent(routeId)}`;
}

/** Request headers of an embedded admin page: a session token minted now (the library checks exp against the clock). */
export async function adminHeaders(shop: string): Promise<Record<string, string>> {
  const token = await mintSessionToken({ shop, apiKey: TEST_APP.apiKey, apiSecret: TEST_APP.apiSecret, ttlSeconds: 600 });
  return { ...BROWSER_HEADERS, Authorization: `Bearer ${token}` };
}

/**
 * One second of warm-up, then `connections` clients each send a request, wait for the whole answer and
 * send the next, for `seconds` (autocannon's model). Throws when any answer is not 2xx. With the app's
 * `pid`, also the app process's CPU per request over the timed seconds.
 */
export async function timeLoader(
  url: string,
  headers: Record<string, string>,
  { connections, seconds, pid }: { connections: number; seconds: number; pid?: number },
): Promise<LoaderLatency> {
  await requestsFor(url, headers, connections, 1);
  const cpuFrom = pid === undefined ? 0 : processCpuSeconds(pid);
  const { latencies, non2xx } = await requestsFor(url, headers, connections, seconds);
  const cpuSeconds = pid === undefined ? undefined : processCpuSeconds(pid) - cpuFrom;
  if (non2xx > 0) throw new Error(`${non2xx} of ${latencies.length} responses were not 2xx`);
  latencies.sort((a, b) => a - b);
  return {
    p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
    p95Ms: Math.round(percentile(latencies, 95) * 10) / 10,
    requests: latencies.length,
    ...(cpuSeconds === undefined ? {} : { cpuMsPerRequest: Math.round((cpuSeconds * 10_000) / latencies.length) / 10 }),
  };
}

async function requestsFor(url: string, headers: Record<string, string>, connections: number, seconds: number) {
  const latencies: number[] = [];
  let non2xx = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const sent = performance.now();
        // A keep-alive socket the server closed while idle resets once; a second failure is real, and
        // a page that takes more than a minute is reported as failed rather than waited for.
        const send = () => fetch(url, { headers, redirect: "manual", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        const response = await send().catch((error) => (error?.name === "TimeoutError" ? Promise.reject(error) : send()));
        await response.arrayBuffer();
        latencies.push(performance.now() - sent);
        if (response.status < 200 || response.status >= 300) non2xx++;
      }
    }),
  );
  return { latencies, non2xx };
}
