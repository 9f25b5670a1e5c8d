import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reviewEligibility } from "./reviews";
import {
  isWelcomeBack,
  makesABuyer,
  planStorefrontWrites,
  REVIEW_ELIGIBILITY_RULES,
  reviewableProducts,
  type PurchasedOrder,
  type StorefrontState,
} from "./review-eligibility";

const MUG = "gid://shopify/Product/1";
const TEA = "gid://shopify/Product/2";
const BOWL = "gid://shopify/Product/3";
const AS_OF = new Date("2026-11-23T00:00:00Z");
const daysBefore = (days: number) => new Date(AS_OF.getTime() - days * 86_400_000);
const bought = (...productIds: string[]) => productIds.map((productId) => ({ productId, quantity: 1 }));

function order(overrides: Partial<PurchasedOrder> = {}): PurchasedOrder {
  return {
    customerId: "gid://shopify/Customer/1",
    processedAt: daysBefore(25),
    fulfilledAt: daysBefore(20),
    cancelled: false,
    test: false,
    totalPrice: 4800,
    totalRefunded: 0,
    lines: bought(MUG),
    ...overrides,
  };
}

const NOTHING_REVIEWED = new Set<string>();

describe("reviewableProducts", () => {
  it("opens a product 14 days after its order was fulfilled, not a millisecond earlier", () => {
    expect(reviewableProducts([order({ fulfilledAt: daysBefore(14) })], NOTHING_REVIEWED, { asOf: AS_OF })).toEqual([MUG]);
    const almost = new Date(daysBefore(14).getTime() + 1);
    expect(reviewableProducts([order({ fulfilledAt: almost })], NOTHING_REVIEWED, { asOf: AS_OF })).toEqual([]);
  });

  it("follows the shop's delay setting", () => {
    const fulfilled10DaysAgo = [order({ fulfilledAt: daysBefore(10) })];
    expect(reviewableProducts(fulfilled10DaysAgo, NOTHING_REVIEWED, { asOf: AS_OF, delayDays: 7 })).toEqual([MUG]);
    expect(reviewableProducts(fulfilled10DaysAgo, NOTHING_REVIEWED, { asOf: AS_OF, delayDays: 14 })).toEqual([]);
  });

  it("never opens an unfulfilled order", () => {
    expect(reviewableProducts([order({ fulfilledAt: null })], NOTHING_REVIEWED, { asOf: AS_OF })).toEqual([]);
  });

  it("leaves out products the customer already reviewed", () => {
    const both = order({ lines: bought(MUG, TEA) });
    expect(reviewableProducts([both], new Set([MUG]), { asOf: AS_OF })).toEqual([TEA]);
  });

  it("does not count cancelled, test or fully refunded orders as a purchase", () => {
    const orders = [
      order({ cancelled: true, lines: bought(MUG) }),
      order({ test: true, lines: bought(TEA) }),
      order({ totalRefunded: 4800, lines: bought(BOWL) }),
    ];
    expect(reviewableProducts(orders, NOTHING_REVIEWED, { asOf: AS_OF })).toEqual([]);
    expect(reviewableProducts([order({ totalRefunded: 1000, lines: bought(BOWL) })], NOTHING_REVIEWED, { asOf: AS_OF })).toEqual([BOWL]);
  });

  it("lists each product once, most recently fulfilled first", () => {
    const orders = [
      order({ fulfilledAt: daysBefore(90), lines: bought(MUG, TEA) }),
      order({ fulfilledAt: daysBefore(30), lines: bought(BOWL) }),
      order({ fulfilledAt: daysBefore(20), lines: bought(MUG) }),
    ];
    expect(reviewableProducts(orders, NOTHING_REVIEWED, { asOf: AS_OF })).toEqual([MUG, BOWL, TEA]);
  });

  it("asks about purchases of the last 365 days only: an order processed earlier lists nothing", () => {
    const orders = [
      order({ processedAt: daysBefore(366), fulfilledAt: daysBefore(360), lines: bought(TEA) }),
      order({ processedAt: daysBefore(365), fulfilledAt: daysBefore(360), lines: bought(MUG) }),
    ];
    expect(reviewableProducts(orders, NOTHING_REVIEWED, { asOf: AS_OF })).toEqual([MUG]);
  });

  it("keeps at most 50 products", () => {
    const many = Array.from({ length: 60 }, (_, i) => `gid://shopify/Product/${i + 1}`);
    expect(reviewableProducts([order({ lines: bought(...many) })], NOTHING_REVIEWED, { asOf: AS_OF })).toHaveLength(
      REVIEW_ELIGIBILITY_RULES.maxReviewableProducts,
    );
  });

  it("never lists a reviewed product, a duplicate, or a product of an order not yet due (property)", () => {
    const product = fc.integer({ min: 1, max: 8 }).map((n) => `gid://shopify/Product/${n}`);
    const arbOrder = fc.record({
      customerId: fc.constant("gid://shopify/Customer/1"),
      processedAt: fc.constant(daysBefore(70)),
      fulfilledAt: fc.option(fc.integer({ min: 0, max: 60 }).map(daysBefore), { nil: null }),
      cancelled: fc.boolean(),
      test: fc.boolean(),
      totalPrice: fc.constant(100),
      totalRefunded: fc.constantFrom(0, 100),
      lines: fc.array(product, { maxLength: 4 }).map((ids) => bought(...ids)),
    });
    fc.assert(
      fc.property(fc.array(arbOrder, { maxLength: 8 }), fc.uniqueArray(product), (orders, reviewed) => {
        const reviewedSet = new Set(reviewed);
        const result = reviewableProducts(orders, reviewedSet, { asOf: AS_OF });
        const dueProducts = new Set(
          orders
            .filter((o) => o.fulfilledAt && o.fulfilledAt <= daysBefore(14) && !o.cancelled && !o.test && o.totalRefunded === 0)
            .flatMap((o) => o.lines.map((line) => line.productId)),
        );
        return (
          new Set(result).size === result.length &&
          result.every((id) => !reviewedSet.has(id) && dueProducts.has(id)) &&
          [...dueProducts].every((id) => reviewedSet.has(id) || result.includes(id))
        );
      }),
    );
  });
});

describe("who bought: one rule for the review-request block and the review form", () => {
  it("an order makes a buyer unless cancelled, test, or refunded in full (a zero total is a purchase), and both answer the same (property)", () => {
    const amount = fc.constantFrom(0, 1, 4800, 4801);
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), amount, amount, (cancelled, test, totalPrice, totalRefunded) => {
        const facts = order({ cancelled, test, totalPrice, totalRefunded });
        const buyer = !cancelled && !test && !(totalPrice > 0 && totalRefunded >= totalPrice);
        expect(makesABuyer(facts)).toBe(buyer);
        expect(reviewableProducts([facts], NOTHING_REVIEWED, { asOf: AS_OF }).includes(MUG)).toBe(buyer);
        const line = { orderId: "gid://shopify/Order/1", productId: MUG, ...facts };
        expect(reviewEligibility([line], MUG, { now: AS_OF, delayDays: 14 }).eligible).toBe(buyer);
      }),
    );
  });
});

describe("isWelcomeBack", () => {
  const customerId = "gid://shopify/Customer/1";
  const back = (days: number, fromStage = "dormant", toStage = "regular") => ({ customerId, fromStage, toStage, at: daysBefore(days) });

  it("greets a customer who came back from dormancy 3 days ago", () => {
    expect(isWelcomeBack([back(200, "regular", "dormant"), back(3)], { asOf: AS_OF })).toBe(true);
  });

  it("also greets a customer back from churned, into VIP", () => {
    expect(isWelcomeBack([back(5, "churned", "vip")], { asOf: AS_OF })).toBe(true);
  });

  it("stops greeting 30 days after the return", () => {
    expect(isWelcomeBack([back(29)], { asOf: AS_OF })).toBe(true);
    expect(isWelcomeBack([back(30)], { asOf: AS_OF })).toBe(false);
  });

  it("keeps greeting through a move from regular to VIP, but not after lapsing again", () => {
    expect(isWelcomeBack([back(10), back(5, "regular", "vip")], { asOf: AS_OF })).toBe(true);
    expect(isWelcomeBack([back(10), back(2, "regular", "dormant")], { asOf: AS_OF })).toBe(false);
  });

  it("does not greet a first order or a customer who never lapsed", () => {
    expect(isWelcomeBack([{ customerId, fromStage: null, toStage: "new", at: daysBefore(1) }], { asOf: AS_OF })).toBe(false);
    expect(isWelcomeBack([back(1, "new", "regular")], { asOf: AS_OF })).toBe(false);
  });

  it("ignores transitions after asOf", () => {
    expect(isWelcomeBack([{ ...back(0), at: new Date(AS_OF.getTime() + 1000) }], { asOf: AS_OF })).toBe(false);
  });
});

describe("planStorefrontWrites", () => {
  const state = (reviewableProducts: string[], welcomeBack = false): StorefrontState => ({ reviewableProducts, welcomeBack });

  it("writes a customer whose reviewable products changed, and skips one whose state is unchanged", () => {
    const writes = planStorefrontWrites(
      new Map([
        ["c1", state([MUG, TEA])],
        ["c2", state([BOWL])],
      ]),
      new Map([
        ["c1", state([MUG])],
        ["c2", state([BOWL])],
      ]),
    );
    expect(writes).toEqual([{ customerId: "c1", state: state([MUG, TEA]), reviewableChanged: true, welcomeBackChanged: false }]);
  });

  it("clears what was written for a customer who has nothing any more", () => {
    expect(planStorefrontWrites(new Map(), new Map([["c1", state([MUG], true)]]))).toEqual([
      { customerId: "c1", state: state([]), reviewableChanged: true, welcomeBackChanged: true },
    ]);
  });

  it("writes nothing for a customer who never had anything", () => {
    expect(planStorefrontWrites(new Map([["c1", state([])]]), new Map())).toEqual([]);
  });

  it("applying the plan leaves nothing to write (property)", () => {
    const arbState: fc.Arbitrary<StorefrontState> = fc.record({
      reviewableProducts: fc.uniqueArray(fc.constantFrom<string>(MUG, TEA, BOWL)),
      welcomeBack: fc.boolean(),
    });
    const arbStates = fc.dictionary(fc.constantFrom("c1", "c2", "c3"), arbState);
    fc.assert(
      fc.property(arbStates, arbStates, (desired, written) => {
        const desiredMap = new Map(Object.entries(desired));
        const after = new Map(Object.entries(written));
        for (const write of planStorefrontWrites(desiredMap, after)) after.set(write.customerId, write.state);
        return planStorefrontWrites(desiredMap, after).length === 0;
      }),
    );
  });
});
