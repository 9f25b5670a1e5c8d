// Emulated abandoned checkouts (Admin API `abandonedCheckouts`, `abandonedCheckoutsCount`; 2024-10+).
//
// The seeds (CDNOW, Online Retail) hold orders, not checkouts, so the checkouts are DERIVED from the
// store, deterministically (a hash of the order or customer id decides, never Math.random):
//   - before a customer's FIRST order, 45 % of customers abandoned a checkout 1–72 hours earlier;
//   - before each LATER order, 15 % did;
//     of these order-linked checkouts 30 % are "recovered": the abandoned checkout itself was
//     completed (completedAt = the order's processedAt), the others were left and a fresh checkout
//     became the order. The cart's total is the order's total.
//   - customers who never ordered: 40 % abandoned one checkout 1–240 hours after their account was
//     created and never came back; its total is that of an order of the shop picked by the hash.
//   - cancelled and test orders get no checkout; nothing is created after the shop's "now".
// Ids: order-linked checkouts are 10·orderId + 1, a never-buyer's is 10·customerId + 2, so ids stay
// stable when the store grows. Shopify's abandoned checkouts hold no PII we read besides `customer`.
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import { paginate, type ResolverContext, type SortSpec } from "./resolvers";
import { compileSearch, dateField, enumField, idField, type FieldMatcher } from "./query-filter";
import { customerGid, formatDecimal, type EmulatedShop } from "./store";
import { formatUtcIso } from "./time";

type Resolver = (source: any, args: any, ctx: ResolverContext, info: GraphQLResolveInfo) => unknown;

const HOUR_MS = 3_600_000;

/** Column store of a shop's derived checkouts, sorted by id. */
export interface CheckoutTable {
  length: number;
  id: Float64Array;
  customer: Int32Array; // customer row, −1 for none
  createdAt: Float64Array;
  completedAt: Float64Array; // NaN when not completed
  totalCents: Float64Array;
}

/** 32-bit mix of a (possibly > 2^32) integer id and a salt: the emulator's only source of "chance". */
function hash(id: number, salt: number): number {
  let h = Math.imul((id % 4294967296) ^ salt, 0x9e3779b1) ^ Math.floor(id / 4294967296);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
const chance = (id: number, salt: number, percent: number) => hash(id, salt) % 100 < percent;

const cache = new WeakMap<EmulatedShop, { version: string; table: CheckoutTable }>();

export function abandonedCheckoutsOf(shop: EmulatedShop): CheckoutTable {
  const C = shop.customers;
  const O = shop.orders;
  const version = `${C.insertVersion}:${O.insertVersion}:${O.updateVersion}`;
  const hit = cache.get(shop);
  if (hit && hit.version === version) return hit.table;

  const rows: { id: number; customer: number; createdAt: number; completedAt: number; totalCents: number }[] = [];
  for (let c = 0; c < C.length; c++) {
    const orders = C.ordersOf(c)
      .filter((o) => Number.isNaN(O.cancelledAt[o]) && O.test[o] !== 1)
      .sort((a, b) => O.processedAt[a] - O.processedAt[b]);
    if (orders.length === 0) {
      if (!chance(C.id[c], 3, 40)) continue;
      const totalCents = O.length > 0 ? O.totalCents[hash(C.id[c], 4) % O.length] : 2500;
      rows.push({
        id: C.id[c] * 10 + 2,
        customer: c,
        createdAt: C.createdAt[c] + (1 + (hash(C.id[c], 5) % 240)) * HOUR_MS,
        completedAt: NaN,
        totalCents,
      });
      continue;
    }
    orders.forEach((o, k) => {
      if (!chance(O.id[o], 1, k === 0 ? 45 : 15)) return;
      const recovered = chance(O.id[o], 2, 30);
      rows.push({
        id: O.id[o] * 10 + 1,
        customer: c,
        createdAt: O.processedAt[o] - (1 + (hash(O.id[o], 6) % 72)) * HOUR_MS,
        completedAt: recovered ? O.processedAt[o] : NaN,
        totalCents: O.totalCents[o],
      });
    });
  }
  rows.sort((a, b) => a.id - b.id);
  const table: CheckoutTable = {
    length: rows.length,
    id: Float64Array.from(rows, (r) => r.id),
    customer: Int32Array.from(rows, (r) => r.customer),
    createdAt: Float64Array.from(rows, (r) => r.createdAt),
    completedAt: Float64Array.from(rows, (r) => r.completedAt),
    totalCents: Float64Array.from(rows, (r) => r.totalCents),
  };
  cache.set(shop, { version, table });
  return table;
}

const updatedAt = (t: CheckoutTable, r: number) => (Number.isNaN(t.completedAt[r]) ? t.createdAt[r] : t.completedAt[r]);

// Search fields of abandonedCheckouts(query:), 2026-10 (docs/shopify.md §1).
const SHOPIFY_FIELDS = ["created_at", "updated_at", "email_state", "id", "recovery_state", "status"];

function searchFields(t: CheckoutTable): Record<string, FieldMatcher<number>> {
  return {
    id: idField((r) => t.id[r]),
    created_at: dateField((r) => t.createdAt[r]),
    updated_at: dateField((r) => updatedAt(t, r)),
    // A completed checkout is closed and recovered; an open one is not recovered (yet).
    status: enumField((r) => (Number.isNaN(t.completedAt[r]) ? "open" : "closed")),
    recovery_state: enumField((r) => (Number.isNaN(t.completedAt[r]) ? "not_recovered" : "recovered")),
  };
}

function fieldError(info: GraphQLResolveInfo, message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { nodes: info.fieldNodes, extensions });
}

function requireReadOrders(ctx: ResolverContext, info: GraphQLResolveInfo): void {
  if (ctx.shop.hasScope("read_orders")) return;
  const requiredAccess = "`read_orders` access scope.";
  throw fieldError(info, `Access denied for ${info.fieldName} field. Required access: ${requiredAccess}`, {
    code: "ACCESS_DENIED",
    documentation: "https://shopify.dev/api/usage/access-scopes",
    requiredAccess,
  });
}

/** Visible rows (created by the shop's now) matching `query`. */
function filter(
  ctx: ResolverContext,
  info: GraphQLResolveInfo,
  t: CheckoutTable,
  query: string | null | undefined,
): (r: number) => boolean {
  const now = ctx.shop.now().getTime();
  const visible = (r: number) => t.createdAt[r] <= now;
  if (!query) return visible;
  const compiled = compileSearch(query, searchFields(t), { now: ctx.shop.now(), timeZone: ctx.shop.ianaTimezone });
  const unsupported = compiled.warnings.find((w) => SHOPIFY_FIELDS.includes(w.field));
  if (unsupported) {
    throw fieldError(info, `search field '${unsupported.field}' is not implemented by the Tsunagu Shopify emulator`, {
      code: "EMULATOR_NOT_IMPLEMENTED",
    });
  }
  const predicate = compiled.predicate;
  return predicate ? (r) => visible(r) && predicate(r) : visible;
}

function sortSpec(info: GraphQLResolveInfo, t: CheckoutTable, sortKey: string): SortSpec {
  const identity = Int32Array.from({ length: t.length }, (_, i) => i);
  const id = (r: number) => t.id[r];
  switch (sortKey) {
    case "ID":
    case "CHECKOUT_ID":
    case "RELEVANCE":
      return { order: identity, key: id, id, kind: "number" };
    case "CREATED_AT":
      return {
        order: identity.sort((a, b) => t.createdAt[a] - t.createdAt[b] || t.id[a] - t.id[b]),
        key: (r) => t.createdAt[r],
        id,
        kind: "date",
      };
    default:
      throw fieldError(info, `sortKey ${sortKey} on abandonedCheckouts is not implemented by the Tsunagu Shopify emulator`, {
        code: "EMULATOR_NOT_IMPLEMENTED",
      });
  }
}

const money = (ctx: ResolverContext, cents: number) => {
  const amount = { amount: formatDecimal(cents), currencyCode: ctx.shop.currencyCode };
  return { shopMoney: amount, presentmentMoney: amount };
};

// Built on install (a function, not a constant): resolvers.ts installs these while this module may
// itself still be loading (the two import each other).
function abandonedCheckoutResolvers(): Record<string, Record<string, Resolver>> {
  return {
    QueryRoot: {
      abandonedCheckouts: (_s, args, ctx, info) => {
        requireReadOrders(ctx, info);
        if (args.savedSearchId)
          throw fieldError(info, "savedSearchId on abandonedCheckouts is not implemented by the Tsunagu Shopify emulator", {
            code: "EMULATOR_NOT_IMPLEMENTED",
          });
        const t = abandonedCheckoutsOf(ctx.shop);
        return paginate(info, args, sortSpec(info, t, args.sortKey ?? "ID"), filter(ctx, info, t, args.query), (r) => ({
          __typename: "AbandonedCheckout",
          r,
        }));
      },
      abandonedCheckoutsCount: (_s, args, ctx, info) => {
        requireReadOrders(ctx, info);
        const t = abandonedCheckoutsOf(ctx.shop);
        const accept = filter(ctx, info, t, args.query);
        let count = 0;
        for (let r = 0; r < t.length; r++) if (accept(r)) count++;
        const limit = args.limit ?? null;
        return limit !== null && count > limit ? { count: limit, precision: "AT_LEAST" } : { count, precision: "EXACT" };
      },
    },
    AbandonedCheckout: {
      id: (s, _a, ctx) => `gid://shopify/AbandonedCheckout/${abandonedCheckoutsOf(ctx.shop).id[s.r]}`,
      name: (s, _a, ctx) => `#${abandonedCheckoutsOf(ctx.shop).id[s.r]}`,
      createdAt: (s, _a, ctx) => formatUtcIso(abandonedCheckoutsOf(ctx.shop).createdAt[s.r]),
      updatedAt: (s, _a, ctx) => formatUtcIso(updatedAt(abandonedCheckoutsOf(ctx.shop), s.r)),
      completedAt: (s, _a, ctx) => {
        const at = abandonedCheckoutsOf(ctx.shop).completedAt[s.r];
        return Number.isNaN(at) ? null : formatUtcIso(at);
      },
      abandonedCheckoutUrl: (s, _a, ctx) =>
        `https://${ctx.shop.domain}/${ctx.shop.shopId}/checkouts/ac/${abandonedCheckoutsOf(ctx.shop).id[s.r]}/recover`,
      customer: (s, _a, ctx) => {
        const c = abandonedCheckoutsOf(ctx.shop).customer[s.r];
        return c >= 0 && ctx.shop.hasScope("read_customers") ? { __typename: "Customer", i: c } : null;
      },
      totalPriceSet: (s, _a, ctx) => money(ctx, abandonedCheckoutsOf(ctx.shop).totalCents[s.r]),
      subtotalPriceSet: (s, _a, ctx) => money(ctx, abandonedCheckoutsOf(ctx.shop).totalCents[s.r]),
      totalLineItemsPriceSet: (s, _a, ctx) => money(ctx, abandonedCheckoutsOf(ctx.shop).totalCents[s.r]),
      totalDiscountSet: (_s, _a, ctx) => money(ctx, 0),
      taxesIncluded: () => true,
      discountCodes: () => [],
      note: () => "",
    },
    AbandonedCheckoutConnection: { edges: (s) => s.edges, nodes: (s) => s.nodes, pageInfo: (s) => s.pageInfo },
    AbandonedCheckoutEdge: { cursor: (s) => s.cursor, node: (s) => s.node },
  };
}

export function installAbandonedCheckoutResolvers(
  resolvers: Record<string, Record<string, Resolver>>,
  handledArguments: Record<string, readonly string[]>,
): void {
  for (const [type, fields] of Object.entries(abandonedCheckoutResolvers())) resolvers[type] = { ...resolvers[type], ...fields };
  Object.assign(handledArguments, {
    "QueryRoot.abandonedCheckouts": ["first", "last", "after", "before", "query", "reverse", "sortKey", "savedSearchId"],
    "QueryRoot.abandonedCheckoutsCount": ["query", "limit"],
  });
}

/** For tests: customer GIDs of the derived checkouts, with dates, in id order. */
export function describeAbandonedCheckouts(
  shop: EmulatedShop,
): { id: string; customerId: string | null; createdAt: string; completedAt: string | null }[] {
  const t = abandonedCheckoutsOf(shop);
  return Array.from({ length: t.length }, (_, r) => ({
    id: `gid://shopify/AbandonedCheckout/${t.id[r]}`,
    customerId: t.customer[r] >= 0 ? customerGid(shop.customers.id[t.customer[r]]) : null,
    createdAt: formatUtcIso(t.createdAt[r]),
    completedAt: Number.isNaN(t.completedAt[r]) ? null : formatUtcIso(t.completedAt[r]),
  }));
}
