// Resolvers for the part of the Admin API the app uses. Anything in the schema that is not listed
// here is rejected before execution by admin-graphql.ts with an error naming the field, so a query
// never gets silent nulls from the emulator.
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import {
  compileSearch,
  booleanField,
  dateField,
  enumField,
  idField,
  numberField,
  stringField,
  tagField,
  type FieldMatcher,
  type SearchWarning,
  describeParsed,
} from "./query-filter";
import {
  CANCEL_REASONS,
  customerGid,
  FINANCIAL_STATUSES,
  formatDecimal,
  MARKETING_STATES,
  orderGid,
  parseGid,
  type EmulatedShop,
} from "./store";
import { formatOffset, formatUtcIso, offsetMinutes } from "./time";
import { installFlowSegmentResolvers } from "./resolvers-flow-segments";
import { installMetafieldResolvers } from "./resolvers-metafields";
import { installDiscountMarketingResolvers } from "./resolvers-discounts-marketing";
import { installAbandonedCheckoutResolvers } from "./resolvers-abandoned-checkouts";
import { installBulkResolvers, resolveBulkOperationId } from "./resolvers-bulk";
import { installSubscriptionResolvers } from "./resolvers-subscriptions";
import { installJourneyResolvers } from "./resolvers-journeys";
import { installShopifyqlResolvers } from "./shopifyql";
import { derivedProductType } from "./product-types";

export interface ResolverContext {
  shop: EmulatedShop;
  /** extensions.search entries collected while resolving. */
  search: { path: (string | number)[]; query: string; parsed: unknown; warnings: SearchWarning[] }[];
}

type Source = Record<string, unknown>;
type Resolver = (source: any, args: any, ctx: ResolverContext, info: GraphQLResolveInfo) => unknown;

export const MAX_PAGE_SIZE = 250;

// ---------------------------------------------------------------------------------------------
// Errors

function pathArray(info: GraphQLResolveInfo): (string | number)[] {
  const out: (string | number)[] = [];
  for (let p: GraphQLResolveInfo["path"] | undefined = info.path; p; p = p.prev) out.unshift(p.key);
  return out;
}

function fieldError(info: GraphQLResolveInfo, message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { nodes: info.fieldNodes, path: pathArray(info), extensions });
}

/** Shopify: "Access denied for customers field. Required access: `read_customers` access scope." */
function requireScope(ctx: ResolverContext, info: GraphQLResolveInfo, scope: string): void {
  if (ctx.shop.hasScope(scope)) return;
  const requiredAccess = `\`${scope}\` access scope.`;
  throw fieldError(info, `Access denied for ${info.fieldName} field. Required access: ${requiredAccess}`, {
    code: "ACCESS_DENIED",
    documentation: "https://shopify.dev/api/usage/access-scopes",
    requiredAccess,
  });
}

function notImplemented(info: GraphQLResolveInfo, what: string): GraphQLError {
  return fieldError(info, `${what} is not implemented by the Tsunagu Shopify emulator`, {
    code: "EMULATOR_NOT_IMPLEMENTED",
    typeName: info.parentType.name,
    fieldName: info.fieldName,
  });
}

// ---------------------------------------------------------------------------------------------
// Money

const moneyV2 = (ctx: ResolverContext, cents: number) => ({ amount: formatDecimal(cents), currencyCode: ctx.shop.currencyCode });
/** The shop's currency is the only presentment currency: both sides are one MoneyV2. */
const moneyBag = (ctx: ResolverContext, cents: number) => {
  const money = moneyV2(ctx, cents);
  return { shopMoney: money, presentmentMoney: money };
};

// ---------------------------------------------------------------------------------------------
// Pagination: keyset cursors, Shopify-style base64 JSON {"last_id":…,"last_value":…}.

interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface SortSpec {
  /** Rows sorted ascending by (key, id). */
  order: ArrayLike<number>;
  key: (row: number) => number | string;
  id: (row: number) => number;
  /** How the key prints into a cursor. */
  kind: "number" | "date" | "string";
}

export function encodeCursor(id: number, value: string): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: value })).toString("base64");
}

function cursorValue(spec: SortSpec, row: number): string {
  const k = spec.key(row);
  return spec.kind === "date" ? new Date(k as number).toISOString() : String(k);
}

function decodeCursor(info: GraphQLResolveInfo, spec: SortSpec, cursor: string): { id: number; key: number | string } {
  try {
    const raw = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id: unknown; last_value: unknown };
    const id = Number(raw.last_id);
    if (!Number.isFinite(id) || typeof raw.last_value !== "string") throw new Error("shape");
    let key: number | string = raw.last_value;
    if (spec.kind === "number") key = Number(raw.last_value);
    if (spec.kind === "date") key = Date.parse(raw.last_value);
    if (typeof key === "number" && Number.isNaN(key)) throw new Error("value");
    return { id, key };
  } catch {
    throw fieldError(info, `Invalid cursor for current pagination sort.`, { code: "BAD_REQUEST" });
  }
}

function compareKey(a: number | string, b: number | string): number {
  return typeof a === "number" && typeof b === "number" ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Number of rows in `spec.order` whose (key, id) is < (key, id) of the cursor, or ≤ when `inclusive`. */
function countBelow(spec: SortSpec, key: number | string, id: number, inclusive: boolean): number {
  let lo = 0;
  let hi = spec.order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const row = spec.order[mid];
    const c = compareKey(spec.key(row), key) || spec.id(row) - id;
    if (c < 0 || (inclusive && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface ConnectionSource {
  edges: { cursor: string; node: unknown }[];
  nodes: unknown[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

function checkPageArgs(info: GraphQLResolveInfo, args: PageArgs, maxPageSize = MAX_PAGE_SIZE): void {
  const first = args.first ?? null;
  const last = args.last ?? null;
  if (first === null && last === null) throw fieldError(info, "you must provide one of first or last", { code: "BAD_REQUEST" });
  if (first !== null && last !== null) throw fieldError(info, "providing both first and last is not supported", { code: "BAD_REQUEST" });
  for (const [name, size] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (size === null) continue;
    if (size > maxPageSize) {
      throw fieldError(
        info,
        `${name} cannot exceed ${maxPageSize}. To query larger amounts of data with fewer limits, bulk operations should be used instead.`,
        { code: "BAD_REQUEST" },
      );
    }
    if (size < 0) throw fieldError(info, `${name} cannot be negative`, { code: "BAD_REQUEST" });
  }
}

/** Logical index (ascending, or descending when reversed) of the first row after (key, id). */
function indexAfter(spec: SortSpec, reverse: boolean, key: number | string, id: number): number {
  return reverse ? spec.order.length - countBelow(spec, key, id, false) : countBelow(spec, key, id, true);
}

/** One page of a connection over sorted rows, keeping only rows that pass `accept`. */
export function paginate(
  info: GraphQLResolveInfo,
  args: PageArgs,
  spec: SortSpec,
  accept: ((row: number) => boolean) | null,
  toNode: (row: number) => unknown,
  maxPageSize = MAX_PAGE_SIZE,
): ConnectionSource {
  checkPageArgs(info, args, maxPageSize);
  const n = spec.order.length;
  const reverse = args.reverse === true;
  // Logical sequence: ascending, or descending when reverse. logical(i) → row.
  const rowAt = (i: number) => spec.order[reverse ? n - 1 - i : i];
  let start = 0;
  let end = n;
  if (args.after) {
    const c = decodeCursor(info, spec, args.after);
    start = indexAfter(spec, reverse, c.key, c.id);
  }
  if (args.before) {
    const c = decodeCursor(info, spec, args.before);
    end = reverse ? n - countBelow(spec, c.key, c.id, true) : countBelow(spec, c.key, c.id, false);
  }
  const ok = accept ?? (() => true);
  const picked: number[] = [];
  let hasNextPage = false;
  let hasPreviousPage = false;
  if (args.first !== null && args.first !== undefined) {
    let i = start;
    for (; i < end && picked.length < args.first; i++) if (ok(rowAt(i))) picked.push(rowAt(i));
    for (; i < end; i++)
      if (ok(rowAt(i))) {
        hasNextPage = true;
        break;
      }
    for (let k = start - 1; k >= 0; k--)
      if (ok(rowAt(k))) {
        hasPreviousPage = true;
        break;
      }
  } else {
    const size = args.last ?? 0;
    let i = end - 1;
    for (; i >= start && picked.length < size; i--) if (ok(rowAt(i))) picked.unshift(rowAt(i));
    for (; i >= start; i--)
      if (ok(rowAt(i))) {
        hasPreviousPage = true;
        break;
      }
    for (let k = end; k < n; k++)
      if (ok(rowAt(k))) {
        hasNextPage = true;
        break;
      }
  }
  const edges = picked.map((row) => ({ cursor: encodeCursor(spec.id(row), cursorValue(spec, row)), node: toNode(row) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** A connection over the store's rows: its resolver pages through it, a bulk query walks it. */
export interface RowConnection {
  spec: SortSpec;
  accept: ((row: number) => boolean) | null;
  toNode: (row: number) => unknown;
}

/** Where the next page starts: the (key, id) that a cursor on the previous page's last row decodes to. */
export interface RowPosition {
  key: number | string;
  id: number;
}

function positionOf(spec: SortSpec, row: number): RowPosition {
  const key = spec.key(row);
  // a cursor prints dates to the millisecond and numbers as decimal text
  return { key: spec.kind === "date" ? Math.trunc(key as number) : spec.kind === "number" ? Number(key) : String(key), id: spec.id(row) };
}

/**
 * The rows of paginate's page `first: size, after: <cursor at after>`, without its cursors and edges:
 * a bulk query walks whole connections, and a cursor per row cost seconds per million rows.
 * `next` is null on the last page.
 */
export function rowPage(
  connection: RowConnection,
  reverse: boolean,
  after: RowPosition | null,
  size: number,
): { rows: number[]; next: RowPosition | null } {
  const { spec, accept } = connection;
  const n = spec.order.length;
  const rowAt = (i: number) => spec.order[reverse ? n - 1 - i : i];
  const rows: number[] = [];
  let i = after ? indexAfter(spec, reverse, after.key, after.id) : 0;
  for (; i < n && rows.length < size; i++) if (!accept || accept(rowAt(i))) rows.push(rowAt(i));
  for (; i < n; i++) if (!accept || accept(rowAt(i))) return { rows, next: positionOf(spec, rows[rows.length - 1]) };
  return { rows, next: null };
}

// ---------------------------------------------------------------------------------------------
// Sorting

function customerSort(ctx: ResolverContext, info: GraphQLResolveInfo, sortKey: string): SortSpec {
  const shop = ctx.shop;
  const C = shop.customers;
  const id = (r: number) => C.id[r];
  const byId = (a: number, b: number) => C.id[a] - C.id[b];
  const numeric = (name: string, col: Float64Array, version: string, kind: "number" | "date"): SortSpec => ({
    order: shop.sortedBy(`customers:${name}`, version, C.length, (a, b) => col[a] - col[b] || byId(a, b)),
    key: (r) => col[r],
    id,
    kind,
  });
  switch (sortKey) {
    case "ID":
    case "RELEVANCE":
      return {
        order: C.index.allSorted() ? identity(C.length) : shop.sortedBy("customers:ID", `${C.insertVersion}`, C.length, byId),
        key: id,
        id,
        kind: "number",
      };
    case "CREATED_AT":
      return numeric("CREATED_AT", C.createdAt, `${C.insertVersion}`, "date");
    case "UPDATED_AT":
      return numeric("UPDATED_AT", C.updatedAt, `${C.insertVersion}:${C.updateVersion}`, "date");
    case "NAME": {
      const name = (r: number) => shop.customerDisplayName(r).toLowerCase();
      return {
        order: shop.sortedBy("customers:NAME", `${C.insertVersion}`, C.length, (a, b) => compareKey(name(a), name(b)) || byId(a, b)),
        key: name,
        id,
        kind: "string",
      };
    }
    default:
      throw notImplemented(info, `sortKey ${sortKey} on customers`);
  }
}

const identityCache = new Map<number, Int32Array>();
function identity(n: number): ArrayLike<number> {
  // A view that maps i → i without allocating n ints per request.
  let cached = identityCache.get(n);
  if (!cached) {
    if (identityCache.size > 8) identityCache.clear();
    cached = new Int32Array(n);
    for (let i = 0; i < n; i++) cached[i] = i;
    identityCache.set(n, cached);
  }
  return cached;
}

function orderSortKey(
  ctx: ResolverContext,
  info: GraphQLResolveInfo,
  sortKey: string,
): {
  key: (r: number) => number | string;
  kind: SortSpec["kind"];
  version: "insert" | "update";
} {
  const shop = ctx.shop;
  const O = shop.orders;
  switch (sortKey) {
    case "ID":
    case "RELEVANCE":
      return { key: (r) => O.id[r], kind: "number", version: "insert" };
    case "PROCESSED_AT":
      return { key: (r) => O.processedAt[r], kind: "date", version: "insert" };
    case "CREATED_AT":
      return { key: (r) => O.createdAt[r], kind: "date", version: "insert" };
    case "UPDATED_AT":
      return { key: (r) => O.updatedAt[r], kind: "date", version: "update" };
    case "ORDER_NUMBER":
      return { key: (r) => O.number[r], kind: "number", version: "insert" };
    case "TOTAL_PRICE":
      return { key: (r) => O.totalCents[r], kind: "number", version: "insert" };
    case "CURRENT_TOTAL_PRICE":
      return { key: (r) => O.totalCents[r] - O.refundedCents[r], kind: "number", version: "update" };
    case "FINANCIAL_STATUS":
      return { key: (r) => FINANCIAL_STATUSES[O.financial[r]], kind: "string", version: "update" };
    case "CUSTOMER_NAME":
      return {
        key: (r) => (O.customer[r] >= 0 ? shop.customerDisplayName(O.customer[r]).toLowerCase() : ""),
        kind: "string",
        version: "insert",
      };
    default:
      throw notImplemented(info, `sortKey ${sortKey} on orders`);
  }
}

function orderSort(ctx: ResolverContext, info: GraphQLResolveInfo, sortKey: string, rows?: number[]): SortSpec {
  const shop = ctx.shop;
  const O = shop.orders;
  const id = (r: number) => O.id[r];
  const { key, kind, version } = orderSortKey(ctx, info, sortKey);
  const compare = (a: number, b: number) => compareKey(key(a), key(b)) || O.id[a] - O.id[b];
  if (rows) return { order: [...rows].sort(compare), key, id, kind };
  if ((sortKey === "ID" || sortKey === "RELEVANCE") && O.index.allSorted()) return { order: identity(O.length), key, id, kind };
  const v = version === "insert" ? `${O.insertVersion}` : `${O.insertVersion}:${O.updateVersion}`;
  return { order: shop.sortedBy(`orders:${sortKey}`, v, O.length, compare), key, id, kind };
}

// ---------------------------------------------------------------------------------------------
// Search fields (`query:`). Names per the 2026-10 schema descriptions (docs/shopify.md §1). Shopify
// fields the emulator cannot evaluate raise a loud error; names Shopify does not know are ignored
// with a warning, as Shopify does.

const CUSTOMER_SEARCH_FIELDS_SHOPIFY = [
  "default",
  "accepts_marketing",
  "country",
  "customer_date",
  "email",
  "first_name",
  "id",
  "last_abandoned_order_date",
  "last_name",
  "order_date",
  "orders_count",
  "phone",
  "state",
  "tag",
  "tag_not",
  "total_spent",
  "updated_at",
];
const ORDER_SEARCH_FIELDS_SHOPIFY = [
  "default",
  "cart_token",
  "channel",
  "channel_id",
  "chargeback_status",
  "checkout_token",
  "confirmation_number",
  "created_at",
  "credit_card_last4",
  "current_total_price",
  "customer_id",
  "delivery_method",
  "discount_code",
  "email",
  "financial_status",
  "fraud_protection_level",
  "fulfillment_location_id",
  "fulfillment_status",
  "gateway",
  "id",
  "location_id",
  "name",
  "payment_id",
  "payment_provider_id",
  "po_number",
  "processed_at",
  "reference_location_id",
  "return_status",
  "risk_level",
  "sales_channel",
  "sku",
  "source_identifier",
  "source_name",
  "status",
  "subtotal_line_items_quantity",
  "tag",
  "tag_not",
  "test",
  "total_weight",
  "updated_at",
];

function negate<R>(matcher: FieldMatcher<R>): FieldMatcher<R> {
  return (op, value, ctx) => {
    const inner = matcher(op, value, ctx);
    return inner ? (r) => !inner(r) : null;
  };
}

function customerSearchFields(shop: EmulatedShop): Record<string, FieldMatcher<number>> {
  const C = shop.customers;
  const tags = tagField<number>((r) => shop.customerTagList(r));
  return {
    default: (op, value) => {
      if (op !== ":") return null;
      const v = value.toLowerCase().replace(/\*/g, "");
      return (r) => [shop.customerFirstName(r), shop.customerLastName(r), shop.customerEmail(r)].some((s) => s?.toLowerCase().includes(v));
    },
    id: idField((r) => C.id[r]),
    email: stringField((r) => shop.customerEmail(r)),
    first_name: stringField((r) => shop.customerFirstName(r)),
    last_name: stringField((r) => shop.customerLastName(r)),
    tag: tags,
    tag_not: negate(tags),
    orders_count: numberField((r) => C.ordersCount[r]),
    total_spent: numberField((r) => C.spentCents[r] / 100),
    updated_at: dateField((r) => C.updatedAt[r]),
    customer_date: dateField((r) => C.createdAt[r]),
    accepts_marketing: booleanField((r) => MARKETING_STATES[C.marketing[r]] === "SUBSCRIBED"),
    state: enumField(() => "disabled"),
  };
}

function orderStatus(shop: EmulatedShop, r: number): string[] {
  const cancelled = !Number.isNaN(shop.orders.cancelledAt[r]);
  // Orders are never archived in the emulator (closedAt null), so open = not cancelled.
  return cancelled ? ["cancelled", "not_closed", "any"] : ["open", "not_closed", "any"];
}

function orderSearchFields(shop: EmulatedShop): Record<string, FieldMatcher<number>> {
  const O = shop.orders;
  const tags = tagField<number>((r) => O.tags[r]);
  const name = stringField<number>((r) => O.name(r));
  return {
    default: (op, value) => {
      if (op !== ":") return null;
      const v = value.toLowerCase().replace(/\*/g, "");
      return (r) => {
        const c = O.customer[r];
        return O.name(r).toLowerCase().includes(v) || (c >= 0 && (shop.customerEmail(c) ?? "").toLowerCase().includes(v));
      };
    },
    id: idField((r) => O.id[r]),
    name: (op, value, ctx) => name(op, value.startsWith("#") ? value : `#${value}`, ctx),
    customer_id: idField((r) => (O.customer[r] >= 0 ? shop.customers.id[O.customer[r]] : -1)),
    email: stringField((r) => (O.customer[r] >= 0 ? shop.customerEmail(O.customer[r]) : null)),
    test: booleanField((r) => O.test[r] === 1),
    status: enumField((r) => orderStatus(shop, r)),
    financial_status: enumField((r) => FINANCIAL_STATUSES[O.financial[r]]),
    fulfillment_status: enumField((r) => (Number.isNaN(O.fulfilledAt[r]) ? "unshipped" : "shipped")),
    processed_at: dateField((r) => O.processedAt[r]),
    created_at: dateField((r) => O.createdAt[r]),
    updated_at: dateField((r) => O.updatedAt[r]),
    tag: tags,
    tag_not: negate(tags),
    current_total_price: numberField((r) => (O.totalCents[r] - O.refundedCents[r]) / 100),
    source_name: enumField(() => "web"),
    sku: (op, value) => {
      if (op !== ":") return null;
      const v = value.toLowerCase();
      return (r) => {
        for (let l = O.lineStart[r]; l < O.lineEnd[r]; l++) if (shop.products.skus[shop.lines.product[l]].toLowerCase() === v) return true;
        return false;
      };
    },
  };
}

function search(
  ctx: ResolverContext,
  info: GraphQLResolveInfo,
  query: string | null | undefined,
  fields: Record<string, FieldMatcher<number>>,
  shopifyFields: string[],
): ((r: number) => boolean) | null {
  if (!query) return null;
  const compiled = compileSearch(query, fields, { now: ctx.shop.now(), timeZone: ctx.shop.ianaTimezone });
  const unsupported = compiled.warnings.filter((w) => shopifyFields.includes(w.field));
  if (unsupported.length) {
    throw notImplemented(info, `search field '${unsupported[0].field}' (query: ${JSON.stringify(query)})`);
  }
  if (compiled.warnings.length) {
    ctx.search.push({ path: pathArray(info), query, parsed: describeParsed(compiled.parsed), warnings: compiled.warnings });
  }
  return compiled.predicate;
}

// ---------------------------------------------------------------------------------------------
// Sources

const customerNode = (i: number) => ({ __typename: "Customer", i });
const orderNode = (i: number) => ({ __typename: "Order", i });

function both<R>(a: ((r: R) => boolean) | null, b: ((r: R) => boolean) | null): ((r: R) => boolean) | null {
  if (!a) return b;
  if (!b) return a;
  return (r) => a(r) && b(r);
}

function orderVisibility(ctx: ResolverContext): ((r: number) => boolean) | null {
  return ctx.shop.hasScope("read_all_orders") ? null : (r) => ctx.shop.orderVisible(r);
}

function countResult(total: number, limit: number | null | undefined) {
  if (limit === null || limit === undefined) return { count: total, precision: "EXACT" };
  return total > limit ? { count: limit, precision: "AT_LEAST" } : { count: total, precision: "EXACT" };
}

function countRows(n: number, accept: ((r: number) => boolean) | null): number {
  if (!accept) return n;
  let count = 0;
  for (let r = 0; r < n; r++) if (accept(r)) count++;
  return count;
}

/** Resolves a GID for node/customer/order; an ID that is not a GID is an error, as on Shopify. */
function checkGid(info: GraphQLResolveInfo, id: string): void {
  if (!/^gid:\/\/shopify\/[A-Za-z]+\/\S+$/.test(id)) {
    throw fieldError(info, `Invalid global id '${id}'`, { code: "argumentLiteralsIncompatible", typeName: "CoercionError" });
  }
}

function resolveNode(ctx: ResolverContext, info: GraphQLResolveInfo, id: string): unknown {
  checkGid(info, id);
  const type = /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(id)![1];
  const shop = ctx.shop;
  switch (type) {
    case "Customer": {
      requireScope(ctx, info, "read_customers");
      const i = shop.customerIndex(id);
      return i >= 0 ? customerNode(i) : null;
    }
    case "Order": {
      requireScope(ctx, info, "read_orders");
      const i = shop.orderIndex(id);
      return i >= 0 && shop.orderVisible(i) ? orderNode(i) : null;
    }
    case "BulkOperation":
      return resolveBulkOperationId(ctx, info, id);
    case "Product": {
      const p = parseGid(id, "Product");
      return p !== undefined && p >= 1 && p <= shop.products.titles.length ? { __typename: "Product", p: p - 1 } : null;
    }
    default:
      throw notImplemented(info, `node(id:) for ${type} ids`);
  }
}

// ---------------------------------------------------------------------------------------------
// The resolver table: type → field → resolver. admin-graphql.ts rejects fields missing here.

function lifetimeDuration(fromMs: number, toMs: number): string {
  // Rails' distance_of_time_in_words, which Shopify's lifetimeDuration follows ("about 1 year").
  const minutes = Math.round(Math.max(0, toMs - fromMs) / 60000);
  if (minutes < 1) return "less than a minute";
  if (minutes < 2) return "1 minute";
  if (minutes < 45) return `${minutes} minutes`;
  if (minutes < 90) return "about 1 hour";
  if (minutes < 1440) return `about ${Math.round(minutes / 60)} hours`;
  if (minutes < 2520) return "1 day";
  if (minutes < 43200) return `${Math.round(minutes / 1440)} days`;
  if (minutes < 86400) return `about ${Math.round(minutes / 43200)} month${Math.round(minutes / 43200) === 1 ? "" : "s"}`;
  if (minutes < 525600) return `${Math.round(minutes / 43200)} months`;
  const years = Math.floor(minutes / 525600);
  const rest = minutes % 525600;
  if (rest < 131400) return `about ${years} year${years === 1 ? "" : "s"}`;
  if (rest < 394200) return `over ${years} year${years === 1 ? "" : "s"}`;
  return `almost ${years + 1} years`;
}

function handleize(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "product"
  );
}

function lineItemNode(o: number, l: number) {
  return { __typename: "LineItem", o, l };
}

function linePage(ctx: ResolverContext, info: GraphQLResolveInfo, o: number, args: PageArgs, make: (o: number, l: number) => unknown) {
  const O = ctx.shop.orders;
  const rows: number[] = [];
  for (let l = O.lineStart[o]; l < O.lineEnd[o]; l++) rows.push(l);
  const id = (l: number) => O.lineIdOffset[o] + l + 1;
  return paginate(info, args, { order: rows, key: id, id, kind: "number" }, null, (l) => make(o, l));
}

/** The connections over rows, by "Type.field", for their resolvers and for bulk queries (bulk-query.ts). */
export const ROW_CONNECTIONS: Record<string, (source: any, args: any, ctx: ResolverContext, info: GraphQLResolveInfo) => RowConnection> = {
  "QueryRoot.customers": (_s, args, ctx, info) => {
    requireScope(ctx, info, "read_customers");
    const accept = search(ctx, info, args.query, customerSearchFields(ctx.shop), CUSTOMER_SEARCH_FIELDS_SHOPIFY);
    return { spec: customerSort(ctx, info, args.sortKey ?? "ID"), accept, toNode: customerNode };
  },
  "QueryRoot.orders": (_s, args, ctx, info) => {
    requireScope(ctx, info, "read_orders");
    if (args.savedSearchId) throw notImplemented(info, "savedSearchId on orders");
    const accept = both(orderVisibility(ctx), search(ctx, info, args.query, orderSearchFields(ctx.shop), ORDER_SEARCH_FIELDS_SHOPIFY));
    return { spec: orderSort(ctx, info, args.sortKey ?? "PROCESSED_AT"), accept, toNode: orderNode };
  },
  "Customer.orders": (s, args, ctx, info) => {
    requireScope(ctx, info, "read_orders");
    const rows = ctx.shop.customers.ordersOf(s.i);
    const accept = both(orderVisibility(ctx), search(ctx, info, args.query, orderSearchFields(ctx.shop), ORDER_SEARCH_FIELDS_SHOPIFY));
    return { spec: orderSort(ctx, info, args.sortKey ?? "ID", rows), accept, toNode: orderNode };
  },
};

function rowConnectionPage(name: string): Resolver {
  const connection = ROW_CONNECTIONS[name];
  return (s, args, ctx, info) => {
    const { spec, accept, toNode } = connection(s, args, ctx, info);
    return paginate(info, args, spec, accept, toNode);
  };
}

export const RESOLVERS: Record<string, Record<string, Resolver>> = {
  QueryRoot: {
    shop: () => ({ __typename: "Shop" }),
    customers: rowConnectionPage("QueryRoot.customers"),
    customer: (_s, args, ctx, info) => {
      requireScope(ctx, info, "read_customers");
      checkGid(info, args.id);
      const i = ctx.shop.customerIndex(args.id);
      return i >= 0 ? customerNode(i) : null;
    },
    customersCount: (_s, args, ctx, info) => {
      requireScope(ctx, info, "read_customers");
      const accept = search(ctx, info, args.query, customerSearchFields(ctx.shop), CUSTOMER_SEARCH_FIELDS_SHOPIFY);
      return countResult(countRows(ctx.shop.customers.length, accept), args.limit);
    },
    orders: rowConnectionPage("QueryRoot.orders"),
    order: (_s, args, ctx, info) => {
      requireScope(ctx, info, "read_orders");
      checkGid(info, args.id);
      const i = ctx.shop.orderIndex(args.id);
      return i >= 0 && ctx.shop.orderVisible(i) ? orderNode(i) : null;
    },
    ordersCount: (_s, args, ctx, info) => {
      requireScope(ctx, info, "read_orders");
      if (args.savedSearchId) throw notImplemented(info, "savedSearchId on ordersCount");
      const accept = both(orderVisibility(ctx), search(ctx, info, args.query, orderSearchFields(ctx.shop), ORDER_SEARCH_FIELDS_SHOPIFY));
      return countResult(countRows(ctx.shop.orders.length, accept), args.limit);
    },
    node: (_s, args, ctx, info) => resolveNode(ctx, info, args.id),
    nodes: (_s, args, ctx, info) => {
      if (args.ids.length > 250)
        throw fieldError(info, "The input array size of 251 is greater than the maximum allowed of 250.", {
          code: "MAX_INPUT_SIZE_EXCEEDED",
        });
      return args.ids.map((id: string) => resolveNode(ctx, info, id));
    },
  },

  Mutation: {
    tagsAdd: (_s, args, ctx, info) => tagsMutation(ctx, info, args, "add"),
    tagsRemove: (_s, args, ctx, info) => tagsMutation(ctx, info, args, "remove"),
  },

  Shop: {
    id: (_s, _a, ctx) => `gid://shopify/Shop/${ctx.shop.shopId}`,
    name: (_s, _a, ctx) => ctx.shop.name,
    myshopifyDomain: (_s, _a, ctx) => ctx.shop.domain,
    url: (_s, _a, ctx) => `https://${ctx.shop.domain}`,
    email: (_s, _a, ctx) => `owner@${ctx.shop.domain}`,
    contactEmail: (_s, _a, ctx) => `owner@${ctx.shop.domain}`,
    currencyCode: (_s, _a, ctx) => ctx.shop.currencyCode,
    enabledPresentmentCurrencies: (_s, _a, ctx) => [ctx.shop.currencyCode],
    ianaTimezone: (_s, _a, ctx) => ctx.shop.ianaTimezone,
    timezoneOffsetMinutes: (_s, _a, ctx) => offsetMinutes(ctx.shop.ianaTimezone, ctx.shop.now().getTime()),
    timezoneOffset: (_s, _a, ctx) => formatOffset(offsetMinutes(ctx.shop.ianaTimezone, ctx.shop.now().getTime())).replace(":", ""),
    timezoneAbbreviation: (_s, _a, ctx) =>
      new Intl.DateTimeFormat("en-US", { timeZone: ctx.shop.ianaTimezone, timeZoneName: "short" })
        .formatToParts(ctx.shop.now())
        .find((p) => p.type === "timeZoneName")?.value ?? "UTC",
    createdAt: (_s, _a, ctx) => formatUtcIso(ctx.shop.createdAt.getTime()),
    updatedAt: (_s, _a, ctx) => formatUtcIso(ctx.shop.createdAt.getTime()),
    plan: () => ({ displayName: "Basic", publicDisplayName: "Basic", partnerDevelopment: false, shopifyPlus: false }),
  },
  ShopPlan: {
    displayName: (s) => s.displayName,
    publicDisplayName: (s) => s.publicDisplayName,
    partnerDevelopment: (s) => s.partnerDevelopment,
    shopifyPlus: (s) => s.shopifyPlus,
  },

  Customer: {
    id: (s, _a, ctx) => customerGid(ctx.shop.customers.id[s.i]),
    legacyResourceId: (s, _a, ctx) => String(ctx.shop.customers.id[s.i]),
    createdAt: (s, _a, ctx) => formatUtcIso(ctx.shop.customers.createdAt[s.i]),
    updatedAt: (s, _a, ctx) => formatUtcIso(ctx.shop.customers.updatedAt[s.i]),
    tags: (s, _a, ctx) => ctx.shop.customerTagList(s.i),
    numberOfOrders: (s, _a, ctx) => String(ctx.shop.customers.ordersCount[s.i]),
    amountSpent: (s, _a, ctx) => moneyV2(ctx, ctx.shop.customers.spentCents[s.i]),
    statistics: (s) => ({ i: s.i }),
    firstName: (s, _a, ctx) => ctx.shop.customerFirstName(s.i),
    lastName: (s, _a, ctx) => ctx.shop.customerLastName(s.i),
    displayName: (s, _a, ctx) => ctx.shop.customerDisplayName(s.i),
    email: (s, _a, ctx) => ctx.shop.customerEmail(s.i),
    verifiedEmail: (s, _a, ctx) => ctx.shop.customerEmail(s.i) !== null,
    validEmailAddress: (s, _a, ctx) => ctx.shop.customerEmail(s.i) !== null,
    defaultEmailAddress: (s, _a, ctx) => (ctx.shop.customerEmail(s.i) === null ? null : { i: s.i }),
    phone: () => null,
    defaultPhoneNumber: () => null,
    note: () => null,
    locale: () => "en",
    state: () => "DISABLED",
    taxExempt: () => false,
    dataSaleOptOut: () => false,
    canDelete: (s, _a, ctx) => ctx.shop.customers.ordersCount[s.i] === 0,
    lifetimeDuration: (s, _a, ctx) => lifetimeDuration(ctx.shop.customers.createdAt[s.i], ctx.shop.now().getTime()),
    lastOrder: (s, _a, ctx, info) => {
      requireScope(ctx, info, "read_orders");
      const last = ctx.shop.customers.lastOrder[s.i];
      return last >= 0 && ctx.shop.orderVisible(last) ? orderNode(last) : null;
    },
    orders: rowConnectionPage("Customer.orders"),
  },
  CustomerStatistics: {
    rfmGroup: (s, _a, ctx) => ctx.shop.rfmGroup(s.i),
    predictedSpendTier: (s, _a, ctx) => ctx.shop.predictedSpendTier(s.i),
  },
  CustomerEmailAddress: {
    emailAddress: (s, _a, ctx) => ctx.shop.customerEmail(s.i),
    marketingState: (s, _a, ctx) => ctx.shop.customerMarketingState(s.i),
    marketingOptInLevel: (s, _a, ctx) => (ctx.shop.customerMarketingState(s.i) === "SUBSCRIBED" ? "SINGLE_OPT_IN" : null),
    marketingUpdatedAt: (s, _a, ctx) =>
      ctx.shop.customerMarketingState(s.i) === "NOT_SUBSCRIBED" ? null : formatUtcIso(ctx.shop.customers.createdAt[s.i]),
    validFormat: () => true,
  },

  Order: {
    id: (s, _a, ctx) => orderGid(ctx.shop.orders.id[s.i]),
    legacyResourceId: (s, _a, ctx) => String(ctx.shop.orders.id[s.i]),
    name: (s, _a, ctx) => ctx.shop.orders.name(s.i),
    createdAt: (s, _a, ctx) => formatUtcIso(ctx.shop.orders.createdAt[s.i]),
    processedAt: (s, _a, ctx) => formatUtcIso(ctx.shop.orders.processedAt[s.i]),
    updatedAt: (s, _a, ctx) => formatUtcIso(ctx.shop.orders.updatedAt[s.i]),
    cancelledAt: (s, _a, ctx) => {
      const t = ctx.shop.orders.cancelledAt[s.i];
      return Number.isNaN(t) ? null : formatUtcIso(t);
    },
    cancelReason: (s, _a, ctx) => CANCEL_REASONS[ctx.shop.orders.cancelReason[s.i]],
    closed: () => false,
    closedAt: () => null,
    confirmed: () => true,
    test: (s, _a, ctx) => ctx.shop.orders.test[s.i] === 1,
    currencyCode: (_s, _a, ctx) => ctx.shop.currencyCode,
    presentmentCurrencyCode: (_s, _a, ctx) => ctx.shop.currencyCode,
    email: (s, _a, ctx) => (ctx.shop.orders.customer[s.i] >= 0 ? ctx.shop.customerEmail(ctx.shop.orders.customer[s.i]) : null),
    phone: () => null,
    note: () => null,
    tags: (s, _a, ctx) => ctx.shop.orders.tags[s.i] ?? [],
    sourceName: () => "web",
    edited: () => false,
    taxesIncluded: () => true,
    returnStatus: () => "NO_RETURN",
    customer: (s, _a, ctx, info) => {
      requireScope(ctx, info, "read_customers");
      const c = ctx.shop.orders.customer[s.i];
      return c >= 0 ? customerNode(c) : null;
    },
    displayFinancialStatus: (s, _a, ctx) => FINANCIAL_STATUSES[ctx.shop.orders.financial[s.i]],
    displayFulfillmentStatus: (s, _a, ctx) => (Number.isNaN(ctx.shop.orders.fulfilledAt[s.i]) ? "UNFULFILLED" : "FULFILLED"),
    fulfillments: (s, args, ctx) => {
      if (Number.isNaN(ctx.shop.orders.fulfilledAt[s.i]) || args.first === 0) return [];
      return [{ __typename: "Fulfillment", o: s.i }];
    },
    fullyPaid: (s, _a, ctx) => FINANCIAL_STATUSES[ctx.shop.orders.financial[s.i]] !== "PENDING",
    unpaid: (s, _a, ctx) => FINANCIAL_STATUSES[ctx.shop.orders.financial[s.i]] === "PENDING",
    totalPriceSet: (s, _a, ctx) => moneyBag(ctx, ctx.shop.orders.totalCents[s.i]),
    originalTotalPriceSet: (s, _a, ctx) => moneyBag(ctx, ctx.shop.orders.totalCents[s.i]),
    subtotalPriceSet: (s, _a, ctx) => moneyBag(ctx, ctx.shop.orders.totalCents[s.i]),
    currentSubtotalPriceSet: (s, _a, ctx) => moneyBag(ctx, ctx.shop.orders.totalCents[s.i] - ctx.shop.orders.refundedCents[s.i]),
    currentTotalPriceSet: (s, _a, ctx) => moneyBag(ctx, ctx.shop.orders.totalCents[s.i] - ctx.shop.orders.refundedCents[s.i]),
    totalRefundedSet: (s, _a, ctx) => moneyBag(ctx, ctx.shop.orders.refundedCents[s.i]),
    totalReceivedSet: (s, _a, ctx) => moneyBag(ctx, ctx.shop.orders.totalCents[s.i]),
    netPaymentSet: (s, _a, ctx) => moneyBag(ctx, ctx.shop.orders.totalCents[s.i] - ctx.shop.orders.refundedCents[s.i]),
    totalOutstandingSet: (_s, _a, ctx) => moneyBag(ctx, 0),
    totalDiscountsSet: (_s, _a, ctx) => moneyBag(ctx, 0),
    currentTotalDiscountsSet: (_s, _a, ctx) => moneyBag(ctx, 0),
    totalTaxSet: (_s, _a, ctx) => moneyBag(ctx, 0),
    currentTotalTaxSet: (_s, _a, ctx) => moneyBag(ctx, 0),
    totalShippingPriceSet: (_s, _a, ctx) => moneyBag(ctx, 0),
    subtotalLineItemsQuantity: (s, _a, ctx) => lineQuantity(ctx, s.i),
    currentSubtotalLineItemsQuantity: (s, _a, ctx) => (isRemoved(ctx, s.i) ? 0 : lineQuantity(ctx, s.i)),
    lineItems: (s, args, ctx, info) => linePage(ctx, info, s.i, args, lineItemNode),
    refunds: (s, args, ctx) => {
      if (Number.isNaN(ctx.shop.orders.refundedAt[s.i])) return [];
      return args.first === 0 ? [] : [{ __typename: "Refund", o: s.i }];
    },
  },
  LineItem: {
    id: (s, _a, ctx) => `gid://shopify/LineItem/${ctx.shop.orders.lineIdOffset[s.o] + s.l + 1}`,
    title: (s, _a, ctx) => ctx.shop.strings[ctx.shop.lines.title[s.l]],
    name: (s, _a, ctx) => ctx.shop.strings[ctx.shop.lines.title[s.l]],
    sku: (s, _a, ctx) => ctx.shop.products.skus[ctx.shop.lines.product[s.l]],
    vendor: (_s, _a, ctx) => ctx.shop.name,
    variantTitle: () => null,
    quantity: (s, _a, ctx) => ctx.shop.lines.quantity[s.l],
    currentQuantity: (s, _a, ctx) => (isRemoved(ctx, s.o) ? 0 : ctx.shop.lines.quantity[s.l]),
    refundableQuantity: (s, _a, ctx) => (isRemoved(ctx, s.o) ? 0 : ctx.shop.lines.quantity[s.l]),
    requiresShipping: () => true,
    taxable: () => true,
    isGiftCard: () => false,
    product: (s, _a, ctx) => ({ __typename: "Product", p: ctx.shop.lines.product[s.l] }),
    originalUnitPriceSet: (s, _a, ctx) => moneyBag(ctx, ctx.shop.lines.unitCents[s.l]),
    discountedUnitPriceSet: (s, _a, ctx) => moneyBag(ctx, ctx.shop.lines.unitCents[s.l]),
    originalTotalSet: (s, _a, ctx) => moneyBag(ctx, ctx.shop.lines.unitCents[s.l] * ctx.shop.lines.quantity[s.l]),
    discountedTotalSet: (s, args, ctx, info) => {
      if (args.withCodeDiscounts) throw notImplemented(info, "discountedTotalSet(withCodeDiscounts: true)");
      return moneyBag(ctx, ctx.shop.lines.unitCents[s.l] * ctx.shop.lines.quantity[s.l]);
    },
    totalDiscountSet: (_s, _a, ctx) => moneyBag(ctx, 0),
  },
  Product: {
    id: (s) => `gid://shopify/Product/${s.p + 1}`,
    legacyResourceId: (s) => String(s.p + 1),
    title: (s, _a, ctx) => ctx.shop.products.titles[s.p],
    handle: (s, _a, ctx) => handleize(ctx.shop.products.titles[s.p]),
    productType: (s, _a, ctx) => derivedProductType(ctx.shop.products.titles[s.p]),
  },
  Refund: {
    id: (s, _a, ctx) => `gid://shopify/Refund/${ctx.shop.orders.id[s.o]}`,
    legacyResourceId: (s, _a, ctx) => String(ctx.shop.orders.id[s.o]),
    createdAt: (s, _a, ctx) => formatUtcIso(ctx.shop.orders.refundedAt[s.o]),
    processedAt: (s, _a, ctx) => formatUtcIso(ctx.shop.orders.refundedAt[s.o]),
    updatedAt: (s, _a, ctx) => formatUtcIso(ctx.shop.orders.refundedAt[s.o]),
    note: () => null,
    order: (s) => orderNode(s.o),
    totalRefundedSet: (s, _a, ctx) => moneyBag(ctx, ctx.shop.orders.refundedCents[s.o]),
    refundLineItems: (s, args, ctx, info) => {
      // Full refunds list every line; partial refunds are money-only (no line items).
      const O = ctx.shop.orders;
      if (O.refundedCents[s.o] !== O.totalCents[s.o])
        return paginate(info, args, { order: [], key: (r) => r, id: (r) => r, kind: "number" }, null, () => null);
      return linePage(ctx, info, s.o, args, (o, l) => ({ __typename: "RefundLineItem", o, l }));
    },
  },
  // One fulfilment per fulfilled order, sharing the order's numeric id.
  Fulfillment: {
    id: (s, _a, ctx) => `gid://shopify/Fulfillment/${ctx.shop.orders.id[s.o]}`,
    legacyResourceId: (s, _a, ctx) => String(ctx.shop.orders.id[s.o]),
    name: (s, _a, ctx) => `${ctx.shop.orders.name(s.o)}.1`,
    createdAt: (s, _a, ctx) => formatUtcIso(ctx.shop.orders.fulfilledAt[s.o]),
    updatedAt: (s, _a, ctx) => formatUtcIso(ctx.shop.orders.fulfilledAt[s.o]),
    status: () => "SUCCESS",
    displayStatus: () => "FULFILLED",
    deliveredAt: () => null,
    inTransitAt: () => null,
    estimatedDeliveryAt: () => null,
    requiresShipping: () => true,
    totalQuantity: (s, _a, ctx) => lineQuantity(ctx, s.o),
    order: (s) => orderNode(s.o),
  },
  RefundLineItem: {
    id: (s, _a, ctx) => `gid://shopify/RefundLineItem/${ctx.shop.orders.lineIdOffset[s.o] + s.l + 1}`,
    lineItem: (s) => lineItemNode(s.o, s.l),
    quantity: (s, _a, ctx) => ctx.shop.lines.quantity[s.l],
    restockType: () => "NO_RESTOCK",
    restocked: () => false,
    priceSet: (s, _a, ctx) => moneyBag(ctx, ctx.shop.lines.unitCents[s.l]),
    subtotalSet: (s, _a, ctx) => moneyBag(ctx, ctx.shop.lines.unitCents[s.l] * ctx.shop.lines.quantity[s.l]),
    totalTaxSet: (_s, _a, ctx) => moneyBag(ctx, 0),
  },
  MoneyBag: { shopMoney: (s) => s.shopMoney, presentmentMoney: (s) => s.presentmentMoney },
  MoneyV2: { amount: (s) => s.amount, currencyCode: (s) => s.currencyCode },
  Count: { count: (s) => s.count, precision: (s) => s.precision },
  PageInfo: {
    hasNextPage: (s) => s.hasNextPage,
    hasPreviousPage: (s) => s.hasPreviousPage,
    startCursor: (s) => s.startCursor,
    endCursor: (s) => s.endCursor,
  },
  TagsAddPayload: { node: (s) => s.node, userErrors: (s) => s.userErrors },
  TagsRemovePayload: { node: (s) => s.node, userErrors: (s) => s.userErrors },
  UserError: { field: (s) => s.field, message: (s) => s.message },
};

/** Fields selected on abstract types that every object the emulator returns implements. */
export const ABSTRACT_FIELDS: Record<string, readonly string[]> = { Node: ["id"] };

// Connections and edges share one shape.
for (const name of ["Customer", "Order", "LineItem", "RefundLineItem"]) {
  RESOLVERS[`${name}Connection`] = { edges: (s) => s.edges, nodes: (s) => s.nodes, pageInfo: (s) => s.pageInfo };
  RESOLVERS[`${name}Edge`] = { cursor: (s) => s.cursor, node: (s) => s.node };
}

/** Arguments each implemented field understands; any other argument a query passes is rejected. */
export const HANDLED_ARGUMENTS: Record<string, readonly string[]> = {
  "QueryRoot.customers": ["first", "last", "after", "before", "query", "reverse", "sortKey"],
  "QueryRoot.orders": ["first", "last", "after", "before", "query", "reverse", "sortKey", "savedSearchId"],
  "QueryRoot.customersCount": ["query", "limit"],
  "QueryRoot.ordersCount": ["query", "limit", "savedSearchId"],
  "QueryRoot.customer": ["id"],
  "QueryRoot.order": ["id"],
  "QueryRoot.node": ["id"],
  "QueryRoot.nodes": ["ids"],
  "Mutation.tagsAdd": ["id", "tags"],
  "Mutation.tagsRemove": ["id", "tags"],
  "Customer.orders": ["first", "last", "after", "before", "query", "reverse", "sortKey"],
  "Order.lineItems": ["first", "last", "after", "before", "reverse"],
  "Order.refunds": ["first"],
  "Order.fulfillments": ["first"],
  "Refund.refundLineItems": ["first", "last", "after", "before", "reverse"],
  "LineItem.discountedTotalSet": ["withCodeDiscounts"],
};
installFlowSegmentResolvers(RESOLVERS, HANDLED_ARGUMENTS);
installMetafieldResolvers(RESOLVERS, HANDLED_ARGUMENTS);
installDiscountMarketingResolvers(RESOLVERS, HANDLED_ARGUMENTS);
installAbandonedCheckoutResolvers(RESOLVERS, HANDLED_ARGUMENTS);
installBulkResolvers(RESOLVERS, HANDLED_ARGUMENTS);
installSubscriptionResolvers(RESOLVERS);
installJourneyResolvers(RESOLVERS, HANDLED_ARGUMENTS, ABSTRACT_FIELDS);
installShopifyqlResolvers(RESOLVERS, HANDLED_ARGUMENTS);

function isRemoved(ctx: ResolverContext, o: number): boolean {
  const O = ctx.shop.orders;
  return !Number.isNaN(O.cancelledAt[o]) || (O.refundedCents[o] === O.totalCents[o] && O.totalCents[o] > 0);
}

function lineQuantity(ctx: ResolverContext, o: number): number {
  const O = ctx.shop.orders;
  let q = 0;
  for (let l = O.lineStart[o]; l < O.lineEnd[o]; l++) q += ctx.shop.lines.quantity[l];
  return q;
}

function tagsMutation(ctx: ResolverContext, info: GraphQLResolveInfo, args: { id: string; tags: string[] }, kind: "add" | "remove") {
  checkGid(info, args.id);
  const type = /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(args.id)![1];
  if (type !== "Customer") {
    if (["Order", "DraftOrder", "Product", "Article", "DiscountNode"].includes(type)) {
      throw notImplemented(info, `${info.fieldName} on ${type}`);
    }
    return { node: null, userErrors: [{ field: ["id"], message: `Invalid id: ${args.id}` }] };
  }
  requireScope(ctx, info, "write_customers");
  if (args.tags.length > 250) {
    throw fieldError(info, `The input array size of ${args.tags.length} is greater than the maximum allowed of 250.`, {
      code: "MAX_INPUT_SIZE_EXCEEDED",
    });
  }
  const userErrors = kind === "add" ? ctx.shop.addCustomerTags(args.id, args.tags) : ctx.shop.removeCustomerTags(args.id, args.tags);
  const i = ctx.shop.customerIndex(args.id);
  return { node: userErrors.length || i < 0 ? null : customerNode(i), userErrors };
}

/** Concrete type of an abstract value (Node, …). */
export function resolveType(value: unknown): string | undefined {
  return value && typeof value === "object" ? ((value as Source).__typename as string | undefined) : undefined;
}
