// The Admin GraphQL endpoint of the emulator, without HTTP: the server (server.ts) authenticates the
// request, finds the shop and hands the parsed body here.
//
//   const graphql = createAdminGraphql();
//   const { status, body } = await graphql(shop, { query, variables });
//
// Pipeline, as Shopify's: parse → validate against the real 2026-10 schema (graphql-ruby wording) →
// refuse fields the emulator does not implement (loudly, naming the field) → coerce variables →
// requested cost → single-query limit (MAX_COST_EXCEEDED) → leaky bucket (THROTTLED) → execute →
// actual cost → refund → { errors?, data, extensions: { cost, search? } }.
import {
  execute,
  getVariableValues,
  GraphQLError,
  isAbstractType,
  isObjectType,
  Kind,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ASTNode,
} from "graphql";
import { actualQueryCost, requestedQueryCost, SINGLE_QUERY_MAX_COST, type CostContext } from "./cost";
import { ABSTRACT_FIELDS, HANDLED_ARGUMENTS, RESOLVERS, resolveType, type ResolverContext } from "./resolvers";
import { adminSchema } from "./schema";
import type { EmulatedShop } from "./store";
import { locationOf, operationKey, parseErrorAsShopify, validateAsShopify, variableValueError, type ShopifyError } from "./validate";

export interface AdminGraphqlResponse {
  status: number;
  body: unknown;
}

export type AdminGraphqlHandler = (shop: EmulatedShop, body: unknown, headers?: Record<string, string>) => Promise<AdminGraphqlResponse>;

const RATE_LIMIT_DOCS = "https://shopify.dev/api/usage/rate-limits";

/** Checks once that every resolver names a real schema field (a typo would otherwise never be reachable). */
function assertResolversMatchSchema(schema: GraphQLSchema): void {
  for (const [typeName, fields] of Object.entries(RESOLVERS)) {
    const type = schema.getType(typeName);
    if (!type || !isObjectType(type)) throw new Error(`emulator resolvers: ${typeName} is not an object type of the schema`);
    for (const field of Object.keys(fields)) {
      if (!type.getFields()[field]) throw new Error(`emulator resolvers: ${typeName}.${field} is not in the schema`);
    }
  }
  for (const key of Object.keys(HANDLED_ARGUMENTS)) {
    const [typeName, fieldName] = key.split(".");
    const type = schema.getType(typeName);
    const field = type && isObjectType(type) ? type.getFields()[fieldName] : undefined;
    if (!field) throw new Error(`emulator resolvers: HANDLED_ARGUMENTS names unknown field ${key}`);
    for (const arg of HANDLED_ARGUMENTS[key]) {
      if (!field.args.some((a) => a.name === arg)) throw new Error(`emulator resolvers: ${key} has no argument ${arg}`);
    }
  }
}

/** Fields or arguments the query uses that the emulator does not implement: one error each. */
function unimplementedSelections(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): ShopifyError[] {
  const errors: ShopifyError[] = [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const used = new Set<ASTNode>([operation]);
  // collect reachable fragments
  const pending: ASTNode[] = [operation];
  while (pending.length) {
    const node = pending.pop()!;
    visit(node, {
      FragmentSpread(spread) {
        const f = fragments.get(spread.name.value);
        if (f && !used.has(f)) {
          used.add(f);
          pending.push(f);
        }
      },
    });
  }
  for (const root of used) {
    const typeInfo = new TypeInfo(schema);
    const path: string[] = [
      root.kind === Kind.OPERATION_DEFINITION ? operationKey(root) : `fragment ${(root as FragmentDefinitionNode).name.value}`,
    ];
    visit(
      root,
      visitWithTypeInfo(typeInfo, {
        Field: {
          enter(field) {
            path.push(field.alias?.value ?? field.name.value);
            const parent = typeInfo.getParentType();
            const name = field.name.value;
            if (!parent || name.startsWith("__") || parent.name.startsWith("__")) return;
            const implemented = isAbstractType(parent)
              ? ABSTRACT_FIELDS[parent.name]?.includes(name)
              : Boolean(RESOLVERS[parent.name]?.[name]);
            if (!implemented) {
              errors.push({
                message: `Field '${name}' on type '${parent.name}' exists in the Admin API ${"2026-10"} schema but is not implemented by the Tsunagu Shopify emulator (tests/emulator/resolvers.ts)`,
                locations: [locationOf(field)],
                path: [...path],
                extensions: { code: "EMULATOR_NOT_IMPLEMENTED", typeName: parent.name, fieldName: name },
              });
              return;
            }
            const handled = HANDLED_ARGUMENTS[`${parent.name}.${name}`] ?? [];
            for (const arg of field.arguments ?? []) {
              if (!handled.includes(arg.name.value)) {
                errors.push({
                  message: `Argument '${arg.name.value}' of field '${parent.name}.${name}' is not implemented by the Tsunagu Shopify emulator`,
                  locations: [locationOf(arg)],
                  path: [...path, arg.name.value],
                  extensions: { code: "EMULATOR_NOT_IMPLEMENTED", typeName: parent.name, fieldName: name, argumentName: arg.name.value },
                });
              }
            }
          },
          leave() {
            path.pop();
          },
        },
        InlineFragment: {
          enter(node) {
            path.push(node.typeCondition ? `... on ${node.typeCondition.name.value}` : "...");
          },
          leave() {
            path.pop();
          },
        },
      }),
    );
  }
  return errors;
}

function badRequest(errors: unknown): AdminGraphqlResponse {
  return { status: 400, body: { errors } };
}

function errorsOnly(errors: ShopifyError[]): AdminGraphqlResponse {
  return { status: 200, body: { errors } };
}

/** Reads `{ query, variables, operationName }` from a JSON body, a JSON string, or an application/graphql string. */
function readBody(
  body: unknown,
  headers: Record<string, string>,
): { query: string; variables: Record<string, unknown>; operationName?: string } | AdminGraphqlResponse {
  const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === "content-type")?.[1] ?? "";
  let value = body;
  if (Buffer.isBuffer(value)) value = value.toString("utf8");
  if (typeof value === "string") {
    if (/application\/graphql/i.test(contentType)) return { query: value, variables: {} };
    try {
      value = JSON.parse(value);
    } catch {
      return badRequest("Invalid JSON in request body");
    }
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return badRequest({ query: "Required parameter missing or invalid" });
  }
  const { query, variables, operationName } = value as Record<string, unknown>;
  if (typeof query !== "string" || !query.trim()) return badRequest({ query: "Required parameter missing or invalid" });
  let vars: unknown = variables ?? {};
  if (typeof vars === "string") {
    try {
      vars = vars.trim() ? JSON.parse(vars) : {};
    } catch {
      return badRequest({ variables: "Required parameter missing or invalid" });
    }
  }
  if (!vars || typeof vars !== "object" || Array.isArray(vars)) return badRequest({ variables: "Required parameter missing or invalid" });
  return {
    query,
    variables: vars as Record<string, unknown>,
    operationName: typeof operationName === "string" && operationName ? operationName : undefined,
  };
}

/** graphql-js variable coercion errors, reworded as graphql-ruby's "was provided invalid value". */
function variableErrors(
  operation: OperationDefinitionNode,
  inputs: Record<string, unknown>,
  errors: readonly GraphQLError[],
): ShopifyError[] {
  const out: ShopifyError[] = [];
  for (const error of errors) {
    const m = /^Variable "\$(\w+)"/.exec(error.message);
    const def = operation.variableDefinitions?.find((d) => d.variable.name.value === m?.[1]);
    if (!def) {
      out.push({ message: error.message, locations: error.locations ? [...error.locations] : undefined });
      continue;
    }
    let explanation = error.message;
    let path: (string | number)[] = [];
    const at = /at "value((?:\.\w+|\[\d+\])*)"/.exec(error.message);
    if (at?.[1]) path = [...at[1].matchAll(/\.(\w+)|\[(\d+)\]/g)].map((p) => (p[1] !== undefined ? p[1] : Number(p[2])));
    const detail = error.message.split("; ").slice(1).join("; ");
    if (/of required type .* was not provided|must not be null|Expected non-nullable type/.test(error.message)) {
      explanation = "Expected value to not be null";
    } else if (/cannot represent non-integer value: (.+)$/.exec(detail)) {
      explanation = `Could not coerce value ${/cannot represent non-integer value: (.+)$/.exec(detail)![1]} to Int`;
    } else if (/Value "(.+?)" does not exist in "(.+?)" enum/.exec(detail)) {
      const e = /Value "(.+?)" does not exist in "(.+?)" enum/.exec(detail)!;
      explanation = `Expected "${e[1]}" to be one of: ${enumValues(e[2]).join(", ")}`;
    } else if (/Field "(.+?)" is not defined by type "(.+?)"/.exec(detail)) {
      const e = /Field "(.+?)" is not defined by type "(.+?)"/.exec(detail)!;
      explanation = `Field is not defined on ${e[2]}`;
      path = [...path, e[1]];
    } else if (/Field "(.+?)" of required type ".+?" was not provided/.exec(detail)) {
      const e = /Field "(.+?)" of required type ".+?" was not provided/.exec(detail)!;
      explanation = "Expected value to not be null";
      path = [...path, e[1]];
    } else if (detail) {
      explanation = detail.replace(/\.$/, "");
    }
    out.push(variableValueError(def, inputs[def.variable.name.value], [{ path, explanation }]));
  }
  return out;
}

function enumValues(name: string): string[] {
  const type = adminSchema().getType(name);
  return type && "getValues" in type ? type.getValues().map((v) => v.name) : [];
}

export function createAdminGraphql(): AdminGraphqlHandler {
  const schema = adminSchema();
  assertResolversMatchSchema(schema);

  const fieldResolver: GraphQLFieldResolver<unknown, ResolverContext> = (source, args, ctx, info) => {
    const resolver = RESOLVERS[info.parentType.name]?.[info.fieldName];
    if (!resolver) {
      // Unreachable for checked documents; loud if it ever happens.
      throw new GraphQLError(`Emulator bug: no resolver for ${info.parentType.name}.${info.fieldName}`, {
        nodes: info.fieldNodes,
        extensions: { code: "EMULATOR_NOT_IMPLEMENTED" },
      });
    }
    return resolver(source, args, ctx, info);
  };

  return async (shop, body, headers = {}) => {
    const request = readBody(body, headers);
    if ("status" in request) return request;

    let document: DocumentNode;
    try {
      document = parse(request.query);
    } catch (error) {
      if (error instanceof GraphQLError) return errorsOnly([parseErrorAsShopify(error, request.query)]);
      throw error;
    }

    const validationErrors = validateAsShopify(schema, document);
    if (validationErrors.length) return errorsOnly(validationErrors);

    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    let operation: OperationDefinitionNode | undefined;
    if (request.operationName) {
      operation = operations.find((o) => o.name?.value === request.operationName);
      if (!operation) return errorsOnly([{ message: `No operation named "${request.operationName}"` }]);
    } else if (operations.length === 1) {
      operation = operations[0];
    } else {
      return errorsOnly([{ message: "An operation name is required" }]);
    }

    const unimplemented = unimplementedSelections(schema, document, operation);
    if (unimplemented.length) return errorsOnly(unimplemented);

    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables, { maxErrors: 50 });
    if (coerced.errors) return errorsOnly(variableErrors(operation, request.variables, coerced.errors));

    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    const costContext: CostContext = { schema, fragments, variables: coerced.coerced, model: shop.costModel };
    const requested = requestedQueryCost(costContext, operation);

    if (requested > SINGLE_QUERY_MAX_COST) {
      // Measured 2026-08-28: no top-level extensions on this error.
      return errorsOnly([
        {
          message:
            `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).\n\n` +
            "See https://shopify.dev/docs/api/usage/rate-limits for more information on how the\n" +
            "cost of a query is calculated.\n\n" +
            "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
            "See https://shopify.dev/docs/api/usage/bulk-operations/queries for usage details.\n",
          extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: SINGLE_QUERY_MAX_COST, documentation: RATE_LIMIT_DOCS },
        },
      ]);
    }

    if (!shop.bucket.tryTake(requested)) {
      return {
        status: 200,
        body: {
          errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMIT_DOCS } }],
          extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: shop.bucket.status() } },
        },
      };
    }

    const context: ResolverContext = { shop, search: [] };
    const result = await execute({
      schema,
      document,
      operationName: operation.name?.value,
      variableValues: request.variables,
      contextValue: context,
      fieldResolver,
      typeResolver: (value) => resolveType(value),
    });

    const data = (result.data ?? null) as Record<string, unknown> | null;
    const actual = Math.min(requested, actualQueryCost(costContext, operation, data));
    shop.bucket.refund(requested - actual);

    const out: Record<string, unknown> = {};
    if (result.errors?.length) out.errors = result.errors.map((e) => e.toJSON());
    out.data = data;
    const extensions: Record<string, unknown> = {
      cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: shop.bucket.status() },
    };
    if (context.search.length) extensions.search = context.search;
    out.extensions = extensions;
    return { status: 200, body: out };
  };
}

/** Convenience for tests: one handler per process. */
let shared: AdminGraphqlHandler | undefined;
export function adminGraphql(shop: EmulatedShop, body: unknown, headers?: Record<string, string>): Promise<AdminGraphqlResponse> {
  shared ??= createAdminGraphql();
  return shared(shop, body, headers);
}
