// Bulk operations (docs/shopify.md §3): start one, learn when it has finished — by polling
// bulkOperation(id), woken early by the bulk_operations/finish webhook when this process receives it —
// and stream its JSONL result. Nothing here holds a whole file in memory.
import type { AdminClient } from "./admin-client.server";
import { AdminApiError } from "./admin-client.server";
import { BulkOperationById } from "./graphql/bulk-operation.query";
import { BulkOperationRunQuery } from "./graphql/bulk-operation-run-query.mutation";
import type {
  BulkOperationByIdQuery,
  BulkOperationRunMutationMutation,
  BulkOperationRunQueryMutation,
} from "./graphql/generated/admin.generated";
import { jsonlLines, type JsonlLine } from "./jsonl";

/** A bulk operation as BulkOperationById reads it (UnsignedInt64 counts arrive as strings of digits). */
export type BulkOperation = NonNullable<BulkOperationByIdQuery["bulkOperation"]>;
type BulkOperationStatus = BulkOperation["status"];

/** What bulkOperationRunQuery and bulkOperationRunMutation answer. */
type StartPayload = BulkOperationRunQueryMutation["bulkOperationRunQuery"] | BulkOperationRunMutationMutation["bulkOperationRunMutation"];

export class BulkOperationError extends Error {
  constructor(
    message: string,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = "BulkOperationError";
  }
}

const TERMINAL: ReadonlySet<BulkOperationStatus> = new Set(["COMPLETED", "CANCELED", "FAILED", "EXPIRED"]);

export interface BulkWaitOptions {
  sleep?: (ms: number) => Promise<void>;
  /** First pause between polls; it doubles up to maxPollMs. */
  firstPollMs?: number;
  maxPollMs?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// A busy shop (five operations of the app already running) is a reason to wait, not to fail.
const BUSY_CODES = new Set(["OPERATION_IN_PROGRESS", "LIMIT_REACHED"]);

/** Start a bulk operation with `start` (run-query or run-mutation), waiting while the shop is at its limit. */
export async function startBulkOperation(
  admin: AdminClient,
  start: () => Promise<StartPayload>,
  { sleep = defaultSleep, maxPollMs = 5_000 }: BulkWaitOptions = {},
): Promise<string> {
  for (let pause = 1_000; ; pause = Math.min(pause * 2, maxPollMs * 6)) {
    const payload = await start();
    if (payload?.bulkOperation) return payload.bulkOperation.id;
    const userErrors = payload?.userErrors ?? [];
    const busy = userErrors.length > 0 && userErrors.every((e) => e.code != null && BUSY_CODES.has(e.code));
    if (!busy) {
      throw new BulkOperationError(
        `Bulk operation for ${admin.shop} refused: ${userErrors.map((e) => e.message).join("; ") || "no operation returned"}`,
        userErrors[0]?.code ?? null,
      );
    }
    await sleep(pause);
  }
}

/**
 * Start a bulk query. `groupObjects` puts each node's connection children right after its own line
 * (slower on Shopify's side; off by default since 2026-01).
 */
export async function runBulkQuery(
  admin: AdminClient,
  query: string,
  options?: BulkWaitOptions,
  { groupObjects = false }: { groupObjects?: boolean } = {},
): Promise<string> {
  return startBulkOperation(
    admin,
    async () => (await admin.request(BulkOperationRunQuery, { query, groupObjects })).bulkOperationRunQuery,
    options,
  );
}

export async function fetchBulkOperation(admin: AdminClient, id: string): Promise<BulkOperation> {
  const { bulkOperation } = await admin.request(BulkOperationById, { id });
  if (!bulkOperation) throw new BulkOperationError(`Bulk operation ${id} not found for ${admin.shop}`);
  return bulkOperation;
}

// Wakers of operations this process is waiting for, by operation id (the finish webhook calls them).
const wakers = new Map<string, Set<() => void>>();

/** Called by the bulk_operations/finish webhook: the waiter polls at once instead of at its next tick. */
export function notifyBulkOperationFinished(id: string): void {
  for (const wake of wakers.get(id) ?? []) wake();
}

/** Poll until the operation is finished (completed, failed, cancelled or expired) and return it. */
export async function waitForBulkOperation(
  admin: AdminClient,
  id: string,
  { sleep = defaultSleep, firstPollMs = 200, maxPollMs = 5_000 }: BulkWaitOptions = {},
  onPoll?: (operation: BulkOperation) => Promise<void> | void,
): Promise<BulkOperation> {
  let pause = firstPollMs;
  for (;;) {
    const operation = await fetchBulkOperation(admin, id);
    await onPoll?.(operation);
    if (TERMINAL.has(operation.status)) return operation;
    let wake = () => {};
    const woken = new Promise<void>((resolve) => (wake = resolve));
    const set = wakers.get(id) ?? new Set();
    set.add(wake);
    wakers.set(id, set);
    await Promise.race([sleep(pause), woken]);
    set.delete(wake);
    if (set.size === 0) wakers.delete(id);
    pause = Math.min(pause * 2, maxPollMs);
  }
}

/** The lines of a result file, a chunk at a time, from line `skip + 1` on. */
export async function* bulkFileLines(url: string, { skip = 0 }: { skip?: number } = {}): AsyncGenerator<JsonlLine[]> {
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new AdminApiError(`Bulk result file answered HTTP ${response.status}`);
  }
  yield* jsonlLines(response.body as unknown as AsyncIterable<Uint8Array>, { skip });
}
