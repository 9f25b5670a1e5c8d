// Emulated Shopify Flow triggers (flowTriggerReceive) and native customer segments (segmentCreate,
// segmentUpdate).
// Flow: the handle must be a flow_trigger extension of this repository (read from its
// shopify.extension.toml, as Shopify knows the deployed extension) and the payload must carry exactly
// its fields; accepted calls are recorded per shop so tests can assert what Flow was told.
// Segments: names are unique per shop; the query must be the segment language the app writes
// (`customer_tags CONTAINS '<tag>'`) or a filter on a customer metafield that has a definition
// (`metafields.<namespace>.<key> <operator> <value>`, the operators of its type), joined by AND/OR.
import fs from "node:fs";
import path from "node:path";
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import type { ResolverContext } from "./resolvers";
import { customerMetafieldDefinition } from "./resolvers-metafields";
import type { EmulatedShop } from "./store";
import { formatUtcIso } from "./time";

type Resolver = (source: any, args: any, ctx: ResolverContext, info: GraphQLResolveInfo) => unknown;

export interface FlowTriggerCall {
  handle: string;
  payload: Record<string, unknown>;
  at: Date;
}

export interface EmulatedSegment {
  id: string;
  name: string;
  query: string;
  createdAt: Date;
  updatedAt: Date;
}

interface ShopExtras {
  flowCalls: FlowTriggerCall[];
  segments: EmulatedSegment[];
  nextSegmentId: number;
}

const extras = new WeakMap<EmulatedShop, ShopExtras>();

function extrasOf(shop: EmulatedShop): ShopExtras {
  let value = extras.get(shop);
  if (!value) {
    value = { flowCalls: [], segments: [], nextSegmentId: 1 };
    extras.set(shop, value);
  }
  return value;
}

/** Every flowTriggerReceive call the shop accepted, in order. */
export function flowTriggerCalls(shop: EmulatedShop): readonly FlowTriggerCall[] {
  return extrasOf(shop).flowCalls;
}

/** The shop's native customer segments. */
export function emulatedSegments(shop: EmulatedShop): readonly EmulatedSegment[] {
  return extrasOf(shop).segments;
}

// ---------------------------------------------------------------------------------------------
// Flow trigger definitions from extensions/*/shopify.extension.toml

const EXTENSIONS_DIR = path.resolve(__dirname, "../../extensions");

/** Payload key of each reference field type (Flow trigger reference: numeric ids). */
const REFERENCE_KEYS: Record<string, string> = {
  customer_reference: "customer_id",
  order_reference: "order_id",
  product_reference: "product_id",
};

/** What a payload value of each non-reference field type must be (Flow trigger reference: JSON types). */
const VALUE_TYPES: Record<string, "string" | "number" | "boolean"> = {
  single_line_text_field: "string",
  email: "string",
  url: "string",
  number_decimal: "number",
  boolean: "boolean",
};

/** handle → each payload key of the trigger with its field type */
let triggerFields: Map<string, Array<{ key: string; type: string }>> | undefined;

function readTriggerFields(dir: string): Map<string, Array<{ key: string; type: string }>> {
  if (triggerFields && dir === EXTENSIONS_DIR) return triggerFields;
  const found = new Map<string, Array<{ key: string; type: string }>>();
  for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const file = path.join(dir, entry, "shopify.extension.toml");
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, "utf8");
    if (!/^\s*type\s*=\s*"flow_trigger"/m.test(text)) continue;
    const handle = /^\s*handle\s*=\s*"([^"]+)"/m.exec(text)?.[1];
    if (!handle) continue;
    const fields: Array<{ key: string; type: string }> = [];
    for (const block of text.split(/\[\[settings\.fields\]\]/).slice(1)) {
      const type = /^\s*type\s*=\s*"([^"]+)"/m.exec(block)?.[1] ?? "";
      const key = REFERENCE_KEYS[type] ?? /^\s*key\s*=\s*"([^"]+)"/m.exec(block)?.[1];
      if (key) fields.push({ key, type });
    }
    found.set(handle, fields);
  }
  if (dir === EXTENSIONS_DIR) triggerFields = found;
  return found;
}

/** handle → payload keys of every flow_trigger extension (a line-based read of the small TOML subset used). */
export function flowTriggerDefinitions(dir = EXTENSIONS_DIR): Map<string, string[]> {
  return new Map([...readTriggerFields(dir)].map(([handle, fields]) => [handle, fields.map((f) => f.key)]));
}

function flowTriggerReceive(ctx: ResolverContext, args: { handle?: string | null; payload?: unknown; body?: string | null }) {
  const userError = (message: string) => ({ userErrors: [{ field: ["body"], message }] });
  if (args.body != null) return userError("The body argument is deprecated: send handle and payload.");
  const fields = args.handle ? readTriggerFields(EXTENSIONS_DIR).get(args.handle) : undefined;
  if (!fields) return userError(`Errors validating schema:\n  Invalid handle '${args.handle ?? ""}'.\n`);
  const keys = fields.map((f) => f.key);
  const payload = args.payload;
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) {
    return userError("Errors validating schema:\n  Payload must be a JSON object.\n");
  }
  const given = Object.keys(payload);
  const missing = keys.filter((k) => !given.includes(k));
  const unknown = given.filter((k) => !keys.includes(k));
  if (missing.length || unknown.length) {
    const lines = [...missing.map((k) => `  Missing required property '${k}'.`), ...unknown.map((k) => `  Unknown property '${k}'.`)];
    return userError(`Errors validating schema:\n${lines.join("\n")}\n`);
  }
  for (const [type, key] of Object.entries(REFERENCE_KEYS)) {
    const id = (payload as Record<string, unknown>)[key];
    if (keys.includes(key) && !Number.isSafeInteger(id)) {
      return userError(`Errors validating schema:\n  Property '${key}' of ${type} must be a numeric id.\n`);
    }
  }
  for (const { key, type } of fields) {
    const expected = VALUE_TYPES[type];
    const value = (payload as Record<string, unknown>)[key];
    if (expected && typeof value !== expected) {
      return userError(`Errors validating schema:\n  Property '${key}' of ${type} must be a ${expected}.\n`);
    }
  }
  // Flow loads the referenced customer for the workflow (assumed: an unknown one is rejected).
  const customerId = (payload as Record<string, unknown>).customer_id;
  if (keys.includes("customer_id") && ctx.shop.customerIndex(`gid://shopify/Customer/${customerId}`) < 0) {
    return userError(`Customer ${customerId} not found.`);
  }
  extrasOf(ctx.shop).flowCalls.push({ handle: args.handle!, payload: payload as Record<string, unknown>, at: ctx.shop.now() });
  return { userErrors: [] };
}

// ---------------------------------------------------------------------------------------------
// Segments

const TAG_CLAUSE = /^customer_tags\s+(?:NOT\s+)?CONTAINS\s+'[^']+'$/;
const METAFIELD_CLAUSE = /^metafields\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\s+(.+)$/;
const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const DATE = String.raw`(?:\d{4}-\d{2}-\d{2}|[+-]\d+[dwmy]|today|yesterday)`;
/** What may follow a metafield filter, by the definition's type (segment query language reference). */
const METAFIELD_CONDITIONS: Record<string, RegExp> = {
  single_line_text_field: /^(?:=|!=)\s*'(?:[^'\\]|\\.)*'$/,
  number_integer: new RegExp(`^(?:(?:=|!=|>=|<=|>|<)\\s*${NUMBER}|BETWEEN\\s+${NUMBER}\\s+AND\\s+${NUMBER})$`),
  number_decimal: new RegExp(`^(?:(?:=|!=|>=|<=|>|<)\\s*${NUMBER}|BETWEEN\\s+${NUMBER}\\s+AND\\s+${NUMBER})$`),
  date: new RegExp(`^(?:(?:=|!=|>=|<=|>|<)\\s*${DATE}|BETWEEN\\s+${DATE}\\s+AND\\s+${DATE})$`),
  boolean: /^(?:=|!=)\s*(?:true|false)$/,
};

function validClause(shop: EmulatedShop, clause: string): boolean {
  if (TAG_CLAUSE.test(clause)) return true;
  const metafield = METAFIELD_CLAUSE.exec(clause);
  if (!metafield) return false;
  const definition = customerMetafieldDefinition(shop, metafield[1], metafield[2]);
  if (!definition) return false; // only a customer metafield with a definition is a segment filter
  const condition = metafield[3].trim();
  return /^IS\s+(?:NOT\s+)?NULL$/.test(condition) || (METAFIELD_CONDITIONS[definition.type]?.test(condition) ?? false);
}

function validSegmentQuery(shop: EmulatedShop, query: string): boolean {
  // BETWEEN's AND belongs to its clause, not to the clauses' connectors.
  const protectedBetween = query.trim().replace(/\bBETWEEN\s+(\S+)\s+AND\s+(\S+)/g, "BETWEEN $1 \u0000 $2");
  const clauses = protectedBetween.split(/\s+(?:AND|OR)\s+/).map((clause) => clause.replace("\u0000", "AND").trim());
  return clauses.length > 0 && clauses.every((clause) => validClause(shop, clause));
}

function requireWriteCustomers(ctx: ResolverContext, info: GraphQLResolveInfo, field: string): void {
  if (ctx.shop.hasScope("write_customers")) return;
  const requiredAccess = "`write_customers` access scope.";
  throw new GraphQLError(`Access denied for ${field} field. Required access: ${requiredAccess}`, {
    nodes: info.fieldNodes,
    path: [field],
    extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess },
  });
}

function segmentCreate(ctx: ResolverContext, info: GraphQLResolveInfo, args: { name: string; query: string }) {
  requireWriteCustomers(ctx, info, "segmentCreate");
  const state = extrasOf(ctx.shop);
  const fail = (field: string, message: string) => ({ segment: null, userErrors: [{ field: [field], message }] });
  const name = args.name.trim();
  if (name === "") return fail("name", "Name can't be blank");
  if (name.length > 255) return fail("name", "Name is too long (maximum is 255 characters)");
  if (state.segments.some((s) => s.name.toLowerCase() === name.toLowerCase())) return fail("name", "Name has already been taken");
  if (!validSegmentQuery(ctx.shop, args.query)) return fail("query", `Query is invalid: ${args.query}`);
  const now = ctx.shop.now();
  const segment = { id: `gid://shopify/Segment/${state.nextSegmentId++}`, name, query: args.query.trim(), createdAt: now, updatedAt: now };
  state.segments.push(segment);
  return { segment, userErrors: [] };
}

function segmentUpdate(ctx: ResolverContext, info: GraphQLResolveInfo, args: { id: string; name?: string | null; query?: string | null }) {
  requireWriteCustomers(ctx, info, "segmentUpdate");
  const state = extrasOf(ctx.shop);
  const fail = (field: string, message: string) => ({ segment: null, userErrors: [{ field: [field], message }] });
  const segment = state.segments.find((s) => s.id === args.id);
  if (!segment) return fail("id", "Segment does not exist");
  const name = args.name?.trim();
  if (name !== undefined && state.segments.some((s) => s !== segment && s.name.toLowerCase() === name.toLowerCase())) {
    return fail("name", "Name has already been taken");
  }
  if (args.query != null && !validSegmentQuery(ctx.shop, args.query)) return fail("query", `Query is invalid: ${args.query}`);
  if (name) segment.name = name;
  if (args.query != null) segment.query = args.query.trim();
  segment.updatedAt = ctx.shop.now();
  return { segment, userErrors: [] };
}

/**
 * segments(first:, query:) — the name filter only (`name:'Tsunagu: VIP / 優良顧客'`, a substring match),
 * oldest first; cursors are not implemented (after/before are rejected as unhandled arguments).
 */
function segmentsPage(ctx: ResolverContext, info: GraphQLResolveInfo, args: { query?: string | null; first?: number | null }) {
  const notImplemented = (what: string) =>
    new GraphQLError(`${what} is not implemented by the Tsunagu Shopify emulator`, {
      nodes: info.fieldNodes,
      extensions: { code: "EMULATOR_NOT_IMPLEMENTED" },
    });
  if (args.first == null) throw notImplemented("segments without first");
  if (args.first > 250) {
    throw new GraphQLError(`The first argument must be at most 250.`, { nodes: info.fieldNodes, extensions: { code: "BAD_REQUEST" } });
  }
  let matching = [...extrasOf(ctx.shop).segments];
  if (args.query) {
    const name = /^name:(?:'((?:[^'\\]|\\.)*)'|"([^"]*)"|(\S+))$/.exec(args.query.trim());
    if (!name) throw notImplemented("segments(query:) other than a name filter");
    const wanted = (name[1]?.replace(/\\(.)/g, "$1") ?? name[2] ?? name[3]).toLowerCase();
    matching = matching.filter((segment) => segment.name.toLowerCase().includes(wanted));
  }
  const nodes = matching.slice(0, args.first);
  const cursor = (segment: EmulatedSegment) => Buffer.from(JSON.stringify({ last_id: segment.id })).toString("base64");
  return {
    nodes,
    edges: nodes.map((node) => ({ node, cursor: cursor(node) })),
    pageInfo: {
      hasNextPage: matching.length > nodes.length,
      hasPreviousPage: false,
      startCursor: nodes[0] ? cursor(nodes[0]) : null,
      endCursor: nodes.length ? cursor(nodes[nodes.length - 1]) : null,
    },
  };
}

export const FLOW_SEGMENT_RESOLVERS: Record<string, Record<string, Resolver>> = {
  QueryRoot: {
    segments: (_s, args, ctx, info) => segmentsPage(ctx, info, args),
  },
  SegmentConnection: { edges: (s) => s.edges, nodes: (s) => s.nodes, pageInfo: (s) => s.pageInfo },
  SegmentEdge: { cursor: (s) => s.cursor, node: (s) => s.node },
  Mutation: {
    flowTriggerReceive: (_s, args, ctx) => flowTriggerReceive(ctx, args),
    segmentCreate: (_s, args, ctx, info) => segmentCreate(ctx, info, args),
    segmentUpdate: (_s, args, ctx, info) => segmentUpdate(ctx, info, args),
  },
  FlowTriggerReceivePayload: { userErrors: (s) => s.userErrors },
  SegmentCreatePayload: { segment: (s) => s.segment, userErrors: (s) => s.userErrors },
  SegmentUpdatePayload: { segment: (s) => s.segment, userErrors: (s) => s.userErrors },
  Segment: {
    id: (s: EmulatedSegment) => s.id,
    name: (s: EmulatedSegment) => s.name,
    query: (s: EmulatedSegment) => s.query,
    creationDate: (s: EmulatedSegment) => formatUtcIso(s.createdAt.getTime()),
    lastEditDate: (s: EmulatedSegment) => formatUtcIso(s.updatedAt.getTime()),
  },
};

export const FLOW_SEGMENT_ARGUMENTS: Record<string, readonly string[]> = {
  "Mutation.flowTriggerReceive": ["handle", "payload", "body"],
  "Mutation.segmentCreate": ["name", "query"],
  "Mutation.segmentUpdate": ["id", "name", "query"],
  "QueryRoot.segments": ["first", "query"],
};

/** Adds these resolvers to the emulator's tables (called once from resolvers.ts). */
export function installFlowSegmentResolvers(
  resolvers: Record<string, Record<string, Resolver>>,
  handledArguments: Record<string, readonly string[]>,
): void {
  for (const [type, fields] of Object.entries(FLOW_SEGMENT_RESOLVERS)) resolvers[type] = { ...resolvers[type], ...fields };
  Object.assign(handledArguments, FLOW_SEGMENT_ARGUMENTS);
}
