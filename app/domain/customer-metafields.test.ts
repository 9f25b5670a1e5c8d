import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  customerMetafieldValues,
  expectedNextOrderDate,
  NO_CUSTOMER_METAFIELDS,
  planCustomerMetafieldWrites,
  roundSignificant,
  type CustomerMetafieldFacts,
  type CustomerMetafieldValues,
} from "./customer-metafields";

const TOKYO = "Asia/Tokyo";
const PUBLISHED = { ok: true, showPAlive: true };

const regular: CustomerMetafieldFacts = {
  customerId: "gid://shopify/Customer/1",
  stage: "regular",
  // 2026-11-01 23:30 in Tokyo (14:30 UTC): the local date is the 1st.
  lastOrderAt: new Date("2026-11-01T14:30:00Z"),
  pAlive: 0.8347,
  expectedPurchases365: 4.0,
  predictedClv12m: 12_345.67,
};

describe("customer metafield values", () => {
  it("writes the segment, the value to 2 significant digits, P(alive) to 2 decimals and the next order date", () => {
    expect(customerMetafieldValues(regular, PUBLISHED, TOKYO)).toEqual({
      lifecycleSegment: "regular",
      predictedValue12m: "12000",
      pAlive: "0.83",
      // 365 × 0.8347 ÷ 4 = 76.2 days after 2026-11-01 (Tokyo) → 76 days → 2027-01-16
      expectedNextOrderDate: "2027-01-16",
    });
  });

  it("writes no prediction at all when the shop's check withholds the predictions", () => {
    expect(customerMetafieldValues(regular, { ok: false, showPAlive: false }, TOKYO)).toEqual({
      ...NO_CUSTOMER_METAFIELDS,
      lifecycleSegment: "regular",
    });
  });

  it("writes the value but neither P(alive) nor the date (derived from it) when only P(alive) is withheld", () => {
    // Even a stale P(alive) on the customer row is not written once the gate is closed.
    expect(customerMetafieldValues(regular, { ok: true, showPAlive: false }, TOKYO)).toEqual({
      lifecycleSegment: "regular",
      predictedValue12m: "12000",
      pAlive: null,
      expectedNextOrderDate: null,
    });
  });

  it("gives prospects no metafield", () => {
    expect(customerMetafieldValues({ ...regular, stage: "prospect", lastOrderAt: null }, PUBLISHED, TOKYO)).toEqual(NO_CUSTOMER_METAFIELDS);
  });

  it("rounds small and large values to a decimal Shopify accepts", () => {
    expect(roundSignificant(45.678, 3)).toBe("45.7");
    expect(roundSignificant(0.001234, 3)).toBe("0");
    expect(roundSignificant(1_234_567, 3)).toBe("1230000");
    expect(roundSignificant(0, 3)).toBe("0");
  });
});

describe("expected next order date", () => {
  it("is the last order's local date plus 365 × P(alive) ÷ expected purchases", () => {
    // 365 × 0.5 ÷ 1 = 182.5 → 183 days after 2026-03-10 (Tokyo) = 2026-09-09
    expect(expectedNextOrderDate({ lastOrderAt: new Date("2026-03-10T03:00:00Z"), pAlive: 0.5, expectedPurchases365: 1 }, TOKYO)).toBe(
      "2026-09-09",
    );
  });

  it("lies in the past for an overdue customer (the date does not move with today)", () => {
    expect(expectedNextOrderDate({ lastOrderAt: new Date("2025-01-01T03:00:00Z"), pAlive: 0.9, expectedPurchases365: 9 }, TOKYO)).toBe(
      "2025-02-07",
    ); // 36.5 → 37 days
  });

  it("is omitted past one expected order a year, and without P(alive) or a positive expectation", () => {
    const base = { lastOrderAt: new Date("2026-03-10T03:00:00Z"), pAlive: 0.5, expectedPurchases365: 0.49 };
    expect(expectedNextOrderDate(base, TOKYO)).toBeNull(); // 372 days
    expect(expectedNextOrderDate({ ...base, expectedPurchases365: 0.5 }, TOKYO)).toBe("2027-03-10"); // 365 days
    expect(expectedNextOrderDate({ ...base, pAlive: null }, TOKYO)).toBeNull();
    expect(expectedNextOrderDate({ ...base, expectedPurchases365: 0 }, TOKYO)).toBeNull();
    expect(expectedNextOrderDate({ ...base, lastOrderAt: null }, TOKYO)).toBeNull();
  });
});

describe("planned writes", () => {
  const values = (over: Partial<CustomerMetafieldValues>): CustomerMetafieldValues => ({
    ...NO_CUSTOMER_METAFIELDS,
    lifecycleSegment: "vip",
    ...over,
  });

  it("writes only changed customers, setting changed values and deleting emptied ones", () => {
    const desired = new Map([
      ["gid://shopify/Customer/2", values({ predictedValue12m: "500", pAlive: null })],
      ["gid://shopify/Customer/1", values({ predictedValue12m: "900" })],
      ["gid://shopify/Customer/3", NO_CUSTOMER_METAFIELDS],
    ]);
    const written = new Map([
      ["gid://shopify/Customer/1", values({ predictedValue12m: "900" })],
      ["gid://shopify/Customer/2", values({ predictedValue12m: "400", pAlive: "0.50" })],
      ["gid://shopify/Customer/9", values({})],
    ]);
    expect(planCustomerMetafieldWrites(desired, written)).toEqual([
      {
        customerId: "gid://shopify/Customer/2",
        values: desired.get("gid://shopify/Customer/2"),
        set: ["predictedValue12m"],
        remove: ["pAlive"],
      },
    ]);
  });

  it("brings any written state to the desired one, touching nothing already right (property)", () => {
    const field = fc.option(fc.constantFrom<string>("a", "b"), { nil: null });
    const state = fc.record({ lifecycleSegment: field, predictedValue12m: field, pAlive: field, expectedNextOrderDate: field });
    const states = fc.dictionary(fc.constantFrom("c1", "c2", "c3"), state);
    fc.assert(
      fc.property(states, states, (desiredObject, writtenObject) => {
        const desired = new Map(Object.entries(desiredObject));
        const written = new Map(Object.entries(writtenObject));
        const after = new Map(written);
        for (const write of planCustomerMetafieldWrites(desired, written)) {
          const before = written.get(write.customerId) ?? NO_CUSTOMER_METAFIELDS;
          const applied = { ...before };
          for (const f of write.set) applied[f] = write.values[f];
          for (const f of write.remove) applied[f] = null;
          expect(write.set.length + write.remove.length).toBeGreaterThan(0);
          after.set(write.customerId, applied);
        }
        for (const [customerId, wanted] of desired) expect(after.get(customerId) ?? NO_CUSTOMER_METAFIELDS).toEqual(wanted);
      }),
    );
  });
});
