import { describe, expect, it } from "vitest";
import { compileSearch, dateField, numberField, parseSearchQuery, tagField } from "./query-filter";

interface Row {
  updatedAt: number;
  tags: string[];
  orders: number;
}
const fields = {
  updated_at: dateField<Row>((r) => r.updatedAt),
  tag: tagField<Row>((r) => r.tags),
  orders_count: numberField<Row>((r) => r.orders),
};
const ctx = { now: new Date("2026-11-23T12:00:00Z"), timeZone: "Europe/London" };
const row = (updatedAt: string, tags: string[] = [], orders = 0): Row => ({ updatedAt: Date.parse(updatedAt), tags, orders });
const matches = (query: string, r: Row) => {
  const { predicate } = compileSearch(query, fields, ctx);
  return predicate ? predicate(r) : true;
};

describe("Shopify search syntax", () => {
  it("parses field:>'quoted value' terms joined by AND", () => {
    expect(parseSearchQuery("updated_at:>'2026-11-01T00:00:00Z' AND tag:vip")).toEqual({
      kind: "and",
      items: [
        { kind: "term", field: "updated_at", op: ">", value: "2026-11-01T00:00:00Z" },
        { kind: "term", field: "tag", op: ":", value: "vip" },
      ],
    });
  });

  it("compares timestamps strictly for updated_at:>'…'", () => {
    expect(matches("updated_at:>'2026-11-01T00:00:00Z'", row("2026-11-01T00:00:01Z"))).toBe(true);
    expect(matches("updated_at:>'2026-11-01T00:00:00Z'", row("2026-11-01T00:00:00Z"))).toBe(false);
  });

  it("reads updated_at:<now against the shop's clock", () => {
    expect(matches("updated_at:<now", row("2026-11-23T11:59:59Z"))).toBe(true);
    expect(matches("updated_at:<now", row("2026-11-23T12:00:01Z"))).toBe(false);
  });

  it("treats a bare date as the whole day in the shop's time zone (London summer time)", () => {
    expect(matches("updated_at:2026-07-01", row("2026-06-30T23:30:00Z"))).toBe(true);
    expect(matches("updated_at:2026-07-01", row("2026-07-01T23:30:00Z"))).toBe(false);
  });

  it("supports OR, NOT, -negation and parentheses", () => {
    const r = row("2026-01-01T00:00:00Z", ["vip"], 3);
    expect(matches("tag:vip OR tag:new", r)).toBe(true);
    expect(matches("-tag:vip", r)).toBe(false);
    expect(matches("NOT tag:new AND (orders_count:>2 OR tag:x)", r)).toBe(true);
    expect(matches("orders_count:>=4", r)).toBe(false);
  });

  it("matches tags case-insensitively, with quoted values containing colons", () => {
    expect(matches("tag:'tsunagu:vip'", row("2026-01-01T00:00:00Z", ["Tsunagu:VIP"]))).toBe(true);
  });

  it("ignores a field it does not know and reports Shopify's invalid_field warning", () => {
    const compiled = compileSearch("colour:red AND tag:vip", fields, ctx);
    expect(compiled.warnings).toEqual([{ field: "colour", message: "Invalid search field for this query.", code: "invalid_field" }]);
    expect(compiled.predicate!(row("2026-01-01T00:00:00Z", ["vip"]))).toBe(true);
  });
});
