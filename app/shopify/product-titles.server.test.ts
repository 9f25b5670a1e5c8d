import { describe, expect, it } from "vitest";
import type { AdminClient } from "./admin-client.server";
import { fetchProductTitles } from "./product-titles.server";

/** An Admin API stand-in that answers `nodes` with a title for each known id and counts the requests. */
function fakeAdmin(shop: string, known: Record<string, string>) {
  const requests: string[][] = [];
  const admin = {
    shop,
    request: async (_document: unknown, variables: { ids: string[] }) => {
      requests.push(variables.ids);
      return { nodes: variables.ids.map((id) => (known[id] ? { id, title: known[id] } : null)) };
    },
  } as unknown as AdminClient;
  return { admin, requests };
}

describe("product titles", () => {
  it("asks Shopify only for the titles it has not read in the last minutes, per shop", async () => {
    const { admin, requests } = fakeAdmin("titles-a.myshopify.com", {
      "gid://shopify/Product/1": "Tea",
      "gid://shopify/Product/2": "Cups",
    });
    expect(await fetchProductTitles(admin, ["gid://shopify/Product/1"])).toEqual({ "gid://shopify/Product/1": "Tea" });
    expect(await fetchProductTitles(admin, ["gid://shopify/Product/1", "gid://shopify/Product/2", "gid://shopify/Product/3"])).toEqual({
      "gid://shopify/Product/1": "Tea",
      "gid://shopify/Product/2": "Cups",
    });
    // the unknown product is asked for again (nothing to keep), the known ones are not
    expect(await fetchProductTitles(admin, ["gid://shopify/Product/2", "gid://shopify/Product/3"])).toEqual({
      "gid://shopify/Product/2": "Cups",
    });
    expect(requests).toEqual([
      ["gid://shopify/Product/1"],
      ["gid://shopify/Product/2", "gid://shopify/Product/3"],
      ["gid://shopify/Product/3"],
    ]);

    const other = fakeAdmin("titles-b.myshopify.com", { "gid://shopify/Product/1": "Kettle" });
    expect(await fetchProductTitles(other.admin, ["gid://shopify/Product/1"])).toEqual({ "gid://shopify/Product/1": "Kettle" });
  });
});
