import { describe, expect, it } from "vitest";
import { compareRows, parseCustomerListView, type SortableColumns } from "./customer-list-view";

const row = (id: number, values: Partial<SortableColumns> = {}): SortableColumns => ({
  id: `gid://shopify/Customer/${id}`,
  netSpent: 0,
  lastOrderAt: null,
  ordersCount: 0,
  predictedClv12m: null,
  ...values,
});

describe("customer list view", () => {
  it("orders a move's customers like the database: by the column, ties by id, customers without a value last either way", () => {
    const rows = [row(4, { predictedClv12m: 10 }), row(1), row(3, { predictedClv12m: 50 }), row(2, { predictedClv12m: 10 }), row(5)];
    const ids = (direction: "desc" | "asc") =>
      [...rows].sort(compareRows({ sort: "predicted", direction, idPrefix: null })).map((r) => r.id.split("/").pop());
    expect(ids("desc")).toEqual(["3", "2", "4", "1", "5"]);
    expect(ids("asc")).toEqual(["2", "4", "3", "1", "5"]);
  });

  it("compares last orders by date", () => {
    const [early, late] = [row(1, { lastOrderAt: new Date("2026-01-01") }), row(2, { lastOrderAt: new Date("2026-02-01") })];
    expect([early, late].sort(compareRows({ sort: "lastOrder", direction: "desc", idPrefix: null }))).toEqual([late, early]);
  });

  it("reads the default view from an empty query and an id search from digits or a GID", () => {
    expect(parseCustomerListView(new URLSearchParams())).toEqual({ sort: "spend", direction: "desc", idPrefix: null });
    expect(parseCustomerListView(new URLSearchParams({ sort: "orders", direction: "asc", q: "  123 " }))).toEqual({
      sort: "orders",
      direction: "asc",
      idPrefix: "123",
    });
    expect(parseCustomerListView(new URLSearchParams({ q: "山田" }))).toBeNull();
  });
});
