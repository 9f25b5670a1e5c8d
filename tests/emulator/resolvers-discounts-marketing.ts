// Emulated discount codes (discountCodeBasicCreate, codeDiscountNodeByCode, redemption on orders) and
// external marketing activities (marketingActivityUpsertExternal, marketingActivities), as Shopify
// behaves (docs/shopify.md describes the rules):
// - codes are unique per shop, case-insensitively (userError TAKEN); a code limited to customers or to
//   segments can only be redeemed by them; usageLimit, appliesOncePerCustomer, startsAt and endsAt are
//   enforced when an order redeems it (`discountForOrder`); asyncUsageCount lags the redemptions by a
//   minute of shop time ("updated asynchronously");
// - a marketing activity's UTM triple is unique per shop and immutable; an upsert by remoteId replaces
//   the optional fields (one left out is removed); a non-hierarchical activity needs a UTM or a URL
//   parameter. An order's landing visit (recorded by the shopper simulator) is attributed to the
//   activity whose UTM triple it carries (`orderVisit`).
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import type { ResolverContext } from "./resolvers";
import { emulatedSegments } from "./resolvers-flow-segments";
import { formatDecimal, type EmulatedShop } from "./store";
import { formatUtcIso } from "./time";

type Resolver = (source: any, args: any, ctx: ResolverContext, info: GraphQLResolveInfo) => unknown;

const ASYNC_USAGE_LAG_MS = 60_000;

export interface EmulatedDiscount {
  id: number;
  code: string;
  title: string;
  startsAt: number;
  endsAt: number | null;
  /** Customer GIDs the code is limited to (context.customers), segment GIDs (context.customerSegments), or everyone. */
  customers: string[] | null;
  segments: string[] | null;
  percentage: number | null;
  amountCents: number | null;
  appliesOncePerCustomer: boolean;
  usageLimit: number | null;
  /** Redemptions: order GID, customer GID, shop time. */
  usages: { orderId: string; customerId: string; at: number; discountCents: number }[];
  createdAt: number;
}

export interface EmulatedMarketingActivity {
  id: number;
  remoteId: string;
  title: string;
  remoteUrl: string;
  status: string;
  tactic: string;
  marketingChannelType: string;
  utm: { campaign: string; medium: string; source: string } | null;
  urlParameterValue: string | null;
  start: number | null;
  end: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface OrderVisit {
  utm: { campaign: string; medium: string; source: string } | null;
  occurredAt: number;
}

interface ShopExtras {
  discounts: EmulatedDiscount[];
  activities: EmulatedMarketingActivity[];
  /** Redeemed code and discount of an order (order GID →). */
  orderDiscounts: Map<string, { code: string; discountCents: number }>;
  visits: Map<string, OrderVisit>;
  nextId: number;
}

const extras = new WeakMap<EmulatedShop, ShopExtras>();

function extrasOf(shop: EmulatedShop): ShopExtras {
  let value = extras.get(shop);
  if (!value) {
    value = { discounts: [], activities: [], orderDiscounts: new Map(), visits: new Map(), nextId: 1 };
    extras.set(shop, value);
  }
  return value;
}

export function emulatedDiscounts(shop: EmulatedShop): readonly EmulatedDiscount[] {
  return extrasOf(shop).discounts;
}

export function emulatedMarketingActivities(shop: EmulatedShop): readonly EmulatedMarketingActivity[] {
  return extrasOf(shop).activities;
}

const discountGid = (id: number) => `gid://shopify/DiscountCodeNode/${id}`;
const activityGid = (id: number) => `gid://shopify/MarketingActivity/${id}`;
const eventGid = (id: number) => `gid://shopify/MarketingEvent/${id}`;

function findByCode(shop: EmulatedShop, code: string): EmulatedDiscount | undefined {
  const wanted = code.trim().toUpperCase();
  return extrasOf(shop).discounts.find((d) => d.code.toUpperCase() === wanted);
}

function segmentMembers(shop: EmulatedShop, segmentId: string, customerId: string): boolean {
  const segment = emulatedSegments(shop).find((s) => s.id === segmentId);
  if (!segment) return false;
  const tags = shop.customerTags(customerId).map((t) => t.toLowerCase());
  const clauses = segment.query.split(/\s+(AND|OR)\s+/);
  let result: boolean | null = null;
  let joiner = "AND";
  for (const part of clauses) {
    if (part === "AND" || part === "OR") {
      joiner = part;
      continue;
    }
    const match = /^customer_tags\s+(NOT\s+)?CONTAINS\s+'([^']+)'$/.exec(part.trim());
    const value = match ? tags.includes(match[2].toLowerCase()) !== Boolean(match[1]) : false;
    result = result === null ? value : joiner === "AND" ? result && value : result || value;
  }
  return result ?? false;
}

export class DiscountRejected extends Error {}

/**
 * Checkout's check of a code for an order: it must exist, be active at `at`, be open to the customer
 * (customers or segments), be under its usage limit and, once per customer, unused by them. Returns
 * the discount on `subtotalCents`; throws DiscountRejected otherwise. `recordRedemption` then counts it.
 */
export function discountForOrder(shop: EmulatedShop, args: { code: string; customerId: string; subtotalCents: number; at: Date }): number {
  const discount = findByCode(shop, args.code);
  const at = args.at.getTime();
  if (!discount) throw new DiscountRejected(`Enter a valid discount code (${args.code})`);
  if (at < discount.startsAt || (discount.endsAt !== null && at >= discount.endsAt))
    throw new DiscountRejected(`${args.code} is not active`);
  if (discount.customers && !discount.customers.includes(args.customerId))
    throw new DiscountRejected(`${args.code} is not available to this customer`);
  if (discount.segments && !discount.segments.some((s) => segmentMembers(shop, s, args.customerId)))
    throw new DiscountRejected(`${args.code} is not available to this customer`);
  if (discount.usageLimit !== null && discount.usages.length >= discount.usageLimit)
    throw new DiscountRejected(`${args.code} has reached its usage limit`);
  if (discount.appliesOncePerCustomer && discount.usages.some((u) => u.customerId === args.customerId))
    throw new DiscountRejected(`${args.code} was already used`);
  return discount.percentage !== null
    ? Math.round(args.subtotalCents * discount.percentage)
    : Math.min(args.subtotalCents, discount.amountCents ?? 0);
}

/** The order placed with the code (after discountForOrder accepted it). */
export function recordRedemption(
  shop: EmulatedShop,
  args: { code: string; customerId: string; orderId: string; at: Date; discountCents: number },
): void {
  const discount = findByCode(shop, args.code);
  if (!discount) throw new DiscountRejected(`Enter a valid discount code (${args.code})`);
  discount.usages.push({ orderId: args.orderId, customerId: args.customerId, at: args.at.getTime(), discountCents: args.discountCents });
  extrasOf(shop).orderDiscounts.set(args.orderId, { code: discount.code, discountCents: args.discountCents });
}

/** The landing visit of an order (the shopper simulator records it), for attribution. */
export function recordOrderVisit(shop: EmulatedShop, orderId: string, visit: OrderVisit): void {
  extrasOf(shop).visits.set(orderId, visit);
}

/** An order's landing visit and the marketing activity its UTM triple is attributed to, if any. */
export function orderVisit(shop: EmulatedShop, orderId: string): (OrderVisit & { marketingActivityId: string | null }) | null {
  const visit = extrasOf(shop).visits.get(orderId);
  if (!visit) return null;
  const activity = visit.utm ? activityWithUtm(shop, visit.utm) : undefined;
  return { ...visit, marketingActivityId: activity ? activityGid(activity.id) : null };
}

function activityWithUtm(shop: EmulatedShop, utm: { campaign: string; medium: string; source: string }) {
  return extrasOf(shop).activities.find(
    (a) =>
      a.status !== "DELETED_EXTERNALLY" &&
      a.utm &&
      a.utm.campaign === utm.campaign &&
      a.utm.medium === utm.medium &&
      a.utm.source === utm.source,
  );
}

// ---------------------------------------------------------------------------------------------
// Discounts

interface UserError {
  code: string;
  field: string[];
  message: string;
}

function requireScope(ctx: ResolverContext, info: GraphQLResolveInfo, scope: string): void {
  if (ctx.shop.hasScope(scope)) return;
  const requiredAccess = `\`${scope}\` access scope.`;
  throw new GraphQLError(`Access denied for ${info.fieldName} field. Required access: ${requiredAccess}`, {
    nodes: info.fieldNodes,
    path: [info.fieldName],
    extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess },
  });
}

function parseTime(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const t = Date.parse(String(value));
  return Number.isNaN(t) ? NaN : t;
}

function discountCodeBasicCreate(ctx: ResolverContext, info: GraphQLResolveInfo, input: Record<string, any>) {
  requireScope(ctx, info, "write_discounts");
  const errors: UserError[] = [];
  const fail = (field: string, code: string, message: string) => errors.push({ code, field: ["basicCodeDiscount", field], message });
  const code = typeof input.code === "string" ? input.code.trim() : "";
  if (!code) fail("code", "BLANK", "Code can't be blank");
  else if (code.length > 255) fail("code", "TOO_LONG", "Code is too long (maximum is 255 characters)");
  else if (findByCode(ctx.shop, code)) fail("code", "TAKEN", "Code must be unique. Please try a different code.");
  if (!input.title) fail("title", "BLANK", "Title can't be blank");
  const startsAt = parseTime(input.startsAt);
  const endsAt = parseTime(input.endsAt);
  if (startsAt === null || Number.isNaN(startsAt)) fail("startsAt", "BLANK", "Starts at can't be blank");
  if (endsAt !== null && startsAt !== null && endsAt <= startsAt)
    fail("endsAt", "END_DATE_BEFORE_START_DATE", "Ends at needs to be after starts_at");
  if (input.context && input.customerSelection) fail("context", "INVALID", "Only one of context or customerSelection can be provided.");
  const context =
    input.context ??
    (input.customerSelection
      ? {
          all: input.customerSelection.all ? "ALL" : undefined,
          customers: input.customerSelection.customers,
          customerSegments: input.customerSelection.customerSegments,
        }
      : null);
  if (!context) fail("context", "BLANK", "Context can't be blank");
  const customers: string[] | null = context?.customers?.add ?? null;
  const segments: string[] | null = context?.customerSegments?.add ?? null;
  for (const id of customers ?? []) if (ctx.shop.customerIndex(id) < 0) fail("context", "INVALID", `Customer ${id} does not exist`);
  for (const id of segments ?? [])
    if (!emulatedSegments(ctx.shop).some((s) => s.id === id)) fail("context", "INVALID", `Segment ${id} does not exist`);
  const value = input.customerGets?.value ?? {};
  const percentage: number | null = value.percentage ?? null;
  const amountCents = value.discountAmount ? Math.round(Number(value.discountAmount.amount) * 100) : null;
  if (!input.customerGets) fail("customerGets", "BLANK", "Customer gets can't be blank");
  else if (percentage === null && amountCents === null) fail("customerGets", "BLANK", "Value can't be blank");
  if (percentage !== null && !(percentage > 0 && percentage <= 1))
    fail("customerGets", "VALUE_OUTSIDE_RANGE", "Value must be between 0.0 and 1.0");
  if (input.customerGets && !input.customerGets.items?.all)
    fail("customerGets", "INVALID", "Only items.all is implemented by the Tsunagu Shopify emulator");
  if (input.usageLimit !== null && input.usageLimit !== undefined && input.usageLimit < 1)
    fail("usageLimit", "GREATER_THAN", "Usage limit must be greater than 0");
  if (errors.length) return { codeDiscountNode: null, userErrors: errors };
  const state = extrasOf(ctx.shop);
  const discount: EmulatedDiscount = {
    id: state.nextId++,
    code,
    title: input.title,
    startsAt: startsAt!,
    endsAt,
    customers,
    segments,
    percentage,
    amountCents,
    appliesOncePerCustomer: Boolean(input.appliesOncePerCustomer),
    usageLimit: input.usageLimit ?? null,
    usages: [],
    createdAt: ctx.shop.now().getTime(),
  };
  state.discounts.push(discount);
  return { codeDiscountNode: { discount }, userErrors: [] };
}

function discountStatus(discount: EmulatedDiscount, now: number): "ACTIVE" | "EXPIRED" | "SCHEDULED" {
  if (now < discount.startsAt) return "SCHEDULED";
  if (discount.endsAt !== null && now >= discount.endsAt) return "EXPIRED";
  return "ACTIVE";
}

// ---------------------------------------------------------------------------------------------
// Marketing activities

function marketingActivityUpsertExternal(ctx: ResolverContext, info: GraphQLResolveInfo, input: Record<string, any>) {
  requireScope(ctx, info, "write_marketing_events");
  const state = extrasOf(ctx.shop);
  const fail = (code: string, field: string, message: string) => ({
    marketingActivity: null,
    userErrors: [{ code, field: ["input", field], message }],
  });
  if (!input.remoteId?.trim()) return fail("INVALID_REMOTE_ID", "remoteId", "Remote ID is invalid");
  if (!input.title?.trim()) return fail("INVALID", "title", "Title can't be blank");
  const utm = input.utm ? { campaign: input.utm.campaign, medium: input.utm.medium, source: input.utm.source } : null;
  if (!input.hierarchyLevel && !utm && !input.urlParameterValue) {
    return fail(
      "NON_HIERARCHIAL_REQUIRES_UTM_URL_PARAMETER",
      "utm",
      "Non-hierarchical marketing activities must have UTM parameters or a URL parameter value.",
    );
  }
  const existing = state.activities.find((a) => a.remoteId === input.remoteId);
  const sameUtm = (a: { campaign: string; medium: string; source: string } | null, b: typeof a) =>
    a === b || (a !== null && b !== null && a.campaign === b.campaign && a.medium === b.medium && a.source === b.source);
  if (existing && !sameUtm(existing.utm, utm)) return fail("IMMUTABLE_UTM_PARAMETERS", "utm", "UTM parameters cannot be modified.");
  if (existing && (existing.urlParameterValue ?? null) !== (input.urlParameterValue ?? null)) {
    return fail("IMMUTABLE_URL_PARAMETER", "urlParameterValue", "URL parameter value cannot be modified.");
  }
  if (!existing && utm && activityWithUtm(ctx.shop, utm)) {
    return fail(
      "MARKETING_ACTIVITY_WITH_UTM_CAMPAIGN_ALREADY_EXISTS",
      "utm",
      "A marketing activity with the same UTM campaign, medium and source already exists.",
    );
  }
  const now = ctx.shop.now().getTime();
  const fields = {
    title: input.title,
    remoteUrl: input.remoteUrl,
    status: input.status,
    tactic: input.tactic,
    marketingChannelType: input.marketingChannelType,
    // An upsert removes every optional field it was not given.
    utm,
    urlParameterValue: input.urlParameterValue ?? null,
    start: parseTime(input.start),
    end: parseTime(input.end),
    updatedAt: now,
  };
  if (existing) {
    Object.assign(existing, fields);
    return { marketingActivity: existing, userErrors: [] };
  }
  const activity: EmulatedMarketingActivity = { id: state.nextId++, remoteId: input.remoteId, createdAt: now, ...fields };
  state.activities.push(activity);
  return { marketingActivity: activity, userErrors: [] };
}

function marketingActivitiesPage(ctx: ResolverContext, info: GraphQLResolveInfo, args: Record<string, any>) {
  requireScope(ctx, info, "read_marketing_events");
  if (args.first == null || args.first > 250) {
    throw new GraphQLError("marketingActivities needs first (at most 250) in the Tsunagu Shopify emulator", {
      nodes: info.fieldNodes,
      extensions: { code: "BAD_REQUEST" },
    });
  }
  let nodes = [...extrasOf(ctx.shop).activities];
  // remoteIds and marketingActivityIds default to [] in the schema: an empty list filters nothing.
  if (args.remoteIds?.length) nodes = nodes.filter((a) => args.remoteIds.includes(a.remoteId));
  if (args.marketingActivityIds?.length) nodes = nodes.filter((a) => args.marketingActivityIds.includes(activityGid(a.id)));
  if (args.utm)
    nodes = nodes.filter(
      (a) => a.utm && a.utm.campaign === args.utm.campaign && a.utm.medium === args.utm.medium && a.utm.source === args.utm.source,
    );
  nodes = nodes.slice(0, args.first);
  return { nodes, pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
}

// ---------------------------------------------------------------------------------------------

const orderGidOf = (ctx: ResolverContext, s: { i: number }) => `gid://shopify/Order/${ctx.shop.orders.id[s.i]}`;
const money = (ctx: ResolverContext, cents: number) => ({ amount: formatDecimal(cents), currencyCode: ctx.shop.currencyCode });

export const DISCOUNT_MARKETING_RESOLVERS: Record<string, Record<string, Resolver>> = {
  QueryRoot: {
    codeDiscountNodeByCode: (_s, args, ctx, info) => {
      requireScope(ctx, info, "read_discounts");
      const discount = findByCode(ctx.shop, args.code);
      return discount ? { discount } : null;
    },
    marketingActivities: (_s, args, ctx, info) => marketingActivitiesPage(ctx, info, args),
  },
  Mutation: {
    discountCodeBasicCreate: (_s, args, ctx, info) => discountCodeBasicCreate(ctx, info, args.basicCodeDiscount ?? {}),
    marketingActivityUpsertExternal: (_s, args, ctx, info) => marketingActivityUpsertExternal(ctx, info, args.input ?? {}),
  },
  DiscountCodeBasicCreatePayload: { codeDiscountNode: (s) => s.codeDiscountNode, userErrors: (s) => s.userErrors },
  DiscountUserError: { code: (s) => s.code, field: (s) => s.field, message: (s) => s.message, extraInfo: () => null },
  DiscountCodeNode: {
    id: (s: { discount: EmulatedDiscount }) => discountGid(s.discount.id),
    codeDiscount: (s: { discount: EmulatedDiscount }) => ({ __typename: "DiscountCodeBasic", discount: s.discount }),
  },
  DiscountCodeBasic: {
    title: (s) => s.discount.title,
    status: (s, _a, ctx) => discountStatus(s.discount, ctx.shop.now().getTime()),
    startsAt: (s) => formatUtcIso(s.discount.startsAt),
    endsAt: (s) => (s.discount.endsAt === null ? null : formatUtcIso(s.discount.endsAt)),
    usageLimit: (s) => s.discount.usageLimit,
    appliesOncePerCustomer: (s) => s.discount.appliesOncePerCustomer,
    asyncUsageCount: (s, _a, ctx) =>
      (s.discount as EmulatedDiscount).usages.filter((u) => u.at <= ctx.shop.now().getTime() - ASYNC_USAGE_LAG_MS).length,
    createdAt: (s) => formatUtcIso(s.discount.createdAt),
  },
  MarketingActivityUpsertExternalPayload: { marketingActivity: (s) => s.marketingActivity, userErrors: (s) => s.userErrors },
  MarketingActivityUserError: { code: (s) => s.code, field: (s) => s.field, message: (s) => s.message },
  MarketingActivityConnection: { nodes: (s) => s.nodes, pageInfo: (s) => s.pageInfo },
  MarketingActivity: {
    id: (s: EmulatedMarketingActivity) => activityGid(s.id),
    title: (s: EmulatedMarketingActivity) => s.title,
    status: (s: EmulatedMarketingActivity) => s.status,
    tactic: (s: EmulatedMarketingActivity) => s.tactic,
    marketingChannelType: (s: EmulatedMarketingActivity) => s.marketingChannelType,
    isExternal: () => true,
    utmParameters: (s: EmulatedMarketingActivity) => (s.utm ? { ...s.utm, content: null, term: null } : null),
    marketingEvent: (s: EmulatedMarketingActivity) => s,
    createdAt: (s: EmulatedMarketingActivity) => formatUtcIso(s.createdAt),
    updatedAt: (s: EmulatedMarketingActivity) => formatUtcIso(s.updatedAt),
  },
  MarketingEvent: {
    id: (s: EmulatedMarketingActivity) => eventGid(s.id),
    remoteId: (s: EmulatedMarketingActivity) => s.remoteId,
    utmCampaign: (s: EmulatedMarketingActivity) => s.utm?.campaign ?? null,
    utmMedium: (s: EmulatedMarketingActivity) => s.utm?.medium ?? null,
    utmSource: (s: EmulatedMarketingActivity) => s.utm?.source ?? null,
    type: (s: EmulatedMarketingActivity) => s.tactic,
    marketingChannelType: (s: EmulatedMarketingActivity) => s.marketingChannelType,
    startedAt: (s: EmulatedMarketingActivity) => formatUtcIso(s.start ?? s.createdAt),
  },
  UTMParameters: {
    campaign: (s) => s.campaign,
    medium: (s) => s.medium,
    source: (s) => s.source,
    content: (s) => s.content,
    term: (s) => s.term,
  },
  Order: {
    discountCodes: (s, _a, ctx) => {
      const redeemed = extrasOf(ctx.shop).orderDiscounts.get(orderGidOf(ctx, s));
      return redeemed ? [redeemed.code] : [];
    },
    totalDiscountsSet: (s, _a, ctx) => {
      const cents = extrasOf(ctx.shop).orderDiscounts.get(orderGidOf(ctx, s))?.discountCents ?? 0;
      return { shopMoney: money(ctx, cents), presentmentMoney: money(ctx, cents) };
    },
  },
};

export const DISCOUNT_MARKETING_ARGUMENTS: Record<string, readonly string[]> = {
  "Mutation.discountCodeBasicCreate": ["basicCodeDiscount"],
  "Mutation.marketingActivityUpsertExternal": ["input"],
  "QueryRoot.codeDiscountNodeByCode": ["code"],
  "QueryRoot.marketingActivities": ["first", "remoteIds", "marketingActivityIds", "utm"],
};

/** Adds these resolvers to the emulator's tables (called once from resolvers.ts). */
export function installDiscountMarketingResolvers(
  resolvers: Record<string, Record<string, Resolver>>,
  handledArguments: Record<string, readonly string[]>,
): void {
  for (const [type, fields] of Object.entries(DISCOUNT_MARKETING_RESOLVERS)) resolvers[type] = { ...resolvers[type], ...fields };
  Object.assign(handledArguments, DISCOUNT_MARKETING_ARGUMENTS);
}
