// A second real store: the CDNOW master log (tests/data/cdnow/CDNOW_master.txt.gz; 23,570 customers who
// first bought in Q1 1997, 69,659 purchases to 1998-06-30; Fader, Hardie & Lee 2005).
//
// Derivation (asserted in seed-cdnow.test.ts):
// - Shop: cdnow.myshopify.com, USD, America/New_York; now = 1998-07-01T00:00 local (04:00Z).
// - customer_id → gid://shopify/Customer/<customer_id>; createdAt = the first purchase.
// - Each line is one order, several on one day stay separate orders (the literature merges them; the
//   app must do that itself). processedAt = noon New York time of the date. Order ids 1..69,659 in
//   chronological order (ties by customer, then file order), names "#1001".. .
// - Line items: one product ("Music CD", sku CD); quantity = number_of_cds, and the dollar value is
//   split into at most two lines so that Σ quantity × unit price equals the published dollar value
//   exactly (e.g. 3 CDs for $29.99 → 2 × $10.00 + 1 × $9.99).
// - No cancellations, refunds or guests in this data.
// - scale: N → N copies, copy k with ids + k × 1,000,000 and the same dates.
import fs from "node:fs";
import zlib from "node:zlib";
import { datasetPath } from "../helpers/datasets";
import { createEmptyShop, EmulatedShop, FINANCIAL_STATUSES, type EmulatorOptions, type SeedData } from "./store";
import { zonedTimeToUtc } from "./time";

export { createEmptyShop };

export const CDNOW_DOMAIN = "cdnow.myshopify.com";
export const CDNOW_TIME_ZONE = "America/New_York";
export const CDNOW_NOW = new Date(zonedTimeToUtc(CDNOW_TIME_ZONE, 1998, 7, 1));

export function cdnowMasterPath(): string {
  return datasetPath("cdnow", "CDNOW_master.txt.gz");
}

export interface CdnowStats {
  rows: number;
  customers: number;
  orders: number;
  lineItems: number;
  totalCents: number;
  firstDate: string;
  lastDate: string;
}

let cachedSeed: Promise<{ seed: SeedData; stats: CdnowStats }> | undefined;

export function loadCdnowSeed(): Promise<{ seed: SeedData; stats: CdnowStats }> {
  cachedSeed ??= fs.promises
    .readFile(cdnowMasterPath())
    .then((gzip) => parseCdnow(zlib.gunzipSync(gzip).toString("utf8")))
    .catch((error) => {
      cachedSeed = undefined;
      throw error;
    });
  return cachedSeed;
}

function parseCdnow(text: string): { seed: SeedData; stats: CdnowStats } {
  const rows: { customer: number; date: string; cds: number; cents: number; seq: number }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const [customer, date, cds, dollars] = line.split(/\s+/);
    if (!/^\d{8}$/.test(date)) throw new Error(`CDNOW_master.txt line ${i + 1}: bad date ${date}`);
    rows.push({ customer: Number(customer), date, cds: Number(cds), cents: Math.round(Number(dollars) * 100), seq: i });
  }
  rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.customer - b.customer || a.seq - b.seq));

  const noonCache = new Map<string, number>();
  const noon = (date: string) => {
    let t = noonCache.get(date);
    if (t === undefined) {
      t = zonedTimeToUtc(CDNOW_TIME_ZONE, Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8)), 12);
      noonCache.set(date, t);
    }
    return t;
  };

  const firstSeen = new Map<number, number>();
  for (const r of rows) if (!firstSeen.has(r.customer)) firstSeen.set(r.customer, noon(r.date));
  const customerIds = [...firstSeen.keys()].sort((a, b) => a - b);
  const customerIndex = new Map(customerIds.map((id, i) => [id, i]));

  const n = rows.length;
  let lineCount = 0;
  for (const r of rows) lineCount += r.cds > 0 && r.cents % r.cds !== 0 ? 2 : 1;
  const seedLines = {
    length: lineCount,
    product: new Int32Array(lineCount),
    quantity: new Int32Array(lineCount),
    unitCents: new Int32Array(lineCount),
    title: new Int32Array(lineCount),
  };
  const orders: SeedData["orders"] = {
    length: n,
    id: new Float64Array(n),
    number: new Float64Array(n),
    namePrefix: new Uint8Array(n),
    processedAt: new Float64Array(n),
    cancelledAt: new Float64Array(n).fill(NaN),
    cancelReason: new Uint8Array(n),
    customer: new Int32Array(n),
    totalCents: new Float64Array(n),
    refundedCents: new Float64Array(n),
    refundedAt: new Float64Array(n).fill(NaN),
    financial: new Uint8Array(n).fill(FINANCIAL_STATUSES.indexOf("PAID")),
    lineStart: new Int32Array(n),
    lineEnd: new Int32Array(n),
  };
  let l = 0;
  let total = 0;
  rows.forEach((r, j) => {
    orders.id[j] = j + 1;
    orders.number[j] = j + 1001;
    orders.processedAt[j] = noon(r.date);
    orders.customer[j] = customerIndex.get(r.customer)!;
    orders.totalCents[j] = r.cents;
    total += r.cents;
    orders.lineStart[j] = l;
    const cds = Math.max(1, r.cds);
    const base = Math.floor(r.cents / cds);
    const remainder = r.cents - base * cds; // 0 ≤ remainder < cds: that many CDs cost one cent more
    if (cds - remainder > 0) {
      seedLines.quantity[l] = cds - remainder;
      seedLines.unitCents[l] = base;
      l++;
    }
    if (remainder > 0) {
      seedLines.quantity[l] = remainder;
      seedLines.unitCents[l] = base + 1;
      l++;
    }
    orders.lineEnd[j] = l;
  });
  if (l !== lineCount) throw new Error(`CDNOW line layout: ${l} != ${lineCount}`);
  // product 0 and title 0 everywhere ("Music CD")

  const seed: SeedData = {
    source: "CDNOW master (Fader, Hardie & Lee 2005)",
    customers: {
      length: customerIds.length,
      id: Float64Array.from(customerIds),
      createdAt: Float64Array.from(customerIds.map((id) => firstSeen.get(id)!)),
    },
    orders,
    lines: seedLines,
    products: { titles: ["Music CD"], skus: ["CD"] },
    strings: ["Music CD"],
  };
  return {
    seed,
    stats: {
      rows: n,
      customers: customerIds.length,
      orders: n,
      lineItems: lineCount,
      totalCents: total,
      firstDate: rows[0]?.date ?? "",
      lastDate: rows[n - 1]?.date ?? "",
    },
  };
}

/** The CDNOW store from the real master log. */
export async function seedCdnow(options: EmulatorOptions = {}): Promise<EmulatedShop> {
  const { seed } = await loadCdnowSeed();
  const shop = createEmptyShop({
    name: "CDNOW",
    currencyCode: "USD",
    ianaTimezone: CDNOW_TIME_ZONE,
    now: CDNOW_NOW,
    ...options,
    domain: options.domain ?? CDNOW_DOMAIN,
  });
  shop.loadSeed(seed, options.scale ?? 1);
  return shop;
}
