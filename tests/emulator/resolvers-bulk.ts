// GraphQL face of bulk operations and staged uploads (2026-10 shapes): bulkOperationRunQuery,
// bulkOperationRunMutation, bulkOperationCancel, stagedUploadsCreate, bulkOperation(id:),
// bulkOperations(…) and the deprecated currentBulkOperation. The work itself lives in
// bulk-operations.ts (lifecycle, files) and staged-uploads.ts (upload targets).
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import {
  cancelBulkOperation,
  findBulkOperation,
  listBulkOperations,
  startBulkMutation,
  startBulkQuery,
  type BulkOperation,
} from "./bulk-operations";
import { compileSearch, dateField, enumField, idField } from "./query-filter";
import type { ResolverContext } from "./resolvers";
import { createStagedUploadTargets } from "./staged-uploads";
import { formatUtcIso } from "./time";

type Resolver = (source: any, args: any, ctx: ResolverContext, info: GraphQLResolveInfo) => unknown;

const MAX_PAGE_SIZE = 250;

function pathOf(info: GraphQLResolveInfo): (string | number)[] {
  const out: (string | number)[] = [];
  for (let p: GraphQLResolveInfo["path"] | undefined = info.path; p; p = p.prev) out.unshift(p.key);
  return out;
}

function fieldError(info: GraphQLResolveInfo, message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { nodes: info.fieldNodes, path: pathOf(info), extensions });
}

/** A BulkOperation source: fields read the live record, so polls see the status move on. */
export function bulkOperationNode(op: BulkOperation) {
  return { __typename: "BulkOperation", op };
}

/** bulkOperation(id:) and node(id:) for a BulkOperation GID. */
export function resolveBulkOperationId(ctx: ResolverContext, info: GraphQLResolveInfo, id: string) {
  if (!/^gid:\/\/shopify\/[A-Za-z]+\/\S+$/.test(id)) {
    throw fieldError(info, `Invalid global id '${id}'`, { code: "argumentLiteralsIncompatible", typeName: "CoercionError" });
  }
  if (!id.startsWith("gid://shopify/BulkOperation/")) throw fieldError(info, `Invalid id: ${id}`, { code: "RESOURCE_NOT_FOUND" });
  const op = findBulkOperation(ctx.shop, id);
  return op ? bulkOperationNode(op) : null;
}

function bulkOperationsPage(ctx: ResolverContext, info: GraphQLResolveInfo, args: Record<string, any>) {
  const first: number | null = args.first ?? null;
  const last: number | null = args.last ?? null;
  if (first === null && last === null) throw fieldError(info, "you must provide one of first or last", { code: "BAD_REQUEST" });
  if (first !== null && last !== null) throw fieldError(info, "providing both first and last is not supported", { code: "BAD_REQUEST" });
  if ((first ?? last)! > MAX_PAGE_SIZE)
    throw fieldError(info, `${first !== null ? "first" : "last"} cannot exceed ${MAX_PAGE_SIZE}.`, { code: "BAD_REQUEST" });

  const search = compileSearch<BulkOperation>(
    args.query,
    {
      status: enumField((op) => op.status),
      operation_type: enumField((op) => op.type),
      created_at: dateField((op) => op.createdAt),
      id: idField((op) => op.id),
    },
    { now: ctx.shop.now(), timeZone: ctx.shop.ianaTimezone },
  );
  if (search.warnings.length) ctx.search.push({ path: pathOf(info), query: args.query, parsed: search.parsed, warnings: search.warnings });
  const sortKey: "CREATED_AT" | "COMPLETED_AT" = args.sortKey ?? "CREATED_AT";
  const key = (op: BulkOperation) => (sortKey === "CREATED_AT" ? op.createdAt : (op.completedAt ?? Infinity));
  // Newest first unless reversed (the field's description: "newest operations first").
  const ordered = listBulkOperations(ctx.shop)
    .filter((op) => !search.predicate || search.predicate(op))
    .sort((a, b) => key(b) - key(a) || b.id - a.id);
  if (args.reverse) ordered.reverse();

  // Cursors are the operations' GIDs (as Shopify's recorded responses show).
  let start = 0;
  let end = ordered.length;
  if (args.after) start = ordered.findIndex((op) => op.gid === args.after) + 1;
  if (args.before) {
    const at = ordered.findIndex((op) => op.gid === args.before);
    end = at < 0 ? end : at;
  }
  const window = ordered.slice(start, Math.max(start, end));
  const picked = first !== null ? window.slice(0, first) : window.slice(Math.max(0, window.length - last!));
  const from = start + (first !== null ? 0 : window.length - picked.length);
  const edges = picked.map((op) => ({ cursor: op.gid, node: bulkOperationNode(op) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: from + picked.length < ordered.length,
      hasPreviousPage: from > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

const runPayload = (result: { operation: BulkOperation | null; userErrors: unknown[] }) => ({
  bulkOperation: result.operation ? bulkOperationNode(result.operation) : null,
  userErrors: result.userErrors,
});

const BULK_RESOLVERS: Record<string, Record<string, Resolver>> = {
  QueryRoot: {
    bulkOperation: (_s, args, ctx, info) => resolveBulkOperationId(ctx, info, args.id),
    bulkOperations: (_s, args, ctx, info) => bulkOperationsPage(ctx, info, args),
    currentBulkOperation: (_s, args, ctx) => {
      const ofType = listBulkOperations(ctx.shop).filter((op) => op.type === (args.type ?? "QUERY"));
      const latest = ofType[ofType.length - 1];
      return latest ? bulkOperationNode(latest) : null;
    },
  },
  Mutation: {
    bulkOperationRunQuery: (_s, args, ctx) => runPayload(startBulkQuery(ctx.shop, args.query, args.groupObjects ?? false)),
    bulkOperationRunMutation: (_s, args, ctx) =>
      runPayload(startBulkMutation(ctx.shop, args.mutation, args.stagedUploadPath, args.clientIdentifier)),
    bulkOperationCancel: (_s, args, ctx, info) => {
      if (!String(args.id).startsWith("gid://shopify/BulkOperation/")) resolveBulkOperationId(ctx, info, args.id);
      const result = cancelBulkOperation(ctx.shop, args.id);
      return { bulkOperation: result.operation ? bulkOperationNode(result.operation) : null, userErrors: result.userErrors };
    },
    stagedUploadsCreate: (_s, args, ctx, info) => {
      if (args.input.length > MAX_PAGE_SIZE) {
        throw fieldError(info, `The input array size of ${args.input.length} is greater than the maximum allowed of 250.`, {
          code: "MAX_INPUT_SIZE_EXCEEDED",
        });
      }
      return createStagedUploadTargets(ctx.shop, args.input);
    },
  },
  BulkOperation: {
    id: (s) => s.op.gid,
    status: (s) => s.op.status,
    type: (s) => s.op.type,
    query: (s) => s.op.query,
    errorCode: (s) => s.op.errorCode,
    createdAt: (s) => formatUtcIso(s.op.createdAt),
    completedAt: (s) => (s.op.completedAt === null ? null : formatUtcIso(s.op.completedAt)),
    objectCount: (s) => String(s.op.objectCount),
    rootObjectCount: (s) => String(s.op.rootObjectCount),
    fileSize: (s) => (s.op.fileSize === null ? null : String(s.op.fileSize)),
    url: (s) => s.op.url,
    partialDataUrl: (s) => s.op.partialDataUrl,
  },
  BulkOperationConnection: { edges: (s) => s.edges, nodes: (s) => s.nodes, pageInfo: (s) => s.pageInfo },
  BulkOperationEdge: { cursor: (s) => s.cursor, node: (s) => s.node },
  BulkOperationRunQueryPayload: { bulkOperation: (s) => s.bulkOperation, userErrors: (s) => s.userErrors },
  BulkOperationRunMutationPayload: { bulkOperation: (s) => s.bulkOperation, userErrors: (s) => s.userErrors },
  BulkOperationCancelPayload: { bulkOperation: (s) => s.bulkOperation, userErrors: (s) => s.userErrors },
  BulkOperationUserError: { field: (s) => s.field, message: (s) => s.message, code: (s) => s.code },
  BulkMutationUserError: { field: (s) => s.field, message: (s) => s.message, code: (s) => s.code },
  StagedUploadsCreatePayload: { stagedTargets: (s) => s.stagedTargets, userErrors: (s) => s.userErrors },
  StagedMediaUploadTarget: { url: (s) => s.url, resourceUrl: (s) => s.resourceUrl, parameters: (s) => s.parameters },
  StagedUploadParameter: { name: (s) => s.name, value: (s) => s.value },
};

const BULK_ARGUMENTS: Record<string, readonly string[]> = {
  "QueryRoot.bulkOperation": ["id"],
  "QueryRoot.bulkOperations": ["first", "last", "after", "before", "query", "reverse", "sortKey"],
  "QueryRoot.currentBulkOperation": ["type"],
  "Mutation.bulkOperationRunQuery": ["query", "groupObjects"],
  "Mutation.bulkOperationRunMutation": ["mutation", "stagedUploadPath", "clientIdentifier", "groupObjects"],
  "Mutation.bulkOperationCancel": ["id"],
  "Mutation.stagedUploadsCreate": ["input"],
};

/** Adds these resolvers to the emulator's tables (called once from resolvers.ts). */
export function installBulkResolvers(
  resolvers: Record<string, Record<string, Resolver>>,
  handledArguments: Record<string, readonly string[]>,
): void {
  for (const [type, fields] of Object.entries(BULK_RESOLVERS)) resolvers[type] = { ...resolvers[type], ...fields };
  Object.assign(handledArguments, BULK_ARGUMENTS);
}
