// The one Admin API client (graphql-request). It reads the calculated cost Shopify returns
// (extensions.cost.throttleStatus), paces itself to the shop's restore rate so it is not throttled,
// and retries THROTTLED, 5xx/429 and network failures with backoff — a write is never dropped.
import type { AdminOperations } from "@shopify/admin-api-client";
import { ClientError, GraphQLClient } from "graphql-request";
import { adminGraphqlUrl } from "./api-origin.server";

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

interface GraphqlErrorShape {
  message: string;
  extensions?: { code?: string };
}

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly errors: GraphqlErrorShape[] = [],
  ) {
    super(message);
    this.name = "AdminApiError";
  }
}

/**
 * A document of app/shopify/graphql typed by code generation (app/shopify/graphql/generated, docs/contributing.md):
 * passed as the exported constant, its variables and answer follow from the string itself.
 */
export type AdminDocument = keyof AdminOperations;

export interface AdminClient {
  readonly shop: string;
  request<D extends AdminDocument, Answer = AdminOperations[D]["return"]>(
    document: D,
    variables?: AdminOperations[D]["variables"],
  ): Promise<Answer>;
  /** A document built at run time (a fragment interpolated, one of several chosen): name its generated type. */
  request<T>(document: string, variables?: Record<string, unknown>): Promise<T>;
  /** Counters for tests and benchmarks. */
  readonly stats: { requests: number; throttled: number; retried: number; waitedMs: number };
}

export interface AdminClientOptions {
  shop: string;
  accessToken: string;
  endpoint?: string;
  maxRetries?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** What we believe the shop's bucket holds, from the last response and the time since. */
class BucketEstimate {
  private status: ThrottleStatus | undefined;
  private at = 0;
  /** Requests are paced one at a time per shop so their reservations do not race. */
  queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly now: () => number) {}

  available(): number {
    if (!this.status) return Number.POSITIVE_INFINITY;
    const restored = ((this.now() - this.at) / 1000) * this.status.restoreRate;
    return Math.min(this.status.maximumAvailable, this.status.currentlyAvailable + restored);
  }

  msUntil(cost: number): number {
    if (!this.status) return 0;
    const missing = Math.min(cost, this.status.maximumAvailable) - this.available();
    return missing > 0 ? Math.ceil((missing / this.status.restoreRate) * 1000) : 0;
  }

  /**
   * Points reserved by requests sent and not answered yet. An answer's throttleStatus may predate
   * them, so they are taken off what it reports: the estimate errs low, never over the bucket.
   */
  private inFlight = 0;

  reserve(cost: number): void {
    this.inFlight += cost;
    if (!this.status) return;
    this.status = { ...this.status, currentlyAvailable: this.available() - cost };
    this.at = this.now();
  }

  /** The request holding `cost` was answered or failed: its reservation is over. */
  settle(cost: number): void {
    this.inFlight -= cost;
  }

  observe(status: ThrottleStatus): void {
    this.status = { ...status, currentlyAvailable: status.currentlyAvailable - this.inFlight };
    this.at = this.now();
  }
}

const buckets = new Map<string, BucketEstimate>();
// The last requested cost of each document: the best guess for its next call.
const requestedCostByDocument = new Map<string, number>();
const FIRST_CALL_COST_GUESS = 100;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// remix-serve (v3_singleFetch off) replaces the global fetch with @remix-run/web-fetch after loading the
// app; aborting one of its POSTs (our timeout) throws where nothing can catch it and the process dies
// (remix-run/remix#3971). Node's own fetch, captured when this module loads, times out cleanly.
const nodeFetch = globalThis.fetch;

function isRetriableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

export function createAdminClient(options: AdminClientOptions): AdminClient {
  const {
    shop,
    accessToken,
    endpoint = adminGraphqlUrl(shop),
    maxRetries = 6,
    timeoutMs = 30_000,
    sleep = defaultSleep,
    now = Date.now,
  } = options;
  const client = new GraphQLClient(endpoint, {
    headers: { "X-Shopify-Access-Token": accessToken },
    errorPolicy: "all",
    fetch: nodeFetch,
  });
  const bucketKey = `${endpoint}|${shop}`;
  let bucket = buckets.get(bucketKey);
  if (!bucket) {
    bucket = new BucketEstimate(now);
    buckets.set(bucketKey, bucket);
  }
  const estimate = bucket;
  const stats = { requests: 0, throttled: 0, retried: 0, waitedMs: 0 };

  async function waitFor(ms: number) {
    if (ms <= 0) return;
    stats.waitedMs += ms;
    await sleep(ms);
  }

  /**
   * Wait for this request's turn and for the bucket to hold its cost. A document sent for the first
   * time holds the queue until its answer tells its real cost, so concurrent calls do not all pace
   * on a guess. Returns the points reserved and the function that releases the queue.
   */
  async function paced(document: string): Promise<{ reserved: number; release: () => void }> {
    let answered: Promise<void> | undefined;
    let release = () => {};
    let reserved = 0;
    const turn = estimate.queue.then(async () => {
      const known = requestedCostByDocument.get(document);
      reserved = known ?? FIRST_CALL_COST_GUESS;
      await waitFor(estimate.msUntil(reserved));
      estimate.reserve(reserved);
      if (known === undefined) answered = new Promise<void>((resolve) => (release = resolve));
    });
    estimate.queue = turn.then(() => answered).catch(() => undefined);
    await turn;
    return { reserved, release };
  }

  async function request<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
    let failures = 0;
    for (;;) {
      const { reserved, release } = await paced(document);
      stats.requests += 1;
      let response: { data?: T; errors?: GraphqlErrorShape[]; extensions?: unknown; status: number };
      try {
        response = (await client.rawRequest<T>({
          query: document,
          variables,
          signal: AbortSignal.timeout(timeoutMs),
        })) as typeof response;
      } catch (error) {
        estimate.settle(reserved);
        release();
        const status = error instanceof ClientError ? error.response.status : 0;
        // A non-retriable HTTP status (401, 403, 404…) is a real failure: report it at once.
        if (status && !isRetriableStatus(status)) {
          throw new AdminApiError(`Admin API answered HTTP ${status} for ${shop}`);
        }
        failures += 1;
        if (failures > maxRetries) {
          throw new AdminApiError(`Admin API unreachable for ${shop} after ${maxRetries} retries: ${String(error)}`);
        }
        stats.retried += 1;
        await waitFor(Math.min(30_000, 250 * 2 ** failures + Math.random() * 250));
        continue;
      }

      const cost = (response.extensions as { cost?: CostExtension } | undefined)?.cost;
      estimate.settle(reserved);
      if (cost) {
        estimate.observe(cost.throttleStatus);
        requestedCostByDocument.set(document, cost.requestedQueryCost);
      }
      release();
      const errors = response.errors ?? [];
      if (errors.some((e) => e.extensions?.code === "THROTTLED")) {
        stats.throttled += 1;
        continue; // paced() now waits until the bucket holds the requested cost
      }
      if (errors.length > 0) {
        throw new AdminApiError(errors.map((e) => e.message).join("; "), errors);
      }
      return response.data as T;
    }
  }

  return { shop, request, stats };
}
