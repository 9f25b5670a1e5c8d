import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { connectionMultiplier, requestedQueryCost, type CostModel } from "./cost";
import { adminSchema } from "./schema";

function cost(query: string, variables: Record<string, unknown> = {}, model: CostModel = "shopify-observed"): number {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return requestedQueryCost({ schema: adminSchema(), fragments, variables, model }, operation);
}

describe("requested query cost", () => {
  it("charges 0 for scalars and 1 for an object: shop { id name } costs 1", () => {
    expect(cost("{ shop { id name currencyCode } }")).toBe(1);
  });

  it("reproduces Shopify's measured 13 for orders(first: 250) with scalar fields (live store, 2026-08-28)", () => {
    expect(cost("{ orders(first: 250) { nodes { id name createdAt updatedAt test } pageInfo { hasNextPage endCursor } } }")).toBe(13);
  });

  it("reproduces Shopify's measured 156 for orders(first: 250) { lineItems(first: 250) { id } }", () => {
    expect(cost("{ orders(first: 250) { nodes { id lineItems(first: 250) { nodes { id } } } } }")).toBe(156);
  });

  it("reproduces Shopify's measured 25 for product { variants(first: 250) { nodes { inventoryItem { id tracked } } } }", () => {
    expect(
      cost("query($id: ID!) { product(id: $id) { variants(first: 250) { nodes { inventoryItem { id tracked } } } } }", {
        id: "gid://shopify/Product/1",
      }),
    ).toBe(25);
  });

  it("reads page sizes from variables and fragments", () => {
    expect(
      cost("query($n: Int) { customers(first: $n) { edges { node { ...C } } } } fragment C on Customer { id amountSpent { amount } }", {
        n: 50,
      }),
    ).toBe(2 + 7 * 2);
  });

  it("counts edges { node } and nodes alike", () => {
    expect(cost("{ customers(first: 10) { edges { cursor node { id } } } }")).toBe(cost("{ customers(first: 10) { nodes { id } } }"));
  });

  it("charges 10 per mutation field regardless of its selection", () => {
    expect(cost('mutation { tagsAdd(id: "gid://shopify/Customer/1", tags: ["a"]) { node { id } userErrors { field message } } }')).toBe(10);
    expect(
      cost(
        'mutation { a: tagsAdd(id: "gid://shopify/Customer/1", tags: ["a"]) { userErrors { message } } b: tagsRemove(id: "gid://shopify/Customer/1", tags: ["a"]) { userErrors { message } } }',
      ),
    ).toBe(20);
  });

  it("with the linear model, reproduces the blog formula 2 + 10 × (1 + 2 + 5 × 1) = 82", () => {
    expect(cost("{ products(first: 10) { edges { node { title variants(first: 5) { edges { node { price } } } } } } }", {}, "linear")).toBe(
      82,
    );
  });

  it("uses the bucketed logarithmic multiplier: 1 for 1–2 nodes, 11 for 150–250", () => {
    expect([1, 2, 3, 10, 50, 100, 149, 150, 250].map((n) => connectionMultiplier(n))).toEqual([1, 1, 2, 4, 7, 10, 10, 11, 11]);
  });
});
