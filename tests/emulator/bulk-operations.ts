// Bulk operations of the emulated shops (Admin API 2026-10): bulkOperationRunQuery and
// bulkOperationRunMutation run in the background (CREATED → RUNNING → COMPLETED / FAILED / CANCELED),
// write their JSONL result to a temporary file, and finish by POSTing `bulk_operations/finish` to the
// app when shopify.app.toml subscribes to it. The files are served at signed, expiring URLs by
// `bulkFileRoute` (bulk-files.ts).
//
// Shopify facts used here (docs/shopify.md §3, plus recorded responses in public test fixtures):
//   - from 2026-01, up to 5 bulk query and 5 bulk mutation operations run at a time per shop and app;
//   - url / partialDataUrl expire 7 days after the operation ends; no objects → url null;
//   - userError wording: "Bulk queries must contain at least one connection.", "Bulk queries cannot
//     contain more than 5 connections.", "… a nesting depth greater than 2.", "A bulk query operation
//     for this app and shop is already in progress: <gid>." (code OPERATION_IN_PROGRESS, field null),
//     "The JSONL file could not be found. …" (NO_SUCH_FILE), "You must specify a single top level
//     mutation.", "Invalid operation type. Only `mutation` operations are supported.".
//   - ⚠️ Not recorded: the userError when the five-operation limit is hit in 2026-01+; the emulator
//     answers LIMIT_REACHED with the enum's own description ("Bulk operations limit reached. Please
//     try again later."). Clients should treat LIMIT_REACHED and OPERATION_IN_PROGRESS alike.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execute, GraphQLError, Kind, parse, type DocumentNode, type OperationDefinitionNode } from "graphql";
import type { AppRegistration } from "./app-config";
import { compileBulkQuery, runBulkQuery, type BulkRunCounts, type BulkUserError, type JsonlSink } from "./bulk-query";
import { RESOLVERS, resolveType, type ResolverContext } from "./resolvers";
import { adminSchema } from "./schema";
import type { EmulatedShop } from "./store";
import { formatLocalIso } from "./time";
import { deliverWebhook } from "./webhook-delivery";
import { parseErrorAsShopify, validateAsShopify } from "./validate";

export type BulkOperationStatus = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED" | "EXPIRED";
export type BulkOperationType = "QUERY" | "MUTATION";
export type BulkOperationErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";

export const MAX_CONCURRENT_BULK_OPERATIONS = 5;
export const BULK_URL_LIFETIME_MS = 7 * 86_400_000;
export const MAX_BULK_MUTATION_FILE_BYTES = 100 * 1024 * 1024;
export const BULK_FINISH_TOPIC = "bulk_operations/finish";

export interface BulkOperation {
  id: number;
  gid: string;
  shop: EmulatedShop;
  type: BulkOperationType;
  status: BulkOperationStatus;
  /** The query or mutation string as submitted. */
  query: string;
  groupObjects: boolean;
  /** Shop time (ms). */
  createdAt: number;
  completedAt: number | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  url: string | null;
  partialDataUrl: string | null;
  errorCode: BulkOperationErrorCode | null;
  /** Resolves when the operation has reached a final status (and the finish webhook was attempted). */
  finished: Promise<void>;
}

/** Fault switches for tests (per shop). Each one-shot switch is consumed by the next operation. */
export interface BulkFaults {
  /** The next operation ends FAILED with this code once it has written `afterObjects` objects. */
  failNext?: { errorCode?: BulkOperationErrorCode; afterObjects: number };
  /** The next result file carries a malformed (truncated) JSON line after line `afterLine`. */
  malformedLineNext?: { afterLine: number };
  /** The next `times` downloads are cut (connection destroyed) after `afterBytes` bytes. */
  cutDownloads?: { afterBytes: number; times: number };
  /** Every operation stays RUNNING at least this long (real ms). */
  minRunMs?: number;
  /** Downloads are paced to this many bytes per second. */
  downloadBytesPerSecond?: number;
}

/** Where the shop's emulator listens and which app it serves (bound by server.ts). */
export interface BulkHost {
  origin: string;
  app?: AppRegistration;
}

interface ShopBulkState {
  operations: BulkOperation[];
  faults: BulkFaults;
  host?: BulkHost;
}

interface StoredFile {
  path: string;
  shop: EmulatedShop;
  /** Shop time (ms) after which the signed URL stops working. */
  expiresAt: number;
}

const UNBOUND_ORIGIN = "http://shopify-emulator.invalid";
const states = new WeakMap<EmulatedShop, ShopBulkState>();
const files = new Map<string, StoredFile>();
const signingSecret = crypto.randomBytes(32);
let operationCounter = 0;
let workDir: string | undefined;

function state(shop: EmulatedShop): ShopBulkState {
  let s = states.get(shop);
  if (!s) {
    s = { operations: [], faults: {} };
    states.set(shop, s);
  }
  return s;
}

/**
 * The emulator's temporary directory for result files and staged uploads, removed on exit. RAM-backed
 * /dev/shm when the machine has it: a million-order result is gigabytes, and this machine's disk
 * writes ~50–170 MB/s. TSUNAGU_EMULATOR_BULK_DIR overrides the parent directory.
 */
export function bulkWorkDir(): string {
  if (!workDir) {
    const parent = process.env.TSUNAGU_EMULATOR_BULK_DIR ?? (isWritableDir("/dev/shm") ? "/dev/shm" : os.tmpdir());
    removeDirsOfDeadProcesses(parent);
    const dir = fs.mkdtempSync(path.join(parent, `${WORK_DIR_PREFIX}${process.pid}-`));
    workDir = dir;
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return workDir;
}

const WORK_DIR_PREFIX = "tsunagu-emulator-bulk-";

/**
 * Exit handlers do not run for killed processes or worker threads: sweep what such runs left behind,
 * in the background (gigabytes of old results would hold up the first operation).
 */
function removeDirsOfDeadProcesses(parent: string): void {
  for (const name of fs.readdirSync(parent)) {
    const pid = Number(new RegExp(`^${WORK_DIR_PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") continue;
      fs.promises.rm(path.join(parent, name), { recursive: true, force: true }).catch((failure) => {
        console.error(`[emulator] could not remove ${name} of a dead process:`, failure instanceof Error ? failure.message : failure);
      });
    }
  }
}

function isWritableDir(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

export function bindBulkHost(shop: EmulatedShop, host: BulkHost): void {
  state(shop).host = host;
}

export function bulkHost(shop: EmulatedShop): BulkHost {
  return state(shop).host ?? { origin: UNBOUND_ORIGIN };
}

/** The shop's fault switches (a live object: tests assign to it). */
export function bulkFaults(shop: EmulatedShop): BulkFaults {
  return state(shop).faults;
}

export function setBulkFaults(shop: EmulatedShop, faults: BulkFaults): void {
  state(shop).faults = { ...faults };
}

/** Results are kept 7 days (shop time): then the operation reads EXPIRED and its URLs are gone. */
function expireIfDue(op: BulkOperation): BulkOperation {
  const ended = op.status === "COMPLETED" || op.status === "FAILED";
  if (ended && op.completedAt !== null && op.shop.now().getTime() > op.completedAt + BULK_URL_LIFETIME_MS) {
    op.status = "EXPIRED";
    op.url = null;
    op.partialDataUrl = null;
  }
  return op;
}

/** Every bulk operation of the shop, oldest first. */
export function listBulkOperations(shop: EmulatedShop): readonly BulkOperation[] {
  return state(shop).operations.map(expireIfDue);
}

export function findBulkOperation(shop: EmulatedShop, gid: string): BulkOperation | undefined {
  const op = state(shop).operations.find((candidate) => candidate.gid === gid);
  return op && expireIfDue(op);
}

// ---------------------------------------------------------------------------------------------
// Signed file URLs: <origin>/bulk-operation-outputs/<token>-<final|partial>?Expires=<s>&Signature=<hmac>

function sign(token: string, expires: number): string {
  return crypto.createHmac("sha256", signingSecret).update(`${token}:${expires}`).digest("hex");
}

function publishFile(shop: EmulatedShop, filePath: string, kind: "final" | "partial"): string {
  const token = `${crypto.randomBytes(16).toString("hex")}-${kind}`;
  const expiresAt = shop.now().getTime() + BULK_URL_LIFETIME_MS;
  files.set(token, { path: filePath, shop, expiresAt });
  const expires = Math.floor(expiresAt / 1000);
  return `${bulkHost(shop).origin}/bulk-operation-outputs/${token}?Expires=${expires}&Signature=${sign(token, expires)}`;
}

/** The file a signed URL names: `missing` for unknown or tampered URLs, `expired` after 7 days. */
export function lookupBulkFile(url: URL): StoredFile | "missing" | "expired" {
  const m = /^\/bulk-operation-outputs\/([\w-]+)$/.exec(url.pathname);
  if (!m) return "missing";
  const file = files.get(m[1]);
  const expires = Number(url.searchParams.get("Expires"));
  const signature = url.searchParams.get("Signature") ?? "";
  const expected = sign(m[1], expires);
  if (!file || signature.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
    return "missing";
  }
  return file.shop.now().getTime() > file.expiresAt ? "expired" : file;
}

/** The local path behind a result URL (tests running without HTTP read files directly). */
export function bulkFilePath(url: string): string {
  const file = lookupBulkFile(new URL(url));
  if (typeof file === "string") throw new Error(`No bulk file at ${url} (${file})`);
  return file.path;
}

// ---------------------------------------------------------------------------------------------
// Writing JSONL

/**
 * Lines gathered into chunks of about CHUNK_CHARS, each joined into one string, encoded into one
 * reused buffer and written synchronously. Joining copies each line's rope once, and one encode per
 * chunk instead of per line halves the cost of short lines (the order-lines file has millions); no
 * per-chunk Buffers or thread-pool writes, which kept the emulator's RSS well above its heap on
 * multi-gigabyte files.
 */
class FileSink implements JsonlSink {
  static readonly CHUNK_CHARS = 1 << 16;
  lines = 0;
  bytes = 0;
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(4 * FileSink.CHUNK_CHARS);
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(
    readonly path: string,
    private malformedAfterLine?: number,
  ) {
    this.fd = fs.openSync(path, "w");
  }

  line(text: string): void {
    this.append(text);
    this.lines++;
    // A truncated object, as a broken writer would leave it: valid UTF-8, invalid JSON.
    if (this.lines === this.malformedAfterLine) this.append(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
  }

  private append(text: string): void {
    this.pending.push(text);
    this.pendingChars += text.length + 1;
    if (this.pendingChars >= FileSink.CHUNK_CHARS) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.pending.push("");
    const chunk = this.pending.join("\n");
    this.pending = [];
    this.pendingChars = 0;
    // UTF-8 takes at most 3 bytes per UTF-16 unit
    if (chunk.length * 3 <= this.buffer.length) this.writeOut(this.buffer.subarray(0, this.buffer.write(chunk)));
    else this.writeOut(Buffer.from(chunk));
  }

  private writeOut(bytes: Buffer): void {
    for (let at = 0; at < bytes.length;) at += fs.writeSync(this.fd, bytes, at, bytes.length - at);
    this.bytes += bytes.length;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Lifecycle

function inProgress(shop: EmulatedShop, type: BulkOperationType): BulkOperation[] {
  return state(shop).operations.filter((op) => op.type === type && ["CREATED", "RUNNING", "CANCELING"].includes(op.status));
}

function limitError(shop: EmulatedShop, type: BulkOperationType): BulkUserError | null {
  if (inProgress(shop, type).length < MAX_CONCURRENT_BULK_OPERATIONS) return null;
  return { field: null, message: "Bulk operations limit reached. Please try again later.", code: "LIMIT_REACHED" };
}

function createOperation(shop: EmulatedShop, type: BulkOperationType, query: string, groupObjects: boolean): BulkOperation {
  const id = 7_000_000_000_000 + ++operationCounter;
  const op: BulkOperation = {
    id,
    gid: `gid://shopify/BulkOperation/${id}`,
    shop,
    type,
    status: "CREATED",
    query,
    groupObjects,
    createdAt: shop.now().getTime(),
    completedAt: null,
    objectCount: 0,
    rootObjectCount: 0,
    fileSize: null,
    url: null,
    partialDataUrl: null,
    errorCode: null,
    finished: Promise.resolve(),
  };
  state(shop).operations.push(op);
  return op;
}

interface RunBody {
  /** Writes the objects; returns normally when done or stopped. */
  (sink: FileSink, control: { shouldStop(): boolean; pause(progress: BulkRunCounts): Promise<void> }): Promise<BulkRunCounts>;
}

/**
 * The walk under way: operations walk one at a time, in the order they started. Shopify runs an app's
 * operations side by side on its own machines, each finishing at its own pace; on the emulator's one
 * thread, walks taking turns slice by slice made every file finish as late as the last one (a
 * backfill's orders file waited for the order-lines file too), and one after another the first ones
 * finish when they would alone. Polls and downloads are still answered between slices.
 */
let walking: Promise<void> = Promise.resolve();

/** Drives one operation from CREATED to its final status in the background. */
function launch(op: BulkOperation, body: RunBody): void {
  const faults = state(op.shop).faults;
  const failure = faults.failNext;
  delete faults.failNext;
  const malformed = faults.malformedLineNext;
  delete faults.malformedLineNext;
  const startedAt = Date.now();

  op.finished = (async () => {
    await nextTick();
    if (op.status === "CANCELING") return finish(op, "CANCELED");
    op.status = "RUNNING";
    const sink = new FileSink(path.join(bulkWorkDir(), `${op.id}.jsonl`), malformed?.afterLine);
    const previous = walking;
    let walked!: () => void;
    walking = new Promise<void>((resolve) => (walked = resolve));
    await previous;
    let failedWith: BulkOperationErrorCode | null = null;
    try {
      const counts = await body(sink, {
        shouldStop: () => op.status === "CANCELING" || (failure !== undefined && sink.lines >= failure.afterObjects),
        // objectCount grows while RUNNING, as on Shopify (apps show progress from it)
        pause: async (progress) => {
          op.objectCount = progress.objectCount;
          op.rootObjectCount = progress.rootObjectCount;
          await nextTick();
        },
      });
      op.objectCount = counts.objectCount;
      op.rootObjectCount = counts.rootObjectCount;
      if (failure) failedWith = failure.errorCode ?? "INTERNAL_SERVER_ERROR";
    } catch (error) {
      const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
      failedWith = code === "ACCESS_DENIED" ? "ACCESS_DENIED" : "INTERNAL_SERVER_ERROR";
      if (failedWith === "INTERNAL_SERVER_ERROR") console.error(`[emulator] bulk operation ${op.gid} crashed:`, error);
      op.objectCount = sink.lines;
    }
    walked();
    sink.close();
    const remaining = (faults.minRunMs ?? 0) - (Date.now() - startedAt);
    if (remaining > 0) await sleep(remaining);

    // a cancel may have arrived while the worker was busy
    if ((op.status as BulkOperationStatus) === "CANCELING") return finish(op, "CANCELED");
    if (failedWith) {
      op.errorCode = failedWith;
      if (sink.lines > 0) op.partialDataUrl = publishFile(op.shop, sink.path, "partial");
      return finish(op, "FAILED");
    }
    if (op.objectCount > 0) {
      op.fileSize = sink.bytes;
      op.url = publishFile(op.shop, sink.path, "final");
    }
    return finish(op, "COMPLETED");
  })();
}

async function finish(op: BulkOperation, status: "COMPLETED" | "FAILED" | "CANCELED"): Promise<void> {
  op.status = status;
  op.completedAt = op.shop.now().getTime();
  const app = state(op.shop).host?.app;
  if (!app?.webhookSubscriptions.has(BULK_FINISH_TOPIC)) return;
  const zone = op.shop.ianaTimezone;
  try {
    await deliverWebhook(app, {
      shop: op.shop.domain,
      topic: BULK_FINISH_TOPIC,
      payload: {
        admin_graphql_api_id: op.gid,
        completed_at: formatLocalIso(zone, op.completedAt),
        created_at: formatLocalIso(zone, op.createdAt),
        error_code: op.errorCode?.toLowerCase() ?? null,
        status: status.toLowerCase(),
        type: op.type.toLowerCase(),
      },
    });
  } catch (error) {
    // Shopify retries failed deliveries for hours; the emulator only reports the failure.
    console.error(`[emulator] ${BULK_FINISH_TOPIC} delivery for ${op.gid} failed:`, error instanceof Error ? error.message : error);
  }
}

export type StartResult = { operation: BulkOperation; userErrors: [] } | { operation: null; userErrors: BulkUserError[] };

export function startBulkQuery(shop: EmulatedShop, query: string, groupObjects = false): StartResult {
  const compiled = compileBulkQuery(query);
  if ("errors" in compiled) return { operation: null, userErrors: compiled.errors };
  const limit = limitError(shop, "QUERY");
  if (limit) return { operation: null, userErrors: [limit] };
  const op = createOperation(shop, "QUERY", query, groupObjects);
  launch(op, (sink, control) => runBulkQuery(shop, compiled.plan, sink, { groupObjects, ...control }));
  return { operation: op, userErrors: [] };
}

/** bulkOperationCancel: CANCELING now, CANCELED once the worker notices. */
export function cancelBulkOperation(
  shop: EmulatedShop,
  gid: string,
): { operation: BulkOperation | null; userErrors: { field: string[] | null; message: string }[] } {
  const op = findBulkOperation(shop, gid);
  if (!op) return { operation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
  if (op.status !== "CREATED" && op.status !== "RUNNING") {
    return {
      operation: op,
      userErrors: [{ field: null, message: `A bulk operation cannot be canceled when it is ${op.status.toLowerCase()}` }],
    };
  }
  op.status = "CANCELING";
  return { operation: op, userErrors: [] };
}

// ---------------------------------------------------------------------------------------------
// Bulk mutations: the staged JSONL file holds one variables object per line; the mutation runs once
// per line, outside the rate limit, and each result line carries its input's __lineNumber (0-based).

/** Staged uploads by key (staged-uploads.ts stores them; bulkOperationRunMutation reads them). */
export const stagedFiles = new Map<string, { shop: EmulatedShop; path: string; bytes: number }>();

const DISALLOWED_BULK_MUTATIONS = new Set([
  "bulkOperationRunMutation",
  "bulkOperationRunQuery",
  "bulkOperationCancel",
  "stagedUploadsCreate",
]);

function mutationError(message: string, code: string | null = "INVALID_MUTATION", field: string[] | null = null): BulkUserError {
  return { field, message, code };
}

function checkMutation(mutation: string): { document: DocumentNode } | { error: BulkUserError } {
  let document: DocumentNode;
  try {
    document = parse(mutation);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const detail = mutation.trim() ? parseErrorAsShopify(error, mutation).message : "syntax error, unexpected end of file";
    return { error: mutationError(`Failed to parse the mutation - ${detail}`) };
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations[0].operation !== "mutation") {
    return { error: mutationError("Invalid operation type. Only `mutation` operations are supported.") };
  }
  const roots = operations[0].selectionSet.selections;
  if (roots.length !== 1 || roots[0].kind !== Kind.FIELD) {
    return { error: mutationError("You must specify a single top level mutation.", null, ["mutation"]) };
  }
  const name = roots[0].name.value;
  if (DISALLOWED_BULK_MUTATIONS.has(name)) return { error: mutationError("You must use an allowed mutation name.", null, ["mutation"]) };
  const invalid = validateAsShopify(adminSchema(), document);
  if (invalid.length) return { error: mutationError(`Failed to parse the mutation - ${invalid[0].message}`) };
  if (!RESOLVERS.Mutation?.[name]) {
    return { error: mutationError(`Mutation '${name}' is not implemented by the Tsunagu Shopify emulator (tests/emulator/resolvers.ts)`) };
  }
  return { document };
}

/** The variables of each line, or the number of the first line that is not a JSON object. */
function readVariableLines(text: string): { lines: Record<string, unknown>[] } | { badLine: number } {
  const lines: Record<string, unknown>[] = [];
  const raw = text.split("\n");
  if (raw[raw.length - 1] === "") raw.pop();
  for (let i = 0; i < raw.length; i++) {
    try {
      const value = JSON.parse(raw[i]);
      if (!value || typeof value !== "object" || Array.isArray(value)) return { badLine: i + 1 };
      lines.push(value);
    } catch {
      return { badLine: i + 1 };
    }
  }
  return { lines };
}

export function startBulkMutation(
  shop: EmulatedShop,
  mutation: string,
  stagedUploadPath: string,
  clientIdentifier?: string | null,
): StartResult {
  if (clientIdentifier !== undefined && clientIdentifier !== null && clientIdentifier.length < 10) {
    return {
      operation: null,
      userErrors: [mutationError("is too short (minimum is 10 characters)", "INVALID_MUTATION", ["clientIdentifier"])],
    };
  }
  const checked = checkMutation(mutation);
  if ("error" in checked) return { operation: null, userErrors: [checked.error] };
  const staged = stagedFiles.get(stagedUploadPath);
  if (!staged || staged.shop !== shop) {
    return {
      operation: null,
      userErrors: [
        mutationError(
          "The JSONL file could not be found. Try uploading the file again, and check that you've entered the URL correctly for the stagedUploadPath mutation argument.",
          "NO_SUCH_FILE",
        ),
      ],
    };
  }
  if (staged.bytes > MAX_BULK_MUTATION_FILE_BYTES) {
    return {
      operation: null,
      userErrors: [mutationError("The JSONL file exceeds the maximum allowed size of 100 MB.", "INVALID_MUTATION", ["stagedUploadPath"])],
    };
  }
  // ⚠️ Wording not recorded from Shopify: a line that is not a JSON object rejects the whole file.
  const variables = readVariableLines(fs.readFileSync(staged.path, "utf8"));
  if ("badLine" in variables) {
    return {
      operation: null,
      userErrors: [
        mutationError(`The JSONL file is invalid: line ${variables.badLine} is not a JSON object.`, "INVALID_STAGED_UPLOAD_FILE", [
          "stagedUploadPath",
        ]),
      ],
    };
  }
  const limit = limitError(shop, "MUTATION");
  if (limit) return { operation: null, userErrors: [limit] };

  const op = createOperation(shop, "MUTATION", mutation, false);
  const schema = adminSchema();
  launch(op, async (sink, control) => {
    const ctx: ResolverContext = { shop, search: [] };
    let processed = 0;
    for (const [lineNumber, variableValues] of variables.lines.entries()) {
      if (control.shouldStop()) break;
      const result = await execute({
        schema,
        document: checked.document,
        variableValues,
        contextValue: ctx,
        fieldResolver: (source, args, context, info) => RESOLVERS[info.parentType.name][info.fieldName](source, args, context, info),
        typeResolver: (value) => resolveType(value),
      });
      const line: Record<string, unknown> = {};
      if (result.errors?.length) line.errors = result.errors.map((e) => e.toJSON());
      if (result.data !== undefined) line.data = result.data;
      line.__lineNumber = lineNumber;
      sink.line(JSON.stringify(line));
      processed++;
      if (processed % 200 === 0) await control.pause({ objectCount: processed, rootObjectCount: processed });
    }
    return { objectCount: processed, rootObjectCount: processed };
  });
  return { operation: op, userErrors: [] };
}
