import { beforeAll, describe, expect, it } from "vitest";
import { CDNOW_DOMAIN, CDNOW_NOW, loadCdnowSeed, seedCdnow } from "./seed-cdnow";
import type { EmulatedShop } from "./store";

let shop: EmulatedShop;

beforeAll(async () => {
  shop = await seedCdnow();
});

describe("the CDNOW store, derived from CDNOW_master.txt", () => {
  it("has the 23,570 customers and 69,659 purchases of the master log", () => {
    expect(shop.customerCount()).toBe(23_570);
    expect(shop.orderCount()).toBe(69_659);
    expect(shop.domain).toBe(CDNOW_DOMAIN);
    expect(shop.currencyCode).toBe("USD");
    expect(shop.ianaTimezone).toBe("America/New_York");
  });

  it("keeps every dollar and every CD: $2,500,315.63 and 167,881 CDs", async () => {
    const { stats } = await loadCdnowSeed();
    expect(stats.totalCents).toBe(250_031_563);
    let lineCents = 0;
    let cds = 0;
    const O = shop.orders;
    for (let j = 0; j < O.length; j++) {
      let orderCents = 0;
      for (let l = O.lineStart[j]; l < O.lineEnd[j]; l++) {
        orderCents += shop.lines.unitCents[l] * shop.lines.quantity[l];
        cds += shop.lines.quantity[l];
      }
      expect(orderCents).toBe(O.totalCents[j]);
      lineCents += orderCents;
    }
    expect(lineCents).toBe(250_031_563);
    expect(cds).toBe(167_881);
  });

  it("places each purchase at noon New York time: 1997-01-01 is 17:00Z, 1997-07-01 is 16:00Z", () => {
    expect(shop.getOrder("gid://shopify/Order/1")!.processedAt).toBe("1997-01-01T17:00:00Z");
    const O = shop.orders;
    const summer = Array.from({ length: O.length }, (_, j) => j).find((j) =>
      new Date(O.processedAt[j]).toISOString().startsWith("1997-07-01"),
    );
    expect(new Date(O.processedAt[summer!]).toISOString()).toBe("1997-07-01T16:00:00.000Z");
  });

  it("starts shop time at midnight 1998-07-01 in New York", () => {
    expect(CDNOW_NOW.toISOString()).toBe("1998-07-01T04:00:00.000Z");
  });

  it("scales to 11 copies: 259,270 customers and 766,249 orders", async () => {
    const big = await seedCdnow({ scale: 11 });
    expect(big.customerCount()).toBe(259_270);
    expect(big.orderCount()).toBe(766_249);
  });
});
