// The inner query of bulkOperationRunQuery: checked against Shopify's bulk rules, compiled once into
// serialisers over the emulator's resolvers, then streamed as JSONL the way Shopify writes it:
//   - one object per line; the connection wrappers (edges/node) disappear;
//   - each node of a nested connection is its own line, with "__parentId" (the id of the node it
//     belongs to) as its last key;
//   - groupObjects: false (the default since 2026-01) gives no order guarantee. The emulator writes
//     each root's descendants after the NEXT root's line, so a consumer that assumes "children
//     follow their parent" breaks here as it would on Shopify.
// Connection arguments first/last/after/before are ignored, as Shopify ignores them in bulk queries.
import {
  getArgumentValues,
  getNamedType,
  GraphQLError,
  isAbstractType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { HANDLED_ARGUMENTS, RESOLVERS, ROW_CONNECTIONS, resolveType, rowPage, type ResolverContext, type RowPosition } from "./resolvers";
import { adminSchema, isConnectionType } from "./schema";
import type { EmulatedShop } from "./store";
import { parseErrorAsShopify, validateAsShopify } from "./validate";

export interface BulkUserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

/** Shopify's limits for bulk queries (2026-10 schema description of bulkOperationRunQuery). */
export const MAX_BULK_CONNECTIONS = 5;
export const MAX_BULK_CONNECTION_DEPTH = 2;

const PAGING_ARGUMENTS = new Set(["first", "last", "after", "before"]);
/** Rows read per page while walking a connection that has no direct child table. */
const WALK_PAGE_SIZE = 250;

type Source = Record<string, unknown>;
type Resolver = (source: any, args: any, ctx: ResolverContext, info: GraphQLResolveInfo) => unknown;

// ---------------------------------------------------------------------------------------------
// Compiled plan

interface FieldPlan {
  key: string;
  /** JSON-quoted key with its colon, e.g. "\"id\":" */
  keyJson: string;
  kind: "typename" | "leaf" | "object" | "list" | "connection";
  resolver?: Resolver;
  args: Record<string, unknown>;
  info: GraphQLResolveInfo;
  /** For object/list/connection fields: the plan of the value's selection per concrete type. */
  selection?: SelectionPlan;
  /** For connections: the node type's name. */
  nodeTypeName?: string;
}

interface SelectionPlan {
  /** type name → the fields selected on it (abstract types list every implementing object type). */
  byType: Map<string, FieldPlan[]>;
}

export interface CompiledBulkQuery {
  root: FieldPlan;
}

function userError(message: string, code: string | null = "INVALID", field: string[] | null = ["query"]): BulkUserError {
  return { field, message, code };
}

function fakeInfo(
  schema: GraphQLSchema,
  parent: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
): GraphQLResolveInfo {
  // The resolvers read fieldName, parentType and fieldNodes/path (for errors) from info.
  return {
    fieldName: field.name,
    fieldNodes: [node],
    returnType: field.type,
    parentType: parent,
    path: { prev: undefined, key: node.alias?.value ?? field.name, typename: parent.name },
    schema,
    fragments: {},
    rootValue: undefined,
    operation: undefined as unknown as OperationDefinitionNode,
    variableValues: {},
  } as GraphQLResolveInfo;
}

/** Fields of a selection set that apply to `type`, through inline fragments and fragment spreads. */
function collectFields(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  out: FieldNode[] = [],
): FieldNode[] {
  const applies = (typeName: string | undefined) => {
    if (!typeName || typeName === type.name) return true;
    const condition = schema.getType(typeName);
    return Boolean(condition && isAbstractType(condition) && schema.isSubType(condition, type));
  };
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) out.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (applies(selection.typeCondition?.name.value)) collectFields(schema, type, selection.selectionSet, fragments, out);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (fragment && applies(fragment.typeCondition.name.value)) collectFields(schema, type, fragment.selectionSet, fragments, out);
    }
  }
  return out;
}

/** Shopify's static checks plus the emulator's own (fields it does not implement), as userErrors. */
class Compiler {
  connections = 0;
  errors: BulkUserError[] = [];
  private nodesSelected: string[] = [];
  private parentsWithoutId: string[] = [];
  private connectionInList = false;
  private tooDeep = false;

  constructor(
    private schema: GraphQLSchema,
    private fragments: Map<string, FragmentDefinitionNode>,
  ) {}

  compileField(parent: GraphQLObjectType, node: FieldNode, depth: number, inList: boolean): FieldPlan | null {
    const key = node.alias?.value ?? node.name.value;
    const keyJson = `${JSON.stringify(key)}:`;
    if (node.name.value === "__typename") {
      return { key, keyJson, kind: "typename", args: {}, info: undefined as unknown as GraphQLResolveInfo };
    }
    const field = parent.getFields()[node.name.value];
    const resolver = RESOLVERS[parent.name]?.[field.name];
    if (!resolver) {
      this.errors.push(
        userError(
          `Field '${field.name}' on type '${parent.name}' exists in the Admin API 2026-10 schema but is not implemented by the Tsunagu Shopify emulator (tests/emulator/resolvers.ts)`,
        ),
      );
      return null;
    }
    const handled = HANDLED_ARGUMENTS[`${parent.name}.${field.name}`] ?? [];
    for (const arg of node.arguments ?? []) {
      if (!handled.includes(arg.name.value) && !PAGING_ARGUMENTS.has(arg.name.value)) {
        this.errors.push(
          userError(
            `Argument '${arg.name.value}' of field '${parent.name}.${field.name}' is not implemented by the Tsunagu Shopify emulator`,
          ),
        );
      }
    }
    const args = Object.fromEntries(Object.entries(getArgumentValues(field, node, {})).filter(([name]) => !PAGING_ARGUMENTS.has(name)));
    const info = fakeInfo(this.schema, parent, field, node);
    const named = getNamedType(field.type);
    if (isLeafType(named)) return { key, keyJson, kind: "leaf", resolver, args, info };

    if (isConnectionType(named)) {
      this.connections++;
      if (inList) this.connectionInList = true;
      if (depth + 1 > MAX_BULK_CONNECTION_DEPTH) this.tooDeep = true;
      const connectionFields = (named as GraphQLObjectType).getFields();
      let nodeSelection: SelectionSetNode | undefined;
      for (const sub of collectFields(this.schema, named as GraphQLObjectType, node.selectionSet!, this.fragments)) {
        if (sub.name.value === "nodes") this.nodesSelected.push(field.name);
        if (sub.name.value !== "edges") continue;
        const edgeType = getNamedType(connectionFields.edges.type) as GraphQLObjectType;
        for (const edgeField of collectFields(this.schema, edgeType, sub.selectionSet!, this.fragments)) {
          if (edgeField.name.value === "node") nodeSelection = edgeField.selectionSet;
        }
      }
      const nodeType = getNamedType(
        connectionFields.edges
          ? (getNamedType(connectionFields.edges.type) as GraphQLObjectType).getFields().node.type
          : connectionFields.nodes.type,
      );
      const selection: SelectionPlan = nodeSelection
        ? this.compileSelection(nodeType, nodeSelection, depth + 1, false)
        : { byType: new Map() };
      if (this.hasNestedConnection(selection) && !this.selectsPlainId(selection)) this.parentsWithoutId.push(field.name);
      return {
        key,
        keyJson,
        kind: "connection",
        resolver,
        args,
        info,
        selection,
        nodeTypeName: nodeType.name,
      };
    }

    const list = isListType(isNonNullType(field.type) ? field.type.ofType : field.type);
    const selection = this.compileSelection(named, node.selectionSet!, depth, inList || list);
    return { key, keyJson, kind: list ? "list" : "object", resolver, args, info, selection };
  }

  compileSelection(type: GraphQLNamedType, selectionSet: SelectionSetNode, depth: number, inList: boolean): SelectionPlan {
    const byType = new Map<string, FieldPlan[]>();
    const objectTypes = isAbstractType(type) ? this.schema.getPossibleTypes(type) : [type as GraphQLObjectType];
    for (const objectType of objectTypes) {
      const fields = collectFields(this.schema, objectType, selectionSet, this.fragments);
      // Abstract types: only object types whose fields the query actually reaches are compiled.
      if (objectTypes.length > 1 && !RESOLVERS[objectType.name]) continue;
      const plans: FieldPlan[] = [];
      for (const f of fields) {
        const plan = this.compileField(objectType, f, depth, inList);
        if (plan) plans.push(plan);
      }
      byType.set(objectType.name, plans);
    }
    return { byType };
  }

  private hasNestedConnection(selection: SelectionPlan): boolean {
    return [...selection.byType.values()].some((fields) => fields.some((f) => f.kind === "connection"));
  }

  /** The node of a nested connection's parent must select `id` without alias. */
  private selectsPlainId(selection: SelectionPlan): boolean {
    return [...selection.byType.values()].every((fields) => fields.some((f) => f.key === "id" && f.info?.fieldName === "id"));
  }

  /** Shopify's wording, checked against recorded responses (see the module header of bulk-operations.ts). */
  ruleErrors(): BulkUserError[] {
    const out: BulkUserError[] = [];
    if (this.nodesSelected.length) {
      out.push(
        userError(
          "All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: 'products { edges { node {'. " +
            `Selecting via 'nodes' is not supported. Invalid connection fields: ${this.nodesSelected.map((n) => `'${n}'`).join(", ")}.`,
        ),
      );
    }
    if (this.connectionInList)
      out.push(userError("Queries that contain a connection field within a list field are not currently supported."));
    if (this.connections > MAX_BULK_CONNECTIONS)
      out.push(userError(`Bulk queries cannot contain more than ${MAX_BULK_CONNECTIONS} connections.`));
    if (this.tooDeep)
      out.push(userError(`Bulk queries cannot contain connections with a nesting depth greater than ${MAX_BULK_CONNECTION_DEPTH}.`));
    if (this.parentsWithoutId.length) {
      out.push(
        userError(
          "The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. " +
            `Connection fields without 'id': ${this.parentsWithoutId.join(", ")}.`,
        ),
      );
    }
    return out;
  }
}

/** Parses and checks a bulk query; returns the compiled plan or Shopify's userErrors. */
export function compileBulkQuery(query: string): { plan: CompiledBulkQuery } | { errors: BulkUserError[] } {
  const schema = adminSchema();
  if (!query.trim()) return { errors: [userError("Invalid bulk query: syntax error, unexpected end of file")] };
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: [userError(`Invalid bulk query: ${parseErrorAsShopify(error, query).message}`)] };
    throw error;
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) return { errors: [userError("Invalid bulk query: a bulk query must contain exactly one operation")] };
  const operation = operations[0];
  if (operation.operation !== "query") return { errors: [userError("Invalid operation type. Only `query` operations are supported.")] };
  const invalid = validateAsShopify(schema, document);
  if (invalid.length) return { errors: invalid.map((e) => userError(`Invalid bulk query: ${e.message}`)) };

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const queryRoot = schema.getQueryType()!;
  const topLevel = collectFields(schema, queryRoot, operation.selectionSet, fragments).filter((f) => f.name.value !== "__typename");

  const errors: BulkUserError[] = [];
  for (const f of topLevel) {
    if (f.name.value === "node" || f.name.value === "nodes")
      errors.push(userError(`Bulk queries cannot contain a top level \`${f.name.value}\` field.`));
  }
  const compiler = new Compiler(schema, fragments);
  const plans = topLevel
    .filter((f) => f.name.value !== "node" && f.name.value !== "nodes")
    .map((f) => compiler.compileField(queryRoot, f, 0, false));
  errors.push(...compiler.ruleErrors());
  if (compiler.connections === 0 && (errors.length === 0 || errors.every((e) => e.message.includes("top level")))) {
    errors.push(userError("Bulk queries must contain at least one connection."));
  }
  errors.push(...compiler.errors);
  if (errors.length) return { errors };
  // ⚠️ Wording not recorded from Shopify; the guide says a bulk query selects a single top-level field.
  if (plans.length !== 1 || plans[0]?.kind !== "connection") {
    return {
      errors: [userError("Invalid bulk query: select exactly one top-level connection field (the emulator supports no other shape)")],
    };
  }
  return { plan: { root: plans[0] } };
}

// ---------------------------------------------------------------------------------------------
// Execution: the plan becomes writer closures once, so the per-object work is resolver calls and
// string building (no per-object closures or type lookups).

/** Where lines go: the result file, and inside the walk every connection node as its own line. */
export interface JsonlSink {
  /** One complete line, without the newline. */
  line(text: string): void;
}

export interface BulkRunOptions {
  groupObjects: boolean;
  /** Called between roots; `true` stops the walk (cancellation or an injected failure). */
  shouldStop(): boolean;
  /** Lets the event loop breathe (answer polls and downloads) between roots; reports progress. */
  pause(progress: BulkRunCounts): Promise<void>;
  /** Walking time (real ms) between pauses, whatever a root costs. */
  sliceMs?: number;
}

/** Short enough that, with five operations walking at once, a poll still waits only tens of ms. */
const DEFAULT_SLICE_MS = 8;

export interface BulkRunCounts {
  objectCount: number;
  rootObjectCount: number;
}

/** Prints a value's JSON (for an object, connections left out). */
type Printer = (source: Source, ctx: ResolverContext, lines: JsonlSink, parentIdJson: string | null) => string;
/** Emits the node's connection children as lines, each followed by its own children. */
type ChildrenEmitter = (source: Source, ctx: ResolverContext, lines: JsonlSink, ownIdJson: string | null) => void;

interface NodeWriter {
  /**
   * A node's JSON, its last member `lastMember` when given (a child line's "__parentId"), leaving its
   * id's JSON in `printedIdJson`.
   */
  print(source: Source, ctx: ResolverContext, lines: JsonlSink, parentIdJson: string | null, lastMember?: string): string;
  children: ChildrenEmitter | null;
}

/** JSON text of the id of the node printed last (read right after `print`, saves an object per node). */
let printedIdJson: string | null = null;

interface ConnectionPage {
  edges: { node: Source }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** The nodes of a whole connection, a page at a time; null once the connection is done. */
type PageReader = () => Source[] | null;

/**
 * Pages through a connection field under `source`: connections over the store's rows by keyset
 * (rowPage, the same pages as their cursors give), others through their resolver and cursors.
 */
function pageReader(plan: FieldPlan, source: Source, ctx: ResolverContext): PageReader {
  const args: Record<string, unknown> = { ...plan.args, first: WALK_PAGE_SIZE };
  const rowConnection = ROW_CONNECTIONS[`${plan.info.parentType.name}.${plan.info.fieldName}`];
  let done = false;
  if (rowConnection) {
    // Resolved once for the whole walk: its sort and compiled search (and any search warning) once.
    const connection = rowConnection(source, args, ctx, plan.info);
    let after: RowPosition | null = null;
    return () => {
      if (done) return null;
      const page = rowPage(connection, args.reverse === true, after, WALK_PAGE_SIZE);
      after = page.next;
      done = after === null;
      return page.rows.map(connection.toNode) as Source[];
    };
  }
  let after: string | null = null;
  return () => {
    if (done) return null;
    const page = plan.resolver!(source, { ...args, after }, ctx, plan.info) as ConnectionPage;
    after = page.pageInfo.endCursor;
    done = !page.pageInfo.hasNextPage || !after;
    return page.edges.map((edge) => edge.node);
  };
}

function leafJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/**
 * Scalars whose printed values never need JSON escaping (GIDs, timestamps, decimals, enum names):
 * quoting them directly saves a JSON.stringify per value on files of tens of millions of lines.
 */
const PLAIN_SCALARS = new Set(["ID", "DateTime", "Date", "Decimal", "UnsignedInt64", "URL", "Int", "Float", "Boolean"]);

function plainLeafJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  return typeof value === "string" ? `"${value}"` : String(value);
}

function declaredTypeName(plan: FieldPlan): string {
  return getNamedType(plan.info.returnType as GraphQLOutputType).name;
}

function selectionWriter(selection: SelectionPlan, declared: string): NodeWriter {
  const writers = new Map<string, NodeWriter>();
  for (const [typeName, fields] of selection.byType) writers.set(typeName, objectWriter(fields, typeName));
  if (writers.size === 1) return writers.values().next().value!;
  const pick = (source: Source) => writers.get(resolveType(source) ?? declared);
  return {
    print: (source, ctx, lines, parentIdJson, lastMember) => {
      const writer = pick(source);
      printedIdJson = parentIdJson;
      if (writer) return writer.print(source, ctx, lines, parentIdJson, lastMember);
      return lastMember ? `{${lastMember}}` : "{}";
    },
    children: (source, ctx, lines, ownIdJson) => pick(source)?.children?.(source, ctx, lines, ownIdJson),
  };
}

function valuePrinter(plan: FieldPlan, typeName: string): Printer {
  if (plan.kind === "typename") {
    const text = JSON.stringify(typeName);
    return () => text;
  }
  const { resolver, args, info } = plan;
  if (plan.kind === "leaf") {
    const type = getNamedType(info.returnType);
    const print = PLAIN_SCALARS.has(type.name) || isEnumType(type) ? plainLeafJson : leafJson;
    return (source, ctx) => print(resolver!(source, args, ctx, info));
  }
  const node = selectionWriter(plan.selection!, declaredTypeName(plan));
  // A plain object (or list item) inside a node: printed inline; connections under it are emitted
  // straight away, carrying the enclosing node's id.
  const one = (value: Source, ctx: ResolverContext, lines: JsonlSink, parentIdJson: string | null) => {
    const text = node.print(value, ctx, lines, parentIdJson);
    if (node.children) node.children(value, ctx, lines, parentIdJson);
    return text;
  };
  if (plan.kind === "object") {
    return (source, ctx, lines, parentIdJson) => {
      const value = resolver!(source, args, ctx, info) as Source | null | undefined;
      return value === null || value === undefined ? "null" : one(value, ctx, lines, parentIdJson);
    };
  }
  return (source, ctx, lines, parentIdJson) => {
    const items = resolver!(source, args, ctx, info) as (Source | null)[] | null | undefined;
    if (!items) return "null";
    let out = "[";
    for (let k = 0; k < items.length; k++) {
      const item = items[k];
      out += (k === 0 ? "" : ",") + (item === null ? "null" : one(item, ctx, lines, parentIdJson));
    }
    return `${out}]`;
  };
}

function objectWriter(fields: FieldPlan[], typeName: string): NodeWriter {
  const inline = fields.filter((f) => f.kind !== "connection");
  const prefixes = inline.map((f, k) => (k === 0 ? "" : ",") + f.keyJson);
  const values = inline.map((f) => valuePrinter(f, typeName));
  const idIndex = inline.findIndex((f) => f.key === "id" && f.kind === "leaf");
  const connections = fields.filter((f) => f.kind === "connection").map(connectionWriter);
  const n = inline.length;
  return {
    print: (source, ctx, lines, parentIdJson, lastMember) => {
      let out = "{";
      let ownIdJson = parentIdJson;
      for (let k = 0; k < n; k++) {
        const text = values[k](source, ctx, lines, ownIdJson);
        if (k === idIndex) ownIdJson = text;
        out += prefixes[k] + text;
      }
      printedIdJson = ownIdJson;
      if (lastMember) return n ? `${out},${lastMember}}` : `{${lastMember}}`;
      return `${out}}`;
    },
    children: connections.length
      ? (source, ctx, lines, ownIdJson) => {
          for (const write of connections) write(source, ctx, lines, ownIdJson);
        }
      : null,
  };
}

type ChildEmitter = (child: Source, ctx: ResolverContext, lines: JsonlSink, parentIdJson: string | null) => void;

/** One connection node: its line with __parentId last, then the lines of its own children. */
function childEmitter(node: NodeWriter): ChildEmitter {
  return (child, ctx, lines, parentIdJson) => {
    lines.line(node.print(child, ctx, lines, null, `"__parentId":${parentIdJson}`));
    if (node.children) node.children(child, ctx, lines, printedIdJson);
  };
}

/** Children of the hot nested connections, read straight from the store's columns. */
const DIRECT_CHILDREN: Record<
  string,
  (source: Source, ctx: ResolverContext, lines: JsonlSink, parentIdJson: string | null, emit: ChildEmitter) => void
> = {
  "Order.lineItems": (source, ctx, lines, parentIdJson, emit) => {
    const o = source.i as number;
    const O = ctx.shop.orders;
    for (let l = O.lineStart[o]; l < O.lineEnd[o]; l++) emit({ __typename: "LineItem", o, l }, ctx, lines, parentIdJson);
  },
};

function connectionWriter(plan: FieldPlan): ChildrenEmitter {
  const emit = childEmitter(selectionWriter(plan.selection!, plan.nodeTypeName!));
  const direct = DIRECT_CHILDREN[`${plan.info.parentType.name}.${plan.info.fieldName}`];
  if (direct) return (source, ctx, lines, parentIdJson) => direct(source, ctx, lines, parentIdJson, emit);
  return (source, ctx, lines, parentIdJson) => {
    const nextPage = pageReader(plan, source, ctx);
    for (let nodes = nextPage(); nodes; nodes = nextPage()) for (const child of nodes) emit(child, ctx, lines, parentIdJson);
  };
}

/**
 * Walks the top-level connection and emits every line. Non-grouped, a root's children are written
 * after the NEXT root's line; nothing is held but that root's source, so memory stays flat.
 */
export async function runBulkQuery(
  shop: EmulatedShop,
  plan: CompiledBulkQuery,
  sink: JsonlSink,
  options: BulkRunOptions,
): Promise<BulkRunCounts> {
  const ctx: ResolverContext = { shop, search: [] };
  const root = plan.root;
  const node = selectionWriter(root.selection!, root.nodeTypeName!);
  const counts: BulkRunCounts = { objectCount: 0, rootObjectCount: 0 };
  const lines: JsonlSink = {
    line(text) {
      counts.objectCount++;
      sink.line(text);
    },
  };
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  let previous: { source: Source; idJson: string | null } | null = null;
  let pauseAt = performance.now() + sliceMs;
  const nextPage = pageReader(root, {}, ctx);
  for (let nodes = nextPage(); nodes && !options.shouldStop(); nodes = nextPage()) {
    for (const source of nodes) {
      if (options.shouldStop()) break;
      const text = node.print(source, ctx, lines, null);
      const idJson = printedIdJson;
      lines.line(text);
      counts.rootObjectCount++;
      if (node.children) {
        if (options.groupObjects) node.children(source, ctx, lines, idJson);
        else {
          if (previous) node.children(previous.source, ctx, lines, previous.idJson);
          previous = { source, idJson };
        }
      }
      if (performance.now() >= pauseAt) {
        await options.pause(counts);
        pauseAt = performance.now() + sliceMs;
      }
    }
  }
  if (previous && node.children) node.children(previous.source, ctx, lines, previous.idJson);
  return counts;
}
