// Emulated customer journeys (docs/shopify.md, docs/touchpoints.md §3):
// `Order.customerJourneySummary` (first and last visit, moments, days to conversion, the customer's order
// index, ready) and the order webhooks' REST fields `landing_site` and `referring_site`.
//
// The seeds (Online Retail, CDNOW) hold no visits, so they are SYNTHESIZED from the order, deterministically
// (a hash of the order id decides, never Math.random); the demo labels every figure built on them:
//   - renewal orders of a derived subscription (sourceName "subscription_contract") have no journey (null);
//   - 4 % of the other orders have "limited conversion details": a summary with no visit, momentsCount 0;
//   - the first visit is one of VISIT_TEMPLATES, picked by weight — first orders lean on search, social and
//     LINE, later orders on e-mail, LINE and direct; daysToConversion is 0 for 40 %, 1–3 for 25 %, 4–14 for
//     20 %, 15–30 for 15 % (Shopify's 30-day attribution window) and the first visit is that many days
//     before the order; momentsCount is 1–4 visits; with one, lastVisit is firstVisit; otherwise the last
//     visit (3–52 minutes before the order) is direct, e-mail, LINE or a repeat of the first;
//   - customerOrderIndex is the order's 1-based position among its customer's non-test orders by
//     processedAt (⚠️ 1-based is our reading of "the position of the current order"; test orders: null);
//   - the summary is not ready for JOURNEY_READY_AFTER_MS after processedAt (shop time): ready false,
//     momentsCount null, no visits yet, as Shopify often answers at orders/create;
//   - `landing_site` is the last visit's landing path with its query string, `referring_site` its referrer
//     (both known at checkout, so present before the summary is ready).
// Visit ids are 8·orderId + k (k = 1…4) so they stay stable when the store grows. `marketingEvent` is null:
// the seeds register no marketing activity.
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import type { ResolverContext } from "./resolvers";
import { isDerivedRenewal } from "./resolvers-subscriptions";
import type { EmulatedShop } from "./store";
import { formatUtcIso } from "./time";

type Resolver = (source: any, args: any, ctx: ResolverContext, info: GraphQLResolveInfo) => unknown;

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** How long after processedAt Shopify takes to attribute the sessions (emulated). */
export const JOURNEY_READY_AFTER_MS = 2 * MINUTE_MS;

export interface VisitTemplate {
  /** what the template stands for (documentation and tests) */
  name: string;
  source: string;
  sourceType: string | null;
  sourceDescription: string | null;
  referrerUrl: string | null;
  utm: { source: string; medium: string; campaign: string; content: string | null; term: string | null } | null;
  landingPath: string;
  /** weights (per 100) for a customer's first order and for later orders */
  firstWeight: number;
  laterWeight: number;
}

export const VISIT_TEMPLATES: readonly VisitTemplate[] = [
  {
    name: "google-organic",
    source: "Google",
    sourceType: "SEO",
    sourceDescription: "Google search",
    referrerUrl: "https://www.google.com/",
    utm: null,
    landingPath: "/products/featured",
    firstWeight: 18,
    laterWeight: 8,
  },
  {
    name: "yahoo-organic",
    source: "Yahoo",
    sourceType: "SEO",
    sourceDescription: "Yahoo! JAPAN search",
    referrerUrl: "https://search.yahoo.co.jp/",
    utm: null,
    landingPath: "/collections/all",
    firstWeight: 6,
    laterWeight: 3,
  },
  {
    name: "google-ads",
    source: "Google",
    sourceType: "AD",
    sourceDescription: "Google Ads",
    referrerUrl: "https://www.google.com/",
    utm: { source: "google", medium: "cpc", campaign: "brand_search", content: null, term: "gift" },
    landingPath: "/products/featured",
    firstWeight: 12,
    laterWeight: 4,
  },
  {
    name: "instagram",
    source: "Instagram",
    sourceType: "POST",
    sourceDescription: "Instagram",
    referrerUrl: "https://l.instagram.com/",
    utm: { source: "instagram", medium: "social", campaign: "profile_link", content: null, term: null },
    landingPath: "/",
    firstWeight: 10,
    laterWeight: 4,
  },
  {
    name: "facebook-ads",
    source: "Facebook",
    sourceType: "AD",
    sourceDescription: "Facebook Ads",
    referrerUrl: "https://m.facebook.com/",
    utm: { source: "facebook", medium: "paid_social", campaign: "spring_sale", content: "carousel", term: null },
    landingPath: "/collections/sale",
    firstWeight: 6,
    laterWeight: 2,
  },
  {
    name: "newsletter",
    source: "email",
    sourceType: "NEWSLETTER",
    sourceDescription: "Shopify Email",
    referrerUrl: null,
    utm: { source: "shopify_email", medium: "email", campaign: "monthly_newsletter", content: null, term: null },
    landingPath: "/collections/new",
    firstWeight: 4,
    laterWeight: 22,
  },
  {
    name: "line",
    source: "LINE",
    sourceType: "MESSAGE",
    sourceDescription: "LINE official account",
    referrerUrl: null,
    utm: { source: "line", medium: "message", campaign: "weekly_line", content: null, term: null },
    landingPath: "/collections/new",
    firstWeight: 10,
    laterWeight: 18,
  },
  {
    name: "blog-referral",
    source: "kurashi-note.example.jp",
    sourceType: null,
    sourceDescription: null,
    referrerUrl: "https://kurashi-note.example.jp/articles/gift-guide",
    utm: null,
    landingPath: "/products/featured",
    firstWeight: 8,
    laterWeight: 3,
  },
  {
    name: "direct",
    source: "direct",
    sourceType: null,
    sourceDescription: null,
    referrerUrl: null,
    utm: null,
    landingPath: "/",
    firstWeight: 16,
    laterWeight: 28,
  },
  {
    name: "shop-app",
    source: "Shop app",
    sourceType: "STOREFRONT_APP",
    sourceDescription: "Shop app",
    referrerUrl: "https://shop.app/",
    utm: null,
    landingPath: "/",
    firstWeight: 6,
    laterWeight: 4,
  },
  // the remaining 4 (+4): limited conversion details, no visit
];
const NO_VISIT_PERCENT = 4;
const LAST_VISIT_TEMPLATES = ["direct", "newsletter", "line"] as const;

/** 32-bit mix of an integer id and a salt (the same mix as the other derived data). */
function hash(id: number, salt: number): number {
  let h = Math.imul((id % 4294967296) ^ salt, 0x9e3779b1) ^ Math.floor(id / 4294967296);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function pickTemplate(orderId: number, first: boolean): VisitTemplate | null {
  let roll = hash(orderId, 41) % 100;
  if (roll < NO_VISIT_PERCENT) return null;
  roll = hash(orderId, 42) % (100 - NO_VISIT_PERCENT);
  for (const template of VISIT_TEMPLATES) {
    const weight = first ? template.firstWeight : template.laterWeight;
    if (roll < weight) return template;
    roll -= weight;
  }
  return VISIT_TEMPLATES[VISIT_TEMPLATES.length - 1]!;
}

function daysToConversion(orderId: number): number {
  const roll = hash(orderId, 43) % 100;
  const spread = hash(orderId, 44);
  if (roll < 40) return 0;
  if (roll < 65) return 1 + (spread % 3);
  if (roll < 85) return 4 + (spread % 11);
  return 15 + (spread % 16);
}

export interface DerivedVisit {
  id: number;
  occurredAt: number;
  template: VisitTemplate;
}

export interface DerivedJourney {
  ready: boolean;
  customerOrderIndex: number | null;
  daysToConversion: number | null;
  /** in time order; empty when not ready or without conversion details */
  visits: DerivedVisit[];
}

/** Each order row's 1-based position among its customer's non-test orders (0 for test and guest orders). */
function orderIndexes(shop: EmulatedShop): Int32Array {
  const O = shop.orders;
  const version = `${shop.customers.insertVersion}:${O.insertVersion}:${O.updateVersion}`;
  const hit = indexCache.get(shop);
  if (hit && hit.version === version) return hit.indexes;
  const indexes = new Int32Array(O.length);
  for (let c = 0; c < shop.customers.length; c++) {
    const orders = shop.customers.ordersOf(c).filter((o) => O.test[o] !== 1);
    orders.sort((a, b) => O.processedAt[a] - O.processedAt[b] || O.id[a] - O.id[b]);
    orders.forEach((o, k) => (indexes[o] = k + 1));
  }
  indexCache.set(shop, { version, indexes });
  return indexes;
}
const indexCache = new WeakMap<EmulatedShop, { version: string; indexes: Int32Array }>();

/** The first visit, the last (the same when there is one), and how many visits: null without conversion details. */
function visitPlan(orderId: number, firstOrder: boolean): { first: VisitTemplate; last: VisitTemplate; moments: number } | null {
  const first = pickTemplate(orderId, firstOrder);
  if (first === null) return null;
  const moments = 1 + (hash(orderId, 45) % 4);
  const lastRoll = hash(orderId, 48) % 4;
  const last = moments === 1 || lastRoll === 3 ? first : VISIT_TEMPLATES.find((t) => t.name === LAST_VISIT_TEMPLATES[lastRoll])!;
  return { first, last, moments };
}

/** The derived journey of an order row, or null when the order has none (a subscription renewal). */
export function derivedJourneyOf(shop: EmulatedShop, o: number): DerivedJourney | null {
  if (isDerivedRenewal(shop, o)) return null;
  const O = shop.orders;
  const orderId = O.id[o];
  const index = orderIndexes(shop)[o];
  const customerOrderIndex = index === 0 || O.customer[o] < 0 ? null : index;
  const processedAt = O.processedAt[o];
  if (shop.now().getTime() < processedAt + JOURNEY_READY_AFTER_MS)
    return { ready: false, customerOrderIndex, daysToConversion: null, visits: [] };
  const plan = visitPlan(orderId, index <= 1);
  if (plan === null) return { ready: true, customerOrderIndex, daysToConversion: null, visits: [] };
  const days = daysToConversion(orderId);
  const firstAt = processedAt - days * DAY_MS - (5 + (hash(orderId, 46) % 180)) * MINUTE_MS;
  const visits: DerivedVisit[] = [{ id: orderId * 8 + 1, occurredAt: firstAt, template: plan.first }];
  if (plan.moments > 1) {
    const lastAt = Math.max(firstAt, processedAt - (3 + (hash(orderId, 47) % 50)) * MINUTE_MS);
    // visits in between: repeats of the first, evenly spaced
    for (let k = 1; k < plan.moments - 1; k++)
      visits.push({
        id: orderId * 8 + 1 + k,
        occurredAt: firstAt + Math.round(((lastAt - firstAt) * k) / (plan.moments - 1)),
        template: plan.first,
      });
    visits.push({ id: orderId * 8 + plan.moments, occurredAt: lastAt, template: plan.last });
  }
  return { ready: true, customerOrderIndex, daysToConversion: days, visits };
}

function landingPage(shop: EmulatedShop, template: VisitTemplate): string {
  return `https://${shop.domain}${landingPathWithQuery(template)}`;
}

function landingPathWithQuery(template: VisitTemplate): string {
  if (template.utm === null) return template.landingPath;
  const query = new URLSearchParams({
    utm_source: template.utm.source,
    utm_medium: template.utm.medium,
    utm_campaign: template.utm.campaign,
  });
  if (template.utm.content) query.set("utm_content", template.utm.content);
  if (template.utm.term) query.set("utm_term", template.utm.term);
  return `${template.landingPath}?${query.toString()}`;
}

/** The template of an order row's last visit (the session that completed checkout), or null when it has none. */
export function derivedLastVisitTemplate(shop: EmulatedShop, o: number): VisitTemplate | null {
  if (isDerivedRenewal(shop, o)) return null;
  return visitPlan(shop.orders.id[o], orderIndexes(shop)[o] <= 1)?.last ?? null;
}

/** The REST webhook fields of an order row: where its last visit landed (path and query) and came from. */
export function derivedRestVisitFields(shop: EmulatedShop, o: number): { landing_site: string | null; referring_site: string | null } {
  // Known at checkout, before the summary is attributed.
  const last = derivedLastVisitTemplate(shop, o);
  return last === null
    ? { landing_site: null, referring_site: null }
    : { landing_site: landingPathWithQuery(last), referring_site: last.referrerUrl };
}

interface JourneySource {
  o: number;
  journey: DerivedJourney;
}
interface VisitSource {
  o: number;
  visit: DerivedVisit;
}

const visitNode = (o: number, visit: DerivedVisit): VisitSource & { __typename: "CustomerVisit" } => ({
  __typename: "CustomerVisit",
  o,
  visit,
});

/** Shopify's answer to a field whose scope the app lacks (resolvers.ts's, which this file cannot import: it imports this one). */
function requireScope(ctx: ResolverContext, info: GraphQLResolveInfo, scope: string): void {
  if (ctx.shop.hasScope(scope)) return;
  const requiredAccess = `\`${scope}\` access scope.`;
  throw new GraphQLError(`Access denied for ${info.fieldName} field. Required access: ${requiredAccess}`, {
    nodes: info.fieldNodes,
    extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess },
  });
}

export function installJourneyResolvers(
  resolvers: Record<string, Record<string, Resolver>>,
  handledArguments: Record<string, readonly string[]>,
  abstractFields: Record<string, readonly string[]>,
): void {
  resolvers.Order.customerJourneySummary = (s, _a, ctx) => {
    const journey = derivedJourneyOf(ctx.shop, s.i);
    return journey === null ? null : { o: s.i, journey };
  };
  resolvers.CustomerJourneySummary = {
    ready: (s: JourneySource) => s.journey.ready,
    customerOrderIndex: (s: JourneySource) => s.journey.customerOrderIndex,
    daysToConversion: (s: JourneySource) => s.journey.daysToConversion,
    momentsCount: (s: JourneySource) => (s.journey.ready ? { count: s.journey.visits.length, precision: "EXACT" } : null),
    firstVisit: (s: JourneySource) => (s.journey.visits.length === 0 ? null : visitNode(s.o, s.journey.visits[0]!)),
    lastVisit: (s: JourneySource) =>
      s.journey.visits.length === 0 ? null : visitNode(s.o, s.journey.visits[s.journey.visits.length - 1]!),
    moments: (s: JourneySource, args: { first?: number; last?: number; after?: string; before?: string; reverse?: boolean }) => {
      let nodes = s.journey.visits.map((visit, k) => ({
        node: visitNode(s.o, visit),
        cursor: Buffer.from(`moment:${k}`).toString("base64"),
      }));
      if (args.reverse) nodes = nodes.reverse();
      const position = (cursor: string) => nodes.findIndex((edge) => edge.cursor === cursor);
      let start = args.after ? position(args.after) + 1 : 0;
      let end = args.before ? Math.max(0, position(args.before)) : nodes.length;
      if (args.first !== undefined && args.first !== null) end = Math.min(end, start + args.first);
      if (args.last !== undefined && args.last !== null) start = Math.max(start, end - args.last);
      const edges = nodes.slice(start, end);
      return {
        edges,
        nodes: edges.map((edge) => edge.node),
        pageInfo: {
          hasNextPage: end < nodes.length,
          hasPreviousPage: start > 0,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },
  };
  resolvers.CustomerMomentConnection = { edges: (s) => s.edges, nodes: (s) => s.nodes, pageInfo: (s) => s.pageInfo };
  resolvers.CustomerMomentEdge = { cursor: (s) => s.cursor, node: (s) => s.node };
  resolvers.CustomerVisit = {
    id: (s: VisitSource) => `gid://shopify/CustomerVisit/${s.visit.id}`,
    occurredAt: (s: VisitSource) => formatUtcIso(s.visit.occurredAt),
    source: (s: VisitSource) => s.visit.template.source,
    sourceType: (s: VisitSource) => s.visit.template.sourceType,
    sourceDescription: (s: VisitSource) => s.visit.template.sourceDescription,
    referrerUrl: (s: VisitSource) => s.visit.template.referrerUrl,
    referralCode: () => null,
    referralInfoHtml: () => null,
    landingPage: (s: VisitSource, _a, ctx) => landingPage(ctx.shop, s.visit.template),
    landingPageHtml: (s: VisitSource, _a, ctx) => {
      const url = landingPage(ctx.shop, s.visit.template);
      return `<a href="${url.replace(/&/g, "&amp;")}">${s.visit.template.landingPath}</a>`;
    },
    utmParameters: (s: VisitSource) => s.visit.template.utm,
    marketingEvent: (_s, _a, ctx, info) => {
      requireScope(ctx, info, "read_marketing_events");
      return null;
    },
  };
  resolvers.UTMParameters = {
    source: (s) => s.source,
    medium: (s) => s.medium,
    campaign: (s) => s.campaign,
    content: (s) => s.content,
    term: (s) => s.term,
  };
  handledArguments["CustomerJourneySummary.moments"] = ["first", "last", "after", "before", "reverse"];
  abstractFields.CustomerMoment = ["occurredAt"];
}
