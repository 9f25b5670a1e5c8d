// Shopify's real Admin GraphQL schema (2026-10 introspection, tests/data/shopify/admin_2026-10.json.gz),
// built once per process with graphql-js. Everything the emulator accepts or rejects is decided
// against this schema, so a query that would fail on Shopify fails here too.
import fs from "node:fs";
import zlib from "node:zlib";
import {
  buildClientSchema,
  getNamedType,
  isObjectType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";
import { datasetPath } from "../helpers/datasets";

export const ADMIN_API_VERSION = "2026-10";

/** tests/data/shopify/admin_2026-10.json.gz. */
export const ADMIN_SCHEMA_PATH = datasetPath("shopify", `admin_${ADMIN_API_VERSION}.json.gz`);

let cached: GraphQLSchema | undefined;

/** The Admin API schema (cached; the first call takes a few hundred milliseconds). */
export function adminSchema(): GraphQLSchema {
  if (cached) return cached;
  const raw = JSON.parse(zlib.gunzipSync(fs.readFileSync(ADMIN_SCHEMA_PATH)).toString("utf8")) as {
    data?: { __schema: IntrospectionQuery["__schema"] };
    __schema?: IntrospectionQuery["__schema"];
  };
  const __schema = raw.data?.__schema ?? raw.__schema;
  if (!__schema) throw new Error(`${ADMIN_SCHEMA_PATH} holds no introspection __schema`);
  // The file carries Shopify's extra keys (requiredAccess, isProtected, …); graphql-js ignores them.
  cached = buildClientSchema({ __schema } as IntrospectionQuery, { assumeValid: true });
  return cached;
}

/** A field of an object or interface type, or undefined. */
export function schemaField(typeName: string, fieldName: string): GraphQLField<unknown, unknown> | undefined {
  const type = adminSchema().getType(typeName);
  if (!type || !("getFields" in type)) return undefined;
  return (type.getFields() as Record<string, GraphQLField<unknown, unknown>>)[fieldName];
}

/** Relay connection types by Shopify's convention: an object named *Connection with edges/nodes/pageInfo. */
export function isConnectionType(type: GraphQLNamedType): boolean {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const fields = type.getFields();
  return "pageInfo" in fields && ("edges" in fields || "nodes" in fields);
}

/** The node type of a connection type (CustomerConnection → Customer). */
export function connectionNodeType(type: GraphQLNamedType): GraphQLNamedType | undefined {
  if (!isObjectType(type)) return undefined;
  const nodes = type.getFields().nodes;
  if (nodes) return getNamedType(nodes.type);
  const edges = type.getFields().edges;
  const edge = edges && getNamedType(edges.type);
  if (edge && isObjectType(edge)) {
    const node = edge.getFields().node;
    return node && getNamedType(node.type);
  }
  return undefined;
}
