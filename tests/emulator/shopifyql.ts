// Emulated ShopifyQL (`QueryRoot.shopifyqlQuery`, Admin API 2025-10+; docs/touchpoints.md §7): a documented
// subset of the grammar over one table, `sessions`, validated like Shopify — a query the subset cannot read
// (an unknown table, column or keyword, clauses out of order) answers `parseErrors` and no `tableData`,
// never a GraphQL error; without `read_reports` or Level 2 protected customer data the field is denied.
//
// Grammar (keywords case-insensitive, clauses in the reference's order, each at most once):
//   FROM sessions
//   SHOW column [, column …]                    metrics, or dimensions that are grouped
//   [SINCE date [UNTIL date]]                   date: YYYY-MM-DD, -Nd, today, yesterday (shop-local days, inclusive)
//   [GROUP BY dimension [, dimension …]]
//   [TIMESERIES day]                            every day of the range, zeros included (only without other dimensions)
//   [ORDER BY column [ASC|DESC] [, …]]
//   [LIMIT n [OFFSET m]]
// Metrics: sessions, sessions_with_cart_additions, sessions_that_reached_checkout, sessions_that_completed_checkout.
// Dimensions: day, referrer_source, referrer_name, utm_source, utm_medium, utm_campaign.
// WHERE, DURING, COMPARE TO, HAVING, WITH, VISUALIZE and AS are real ShopifyQL the subset does not read: a
// parse error naming the emulator. Without SINCE, TIMESERIES covers the last 30 days and a plain query all data.
//
// The seeds hold orders, not sessions, so the sessions are DERIVED from the store, deterministically:
// every non-test order placed by the shop's now completed one checkout in a session whose referrer is the
// order's last visit (resolvers-journeys.ts; orders without conversion details and subscription renewals
// have none). Per shop-local day and visit template, with a hash of (day, template) picking each ratio:
//   reached checkout  = completed + round(completed × 0.40–0.80)
//   with cart additions = reached + round(reached × 0.80–1.60)
//   sessions          = with cart additions × 10–20
// so about 1.5–4 % of sessions complete a checkout. Each template's referrer_source / referrer_name are in
// REFERRERS (⚠️ inferred values: search, social, email, direct, unknown); its UTM values are the template's.
// Rows are objects keyed by column name with string values (null for a missing dimension), as Shopify sends.
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import type { ResolverContext } from "./resolvers";
import { derivedLastVisitTemplate, VISIT_TEMPLATES, type VisitTemplate } from "./resolvers-journeys";
import type { EmulatedShop } from "./store";
import { localParts } from "./time";

type Resolver = (source: any, args: any, ctx: ResolverContext, info: GraphQLResolveInfo) => unknown;

export const SESSION_METRICS = [
  "sessions",
  "sessions_with_cart_additions",
  "sessions_that_reached_checkout",
  "sessions_that_completed_checkout",
] as const;
export const SESSION_DIMENSIONS = ["day", "referrer_source", "referrer_name", "utm_source", "utm_medium", "utm_campaign"] as const;
type Metric = (typeof SESSION_METRICS)[number];
type Dimension = (typeof SESSION_DIMENSIONS)[number];
type Column = Metric | Dimension;

const DISPLAY_NAMES: Record<Column, string> = {
  sessions: "Sessions",
  sessions_with_cart_additions: "Sessions with cart additions",
  sessions_that_reached_checkout: "Sessions that reached checkout",
  sessions_that_completed_checkout: "Sessions that completed checkout",
  day: "Day",
  referrer_source: "Referrer source",
  referrer_name: "Referrer name",
  utm_source: "UTM source",
  utm_medium: "UTM medium",
  utm_campaign: "UTM campaign",
};

/** Where each visit template's sessions come from, in ShopifyQL's terms (⚠️ inferred values). */
const REFERRERS: Record<string, { source: string; name: string | null }> = {
  "google-organic": { source: "search", name: "Google" },
  "yahoo-organic": { source: "search", name: "Yahoo" },
  "google-ads": { source: "search", name: "Google" },
  instagram: { source: "social", name: "Instagram" },
  "facebook-ads": { source: "social", name: "Facebook" },
  newsletter: { source: "email", name: null },
  line: { source: "unknown", name: null },
  "blog-referral": { source: "unknown", name: "kurashi-note.example.jp" },
  direct: { source: "direct", name: null },
  "shop-app": { source: "unknown", name: "Shop app" },
};

/** The documented requirement of the field (QueryRoot.shopifyqlQuery.requiredAccess in the 2026-10 schema). */
export const SHOPIFYQL_REQUIRED_ACCESS =
  "`read_reports` access scope. Also: Level 2 access to Customer data including name, address, phone, and email fields. Please refer to protected customer data [requirements](https://shopify.dev/docs/apps/launch/protected-customer-data).";

const UNSUPPORTED_KEYWORDS = ["WHERE", "DURING", "COMPARE", "HAVING", "WITH", "VISUALIZE", "AS", "TYPE"];
const CLAUSE_ORDER = ["FROM", "SHOW", "SINCE", "UNTIL", "GROUP", "TIMESERIES", "ORDER", "LIMIT"] as const;
type Clause = (typeof CLAUSE_ORDER)[number];

export interface ParsedQuery {
  show: Column[];
  since: string | null;
  until: string | null;
  groupBy: Dimension[];
  timeseries: boolean;
  orderBy: { column: Column; descending: boolean }[];
  limit: number | null;
  offset: number;
}

const isMetric = (word: string): word is Metric => (SESSION_METRICS as readonly string[]).includes(word);
const isDimension = (word: string): word is Dimension => (SESSION_DIMENSIONS as readonly string[]).includes(word);
const DATE = /^(\d{4}-\d{2}-\d{2}|-\d+d|today|yesterday)$/;

/** Parses the subset; returns the parse errors instead when the query is outside it. */
export function parseShopifyql(query: string): { ok: true; query: ParsedQuery } | { ok: false; errors: string[] } {
  const tokens = query.match(/,|[^\s,]+/g) ?? [];
  const fail = (message: string) => ({ ok: false as const, errors: [message] });
  const clauses = new Map<Clause, string[]>();
  let current: Clause | null = null;
  for (let k = 0; k < tokens.length; k++) {
    const upper = tokens[k]!.toUpperCase();
    if (UNSUPPORTED_KEYWORDS.includes(upper))
      return fail(`Keyword '${upper}' is valid ShopifyQL but not part of the Tsunagu emulator's subset (docs/touchpoints.md §7)`);
    const keyword = (CLAUSE_ORDER as readonly string[]).includes(upper) ? (upper as Clause) : null;
    if (keyword) {
      if (keyword === "GROUP" || keyword === "ORDER") {
        if (tokens[k + 1]?.toUpperCase() !== "BY") return fail(`Expected 'BY' after '${keyword}'`);
        k += 1;
      }
      if (clauses.has(keyword)) return fail(`Keyword '${keyword}' appears more than once`);
      const position = CLAUSE_ORDER.indexOf(keyword);
      if (current && position < CLAUSE_ORDER.indexOf(current))
        return fail(`Keyword '${keyword}' must come before '${current}' (keywords follow the ShopifyQL order)`);
      clauses.set(keyword, []);
      current = keyword;
      continue;
    }
    if (!current) return fail(`Unexpected '${tokens[k]}': a query starts with FROM`);
    clauses.get(current)!.push(tokens[k]!);
  }
  const from = clauses.get("FROM");
  if (!from) return fail("A query needs FROM");
  if (from.length !== 1) return fail("FROM takes one table");
  if (from[0]!.toLowerCase() !== "sessions") return fail(`Table '${from[0]}' does not exist (the emulator serves 'sessions')`);
  const list = (clause: Clause): { ok: true; items: string[] } | { ok: false; errors: string[] } => {
    const words = clauses.get(clause) ?? [];
    const items: string[] = [];
    for (let k = 0; k < words.length; k++) {
      if (k % 2 === 1) {
        if (words[k] !== ",") return fail(`Expected ',' in ${clause} near '${words[k]}'`);
        continue;
      }
      if (words[k] === ",") return fail(`Unexpected ',' in ${clause}`);
      items.push(words[k]!);
    }
    if (words.length > 0 && words.at(-1) === ",") return fail(`Unexpected ',' at the end of ${clause}`);
    return { ok: true, items };
  };
  const show = list("SHOW");
  if (!show.ok) return show;
  if (show.items.length === 0) return fail("SHOW needs at least one column");
  for (const column of show.items)
    if (!isMetric(column) && !isDimension(column)) return fail(`Column '${column}' does not exist in table 'sessions'`);
  const grouped = clauses.has("GROUP") ? list("GROUP") : { ok: true as const, items: [] };
  if (!grouped.ok) return grouped;
  for (const column of grouped.items) {
    if (isMetric(column)) return fail(`'${column}' is a metric and cannot be grouped by`);
    if (!isDimension(column)) return fail(`Column '${column}' does not exist in table 'sessions'`);
  }
  const timeseriesWords = clauses.get("TIMESERIES");
  const timeseries = timeseriesWords !== undefined;
  if (timeseriesWords && (timeseriesWords.length !== 1 || timeseriesWords[0]!.toLowerCase() !== "day"))
    return fail(`TIMESERIES takes one time dimension; the emulator serves 'day'`);
  for (const column of show.items)
    if (isDimension(column) && !grouped.items.includes(column) && !(column === "day" && timeseries))
      return fail(`Dimension '${column}' in SHOW must appear in GROUP BY`);
  const date = (clause: "SINCE" | "UNTIL"): string | null | { error: string } => {
    const words = clauses.get(clause);
    if (!words) return null;
    if (words.length !== 1 || !DATE.test(words[0]!.toLowerCase()))
      return { error: `${clause} takes one date (YYYY-MM-DD, -Nd, today, yesterday)` };
    return words[0]!.toLowerCase();
  };
  const since = date("SINCE");
  const until = date("UNTIL");
  if (since && typeof since === "object") return fail(since.error);
  if (until && typeof until === "object") return fail(until.error);
  if (until && !since && !timeseries) return fail("UNTIL needs SINCE or TIMESERIES");
  const orderWords = clauses.get("ORDER");
  const orderBy: ParsedQuery["orderBy"] = [];
  for (const part of orderWords ? orderWords.join(" ").split(",") : []) {
    const [column, direction, extra] = part.trim().split(/\s+/);
    if (!column) return fail("ORDER BY needs a column");
    if (!isMetric(column) && !isDimension(column)) return fail(`Column '${column}' does not exist in table 'sessions'`);
    if (extra !== undefined || (direction !== undefined && !/^(ASC|DESC)$/i.test(direction)))
      return fail(`ORDER BY takes a column and ASC or DESC, near '${part.trim()}'`);
    orderBy.push({ column, descending: direction?.toUpperCase() === "DESC" });
  }
  let limit: number | null = null;
  let offset = 0;
  const limitWords = clauses.get("LIMIT");
  if (limitWords) {
    const [n, offsetWord, m, extra] = limitWords;
    if (
      !n ||
      !/^\d+$/.test(n) ||
      extra !== undefined ||
      (offsetWord !== undefined && (offsetWord.toUpperCase() !== "OFFSET" || !m || !/^\d+$/.test(m)))
    )
      return fail("LIMIT takes a number, optionally OFFSET and a number");
    limit = Number(n);
    offset = m ? Number(m) : 0;
  }
  return {
    ok: true,
    query: { show: show.items as Column[], since, until, groupBy: grouped.items as Dimension[], timeseries, orderBy, limit, offset },
  };
}

// -- the derived sessions -----------------------------------------------------------------------------

function hash(id: number, salt: number): number {
  let h = Math.imul((id % 4294967296) ^ salt, 0x9e3779b1) ^ Math.floor(id / 4294967296);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Sessions of one shop-local day from one visit template. */
export interface SessionCell {
  day: string;
  template: VisitTemplate;
  sessions: number;
  withCartAdditions: number;
  reachedCheckout: number;
  completedCheckout: number;
}

const pad = (n: number) => String(n).padStart(2, "0");
function localDate(timeZone: string, utcMs: number): string {
  const p = localParts(timeZone, utcMs);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}
const epochDay = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
const dateOfEpochDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

const cellCache = new WeakMap<EmulatedShop, { version: string; cells: SessionCell[] }>();

/** The shop's derived sessions by day and visit template (see the header), cached per store version and now. */
export function derivedSessions(shop: EmulatedShop): SessionCell[] {
  const O = shop.orders;
  const now = shop.now().getTime();
  const version = `${shop.customers.insertVersion}:${O.insertVersion}:${O.updateVersion}:${localDate(shop.ianaTimezone, now)}`;
  const hit = cellCache.get(shop);
  if (hit && hit.version === version) return hit.cells;
  const completed = new Map<string, number>();
  for (let o = 0; o < O.length; o++) {
    if (O.test[o] === 1 || O.processedAt[o] > now) continue;
    const template = derivedLastVisitTemplate(shop, o);
    if (template === null) continue;
    const key = `${localDate(shop.ianaTimezone, O.processedAt[o])}|${VISIT_TEMPLATES.indexOf(template)}`;
    completed.set(key, (completed.get(key) ?? 0) + 1);
  }
  const cells: SessionCell[] = [];
  for (const [key, completedCheckout] of completed) {
    const [day, t] = key.split("|") as [string, string];
    const seed = epochDay(day) * 16 + Number(t);
    const reachedCheckout = completedCheckout + Math.round(completedCheckout * (0.4 + (hash(seed, 61) % 41) / 100));
    const withCartAdditions = reachedCheckout + Math.round(reachedCheckout * (0.8 + (hash(seed, 62) % 81) / 100));
    const sessions = withCartAdditions * (10 + (hash(seed, 63) % 11));
    cells.push({ day, template: VISIT_TEMPLATES[Number(t)]!, sessions, withCartAdditions, reachedCheckout, completedCheckout });
  }
  cells.sort((a, b) => a.day.localeCompare(b.day) || VISIT_TEMPLATES.indexOf(a.template) - VISIT_TEMPLATES.indexOf(b.template));
  cellCache.set(shop, { version, cells });
  return cells;
}

function dimensionOf(cell: SessionCell, dimension: Dimension): string | null {
  switch (dimension) {
    case "day":
      return cell.day;
    case "referrer_source":
      return REFERRERS[cell.template.name]?.source ?? "unknown";
    case "referrer_name":
      return REFERRERS[cell.template.name]?.name ?? null;
    case "utm_source":
      return cell.template.utm?.source ?? null;
    case "utm_medium":
      return cell.template.utm?.medium ?? null;
    case "utm_campaign":
      return cell.template.utm?.campaign ?? null;
  }
}

const METRIC_OF: Record<Metric, (cell: SessionCell) => number> = {
  sessions: (c) => c.sessions,
  sessions_with_cart_additions: (c) => c.withCartAdditions,
  sessions_that_reached_checkout: (c) => c.reachedCheckout,
  sessions_that_completed_checkout: (c) => c.completedCheckout,
};

function resolveDate(word: string, today: number): number {
  if (word === "today") return today;
  if (word === "yesterday") return today - 1;
  if (word.startsWith("-")) return today - Number(word.slice(1, -1));
  return epochDay(word);
}

export interface ShopifyqlTable {
  columns: { name: Column; dataType: "DAY_TIMESTAMP" | "INTEGER" | "STRING" }[];
  rows: Record<string, string | null>[];
}

/** Runs a parsed query over the shop's derived sessions. */
export function runShopifyql(shop: EmulatedShop, query: ParsedQuery): ShopifyqlTable {
  const today = epochDay(localDate(shop.ianaTimezone, shop.now().getTime()));
  const from = query.since ? resolveDate(query.since, today) : query.timeseries ? today - 30 : -Infinity;
  const to = query.until ? resolveDate(query.until, today) : query.since || query.timeseries ? today : Infinity;
  const dimensions: Dimension[] = [...(query.timeseries && !query.groupBy.includes("day") ? (["day"] as const) : []), ...query.groupBy];
  const metrics = query.show.filter(isMetric);
  const names: Column[] = [...dimensions, ...query.show.filter((c) => !dimensions.includes(c as Dimension))];
  const groups = new Map<string, { dims: (string | null)[]; sums: number[] }>();
  for (const cell of derivedSessions(shop)) {
    const day = epochDay(cell.day);
    if (day < from || day > to) continue;
    const dims = dimensions.map((d) => dimensionOf(cell, d));
    const key = JSON.stringify(dims);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { dims, sums: metrics.map(() => 0) }));
    metrics.forEach((m, k) => (group!.sums[k] += METRIC_OF[m](cell)));
  }
  // TIMESERIES fills the days without sessions (with other dimensions, only days with data are known).
  if (query.timeseries && dimensions.length === 1 && Number.isFinite(from) && Number.isFinite(to)) {
    for (let day = from; day <= to; day++) {
      const key = JSON.stringify([dateOfEpochDay(day)]);
      if (!groups.has(key)) groups.set(key, { dims: [dateOfEpochDay(day)], sums: metrics.map(() => 0) });
    }
  }
  let rows = [...groups.values()].map((g) => {
    const row: Record<string, string | null> = {};
    dimensions.forEach((d, k) => (row[d] = g.dims[k]!));
    metrics.forEach((m, k) => (row[m] = String(g.sums[k])));
    return row;
  });
  // Without ORDER BY, rows come by their dimensions (days in time order).
  const order = query.orderBy.length > 0 ? query.orderBy : dimensions.map((column) => ({ column, descending: false }));
  rows.sort((a, b) => {
    for (const { column, descending } of order) {
      const [x, y] = [a[column] ?? "", b[column] ?? ""];
      const diff = isMetric(column) ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
      if (diff !== 0) return descending ? -diff : diff;
    }
    return 0;
  });
  rows = rows.slice(query.offset, query.limit === null ? undefined : query.offset + query.limit);
  const dataType = (c: Column) => (c === "day" ? "DAY_TIMESTAMP" : isMetric(c) ? "INTEGER" : "STRING");
  return {
    columns: names.map((name) => ({ name, dataType: dataType(name) })),
    rows: rows.map((row) => Object.fromEntries(names.map((n) => [n, row[n] ?? null]))),
  };
}

// -- the Admin API field ------------------------------------------------------------------------------

function requireReportsAccess(ctx: ResolverContext, info: GraphQLResolveInfo): void {
  if (ctx.shop.hasScope("read_reports") && ctx.shop.protectedCustomerDataLevel >= 2) return;
  throw new GraphQLError(`Access denied for ${info.fieldName} field. Required access: ${SHOPIFYQL_REQUIRED_ACCESS}`, {
    nodes: info.fieldNodes,
    extensions: {
      code: "ACCESS_DENIED",
      documentation: "https://shopify.dev/api/usage/access-scopes",
      requiredAccess: SHOPIFYQL_REQUIRED_ACCESS,
    },
  });
}

interface ResponseSource {
  parseErrors: string[];
  table: ShopifyqlTable | null;
}

export function installShopifyqlResolvers(
  resolvers: Record<string, Record<string, Resolver>>,
  handledArguments: Record<string, readonly string[]>,
): void {
  resolvers.QueryRoot.shopifyqlQuery = (_s, args: { query: string }, ctx, info): ResponseSource => {
    requireReportsAccess(ctx, info);
    const parsed = parseShopifyql(args.query);
    return parsed.ok ? { parseErrors: [], table: runShopifyql(ctx.shop, parsed.query) } : { parseErrors: parsed.errors, table: null };
  };
  resolvers.ShopifyqlQueryResponse = {
    parseErrors: (s: ResponseSource) => s.parseErrors,
    parseWarnings: () => [],
    tableData: (s: ResponseSource) => s.table,
    analyticsTargets: () => [],
  };
  resolvers.ShopifyqlTableData = {
    columns: (s: ShopifyqlTable) => s.columns,
    rows: (s: ShopifyqlTable) => s.rows,
    rowMetadata: (s: ShopifyqlTable) =>
      s.rows.map(() => ({ nullCellTranslations: [], rawResourceIds: s.columns.map(() => []), topNRemainderColumnNames: [] })),
  };
  resolvers.ShopifyqlTableDataColumn = {
    name: (c) => c.name,
    displayName: (c) => DISPLAY_NAMES[c.name as Column],
    shortDisplayName: () => null,
    dataType: (c) => c.dataType,
    subType: () => null,
    columnOrigin: () => "REQUESTED",
    dynamicColumnMetadata: () => null,
  };
  resolvers.ShopifyqlRowMetadata = {
    nullCellTranslations: (m) => m.nullCellTranslations,
    rawResourceIds: (m) => m.rawResourceIds,
    topNRemainderColumnNames: (m) => m.topNRemainderColumnNames,
  };
  resolvers.ShopifyqlNullCellTranslation = { columnName: (t) => t.columnName, displayText: (t) => t.displayText };
  handledArguments["QueryRoot.shopifyqlQuery"] = ["query"];
}
