// Calculated query cost, as Shopify's GraphQL Admin API reports it in extensions.cost.
//
// Documented rules (https://shopify.dev/docs/api/usage/limits#cost-calculation, read 2026):
//   Scalar 0 · Enum 0 · Object 1 · Interface/Union "maximum of possible selections" ·
//   Connection "sized by first and last arguments" · Mutation 10.
//   "A single query may not exceed a cost of 1,000 points … enforced before a query is executed
//   based on the query's requested cost."
//
// How a connection is "sized": Shopify's own engineering blog (2018) gave 2 + first × (cost of a node),
// but Shopify says it now "incorporate[s] logarithmic scaling into connection fields" and real responses
// show it: orders(first: 250) with only scalar fields costs 13, the same with lineItems(first: 250) { id }
// costs 156 (both measured on a live Advanced store 2026-08-28), and
// product { variants(first: 250) { nodes { inventoryItem { id tracked } } } } costs 25
// (community.shopify.dev/t/23101). All three fit
//     connection = 2 + m(first) × (1 + cost of the node's children),  m(250) = 11,
// with m() the bucketed logarithmic multiplier reverse-engineered in hrdwdmrbl/graphql-ruby
// (lib/graphql/analysis/shopify_complexity.rb, "Feat: Shopify cost estimate", 2025-11), whose table
// we use (its code gives 10 for exactly 250, which contradicts the measurements; we use 11).
// `costModel: "linear"` switches to the blog's 2 + first × node cost, an upper bound.
//
// Actual cost (after execution) uses the same formula with the number of nodes actually returned and,
// for nested selections, the most expensive returned node; a null object costs 1 and nothing below it
// (the community thread: product → null gave actualQueryCost 1). Shopify does not document its actual
// cost formula; this one never exceeds the requested cost.
import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isCompositeType,
  isLeafType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { connectionNodeType, isConnectionType } from "./schema";

export const SINGLE_QUERY_MAX_COST = 1000;
export const MUTATION_COST = 10;

export type CostModel = "shopify-observed" | "linear";

/** The multiplier applied to a connection's node cost for a page size of `size`. */
export function connectionMultiplier(size: number, model: CostModel = "shopify-observed"): number {
  const n = Math.max(0, Math.floor(size));
  if (model === "linear") return n;
  if (n <= 2) return 1;
  if (n <= 4) return 2;
  if (n <= 7) return 3;
  if (n <= 12) return 4;
  if (n <= 20) return 5;
  if (n <= 39) return 6;
  if (n <= 59) return 7;
  if (n <= 79) return 8;
  if (n <= 99) return 9;
  if (n <= 149) return 10;
  if (n <= 250) return 11;
  return 3 + Math.floor(Math.log2(n));
}

export interface CostContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  model?: CostModel;
}

function included(ctx: CostContext, node: { directives?: readonly import("graphql").DirectiveNode[] }): boolean {
  if (!node.directives?.length) return true;
  const skip = getDirectiveValues(GraphQLSkipDirective, node, ctx.variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, ctx.variables);
  return include?.if !== false;
}

function fieldDef(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (!("getFields" in parent)) return undefined;
  return (parent.getFields() as Record<string, GraphQLField<unknown, unknown>>)[name];
}

function pageSize(ctx: CostContext, def: GraphQLField<unknown, unknown>, node: FieldNode): number {
  let args: Record<string, unknown> = {};
  try {
    args = getArgumentValues(def, node, ctx.variables);
  } catch {
    // invalid arguments are reported by execution; cost them as a page of one
  }
  const size = (args.first ?? args.last) as number | undefined;
  return typeof size === "number" ? size : 1;
}

/** The requested cost of a selection set on `parent` (before execution). */
function selectionSetCost(ctx: CostContext, set: SelectionSetNode | undefined, parent: GraphQLCompositeType): number {
  if (!set) return 0;
  let total = 0;
  const byType = new Map<string, number>();
  for (const selection of set.selections) {
    if (!included(ctx, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      total += fieldCost(ctx, selection, parent);
      continue;
    }
    const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? ctx.fragments[selection.name.value] : selection;
    if (!fragment) continue;
    const condition = fragment.typeCondition?.name.value;
    const conditionType = condition ? ctx.schema.getType(condition) : parent;
    if (!conditionType || !isCompositeType(conditionType)) continue;
    const cost = selectionSetCost(ctx, fragment.selectionSet, conditionType);
    if (!isAbstractType(parent) || conditionType === parent || isAbstractType(conditionType)) total += cost;
    else byType.set(conditionType.name, (byType.get(conditionType.name) ?? 0) + cost);
  }
  // Interface/union: the maximum of the possible selections.
  if (byType.size) total += Math.max(...byType.values());
  return total;
}

/** Child cost of a connection's node: edges { node { … } } and nodes { … } selections. */
function connectionNodeChildrenCost(ctx: CostContext, set: SelectionSetNode | undefined, connection: GraphQLNamedType): number {
  const nodeType = connectionNodeType(connection);
  if (!set || !nodeType || !isCompositeType(nodeType)) return 0;
  let total = 0;
  for (const field of collectFields(ctx, set)) {
    if (field.name.value === "nodes") total += selectionSetCost(ctx, field.selectionSet, nodeType);
    if (field.name.value === "edges") {
      for (const edgeField of collectFields(ctx, field.selectionSet)) {
        if (edgeField.name.value === "node") total += selectionSetCost(ctx, edgeField.selectionSet, nodeType);
      }
    }
  }
  return total;
}

/** Fields of a selection set, with fragments flattened (connections are never abstract). */
function collectFields(ctx: CostContext, set: SelectionSetNode | undefined): FieldNode[] {
  const out: FieldNode[] = [];
  if (!set) return out;
  for (const selection of set.selections) {
    if (!included(ctx, selection)) continue;
    if (selection.kind === Kind.FIELD) out.push(selection);
    else {
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? ctx.fragments[selection.name.value] : selection;
      if (fragment) out.push(...collectFields(ctx, fragment.selectionSet));
    }
  }
  return out;
}

function fieldCost(ctx: CostContext, node: FieldNode, parent: GraphQLCompositeType): number {
  if (node.name.value.startsWith("__")) return 0;
  const def = fieldDef(parent, node.name.value);
  if (!def) return 0;
  const named = getNamedType(def.type);
  if (isLeafType(named)) return 0;
  if (isConnectionType(named)) {
    const size = pageSize(ctx, def, node);
    const nodeCost = 1 + connectionNodeChildrenCost(ctx, node.selectionSet, named);
    return 2 + connectionMultiplier(size, ctx.model) * nodeCost;
  }
  if (isCompositeType(named)) return 1 + selectionSetCost(ctx, node.selectionSet, named);
  return 0;
}

/** requestedQueryCost of one operation. */
export function requestedQueryCost(ctx: CostContext, operation: OperationDefinitionNode): number {
  if (operation.operation === "mutation") {
    return collectFields(ctx, operation.selectionSet).filter((f) => !f.name.value.startsWith("__")).length * MUTATION_COST;
  }
  const root = operation.operation === "query" ? ctx.schema.getQueryType() : ctx.schema.getSubscriptionType();
  if (!root) return 0;
  return selectionSetCost(ctx, operation.selectionSet, root);
}

// ---------------------------------------------------------------------------------------------
// Actual cost: the same walk over the response data.

type Json = unknown;

function actualSelectionSetCost(
  ctx: CostContext,
  set: SelectionSetNode | undefined,
  parent: GraphQLCompositeType,
  value: Record<string, Json>,
): number {
  if (!set) return 0;
  let total = 0;
  const byType = new Map<string, number>();
  for (const selection of set.selections) {
    if (!included(ctx, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      total += actualFieldCost(ctx, selection, parent, value);
      continue;
    }
    const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? ctx.fragments[selection.name.value] : selection;
    if (!fragment) continue;
    const condition = fragment.typeCondition?.name.value;
    const conditionType = condition ? ctx.schema.getType(condition) : parent;
    if (!conditionType || !isCompositeType(conditionType)) continue;
    const typename = typeof value.__typename === "string" ? value.__typename : undefined;
    if (isAbstractType(parent) && isObjectType(conditionType) && typename && typename !== conditionType.name) continue;
    const cost = actualSelectionSetCost(ctx, fragment.selectionSet, conditionType, value);
    if (!isAbstractType(parent) || conditionType === parent || isAbstractType(conditionType)) total += cost;
    else byType.set(conditionType.name, (byType.get(conditionType.name) ?? 0) + cost);
  }
  if (byType.size) total += Math.max(...byType.values());
  return total;
}

function maxOver(items: Json[], cost: (item: Record<string, Json>) => number): number {
  let max = 0;
  for (const item of items) if (item && typeof item === "object") max = Math.max(max, cost(item as Record<string, Json>));
  return max;
}

function actualFieldCost(ctx: CostContext, node: FieldNode, parent: GraphQLCompositeType, container: Record<string, Json>): number {
  if (node.name.value.startsWith("__")) return 0;
  const def = fieldDef(parent, node.name.value);
  if (!def) return 0;
  const named = getNamedType(def.type);
  if (isLeafType(named) || !isCompositeType(named)) return 0;
  const key = node.alias?.value ?? node.name.value;
  const value = container[key];
  if (value === null || value === undefined) return 1;
  if (isConnectionType(named)) {
    const nodeType = connectionNodeType(named);
    const connection = value as Record<string, Json>;
    let returned = 0;
    let children = 0;
    if (nodeType && isCompositeType(nodeType)) {
      for (const field of collectFields(ctx, node.selectionSet)) {
        const fieldValue = connection[field.alias?.value ?? field.name.value];
        if (!Array.isArray(fieldValue)) continue;
        returned = Math.max(returned, fieldValue.length);
        if (field.name.value === "nodes") {
          children += maxOver(fieldValue, (item) => actualSelectionSetCost(ctx, field.selectionSet, nodeType, item));
        } else if (field.name.value === "edges") {
          for (const edgeField of collectFields(ctx, field.selectionSet)) {
            if (edgeField.name.value !== "node") continue;
            const nodeKey = edgeField.alias?.value ?? "node";
            children += maxOver(fieldValue, (edge) => {
              const item = edge[nodeKey];
              return item && typeof item === "object"
                ? actualSelectionSetCost(ctx, edgeField.selectionSet, nodeType, item as Record<string, Json>)
                : 0;
            });
          }
        }
      }
    }
    return 2 + connectionMultiplier(returned, ctx.model) * (1 + children);
  }
  if (Array.isArray(value)) {
    return 1 + maxOver(value, (item) => actualSelectionSetCost(ctx, node.selectionSet, named, item));
  }
  return 1 + actualSelectionSetCost(ctx, node.selectionSet, named, value as Record<string, Json>);
}

/** actualQueryCost of one executed operation, from its response data. */
export function actualQueryCost(
  ctx: CostContext,
  operation: OperationDefinitionNode,
  data: Record<string, Json> | null | undefined,
): number {
  if (operation.operation === "mutation") return requestedQueryCost(ctx, operation);
  const root = ctx.schema.getQueryType();
  if (!root) return 0;
  if (!data) {
    // Every root field came back null: each object field still costs its 1.
    return collectFields(ctx, operation.selectionSet).reduce((sum, field) => {
      const def = fieldDef(root, field.name.value);
      return sum + (def && !isLeafType(getNamedType(def.type)) ? 1 : 0);
    }, 0);
  }
  return actualSelectionSetCost(ctx, operation.selectionSet, root, data);
}
