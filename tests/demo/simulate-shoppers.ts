// Simulated shoppers for the demo store: the data sets have no reviews, NPS answers or data requests,
// so without them the Reviews, advocacy, "customers needing care" and Privacy pages only show empty
// states. A seeded generator picks real customers and their real orders of the emulated store and
// sends what they would send, through the paths a real storefront uses:
//   - reviews: the app proxy's signed request (POST /proxy/reviews, signed as Shopify's proxy signs
//     it, with the shopper's own address in X-Forwarded-For), one per customer, for a product of an
//     order fulfilled at least 30 days before "now" (verified buyers only);
//   - NPS: the thank-you / order-status extension's POST /api/post-purchase with a fresh extension
//     session token per answer (sub = the buyer), one answer per order of the last 60 days;
//   - one customers/data_request compliance webhook, signed by the emulator.
// Every review title and NPS comment starts with SIMULATED_LABEL, so the app's pages show what is
// simulated (README "The demo store"). The app's clock is pinned to the store's "now", so every answer
// is stored as sent "now"; `dateSubmissions` then dates each at the moment its shopper would have sent
// it (a review days after delivery, an NPS answer on the thank-you page or days later), or the journey's
// retention → advocacy step would count no advocate within any elapsed window.
import type Database from "better-sqlite3";
import { createSqliteDateTime } from "../../app/db-sqlite-date-time";
import type { Emulator } from "../emulator/server";
import { mintExtensionSessionToken } from "../emulator/extension-session-token";
import { proxiedAppUrl } from "../emulator/app-proxy";
import { customerGid, orderGid, type EmulatedShop } from "../emulator/store";
import { BROWSER_HEADERS } from "../helpers/test-app";

export const SIMULATED_LABEL = "[Simulated]";

const DAY_MS = 24 * 60 * 60 * 1000;
const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";

export interface ShopperPlanOptions {
  seed: number;
  now: Date;
  reviews?: number;
  npsAnswers?: number;
}

export type SimulatedSubmission =
  | {
      kind: "review";
      customerId: string;
      productId: string;
      rating: number;
      title: string;
      body: string;
      address: string;
      sentAt: Date;
    }
  | {
      kind: "nps";
      customerId: string;
      orderId: string;
      source: "thank-you" | "order-status";
      score: number;
      comment: string | null;
      address: string;
      sentAt: Date;
    }
  | { kind: "data-request"; customerId: string; requestId: number };

/** mulberry32: a small, fast PRNG with a 32-bit state; the same seed gives the same sequence. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REVIEW_TEXTS: Record<number, { titles: string[]; bodies: string[] }> = {
  5: {
    titles: ["Lovely", "Just as pictured", "Perfect gift", "Will buy again"],
    bodies: [
      "The {product} is even nicer than the photo.",
      "Bought the {product} as a present and it went down very well.",
      "Quick delivery, well packed, and the {product} is lovely.",
    ],
  },
  4: {
    titles: ["Good value", "Nice quality", "Pleased"],
    bodies: ["The {product} is good value; the colour is a little paler than shown.", "Nice {product}, arrived a day later than expected."],
  },
  3: {
    titles: ["It's fine", "Okay"],
    bodies: ["The {product} does the job, nothing special.", "Smaller than I expected, the {product} is fine for the price."],
  },
  2: {
    titles: ["Disappointed", "Not as described"],
    bodies: ["The {product} looked cheaper than in the pictures.", "One {product} arrived scratched."],
  },
  1: {
    titles: ["Arrived broken", "Poor"],
    bodies: ["The {product} arrived broken and nobody answered my e-mail.", "The {product} fell apart after a week."],
  },
};

const NPS_COMMENTS = {
  promoter: ["Great selection of gifts, fast delivery.", "Always lovely things, I recommend you to friends."],
  passive: ["Good, but postage is expensive.", "Fine. The website could be easier to search."],
  detractor: [
    "My order arrived late and one item was missing.",
    "Too expensive for what arrived.",
    "Nobody answered when I asked about my order.",
  ],
};

function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** 5★ 55 %, 4★ 25 %, 3★ 10 %, 2★ 6 %, 1★ 4 %. */
function drawRating(rng: () => number): number {
  const u = rng();
  return u < 0.55 ? 5 : u < 0.8 ? 4 : u < 0.9 ? 3 : u < 0.96 ? 2 : 1;
}

/** Promoters (9–10) 45 %, passives (7–8) 30 %, detractors (0–6) 25 %. */
function drawScore(rng: () => number): number {
  const u = rng();
  if (u < 0.45) return rng() < 0.6 ? 10 : 9;
  if (u < 0.75) return rng() < 0.5 ? 8 : 7;
  return Math.floor(rng() * 7);
}

/** Draws `count` distinct items of `items` (a partial Fisher–Yates shuffle, in draw order). */
function sample<T>(rng: () => number, items: T[], count: number): T[] {
  const copy = items.slice();
  const n = Math.min(count, copy.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}

/** What the simulated shoppers send, from the store's real customers and orders. Pure and seeded. */
export function planShoppers(
  shop: EmulatedShop,
  { seed, now, reviews = 240, npsAnswers = 150 }: ShopperPlanOptions,
): SimulatedSubmission[] {
  const rng = random(seed);
  const O = shop.orders;
  const nowMs = now.getTime();
  const isGoods = (product: number) => /^\d/.test(shop.products.skus[product] ?? "");
  const bought = (j: number) => O.customer[j] >= 0 && Number.isNaN(O.cancelledAt[j]) && O.refundedCents[j] < O.totalCents[j];

  // Reviews: a review request goes out after every delivery, so a reviewer answers after any one of
  // their orders fulfilled at least 30 days ago (and within a year), not only the latest.
  const reviewableOrdersOf = new Map<number, number[]>();
  for (let j = 0; j < O.length; j++) {
    if (!bought(j) || Number.isNaN(O.fulfilledAt[j])) continue;
    if (O.fulfilledAt[j] > nowMs - 30 * DAY_MS || O.processedAt[j] < nowMs - 365 * DAY_MS) continue;
    let goods = false;
    for (let l = O.lineStart[j]; l < O.lineEnd[j] && !goods; l++) goods = isGoods(shop.lines.product[l]);
    if (!goods) continue;
    const orders = reviewableOrdersOf.get(O.customer[j]);
    if (orders) orders.push(j);
    else reviewableOrdersOf.set(O.customer[j], [j]);
  }
  const plan: SimulatedSubmission[] = [];
  let shopper = 0;
  const address = () => `203.0.113.${(shopper++ % 254) + 1}`;
  for (const [c, orders] of sample(
    rng,
    [...reviewableOrdersOf].sort(([a], [b]) => a - b),
    reviews,
  )) {
    const j = pick(rng, orders);
    const lines: number[] = [];
    for (let l = O.lineStart[j]; l < O.lineEnd[j]; l++) if (isGoods(shop.lines.product[l])) lines.push(l);
    const product = shop.lines.product[pick(rng, lines)];
    const rating = drawRating(rng);
    const texts = REVIEW_TEXTS[rating];
    const title = `${SIMULATED_LABEL} ${pick(rng, texts.titles)}`;
    const body = pick(rng, texts.bodies).replace("{product}", shop.products.titles[product].toLowerCase());
    // Review requests go out days after delivery; answers come within about three weeks.
    const sentAtMs = Math.min(O.fulfilledAt[j] + (3 + Math.floor(rng() * 19)) * DAY_MS, nowMs - DAY_MS);
    plan.push({
      kind: "review",
      customerId: customerGid(shop.customers.id[c]),
      productId: `gid://shopify/Product/${product + 1}`,
      rating,
      title,
      body,
      address: address(),
      sentAt: new Date(sentAtMs),
    });
  }

  // NPS: orders of the last 60 days; the last week's answered on the thank-you page, older ones later on the order-status page.
  const recent: number[] = [];
  for (let j = 0; j < O.length; j++) if (bought(j) && O.processedAt[j] >= nowMs - 60 * DAY_MS && O.processedAt[j] <= nowMs) recent.push(j);
  for (const j of sample(rng, recent, npsAnswers)) {
    const score = drawScore(rng);
    const category = score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
    const comment = rng() < 0.4 ? `${SIMULATED_LABEL} ${pick(rng, NPS_COMMENTS[category])}` : null;
    const source = O.processedAt[j] >= nowMs - 7 * DAY_MS ? "thank-you" : "order-status";
    // Thank-you page answers come minutes after checkout, order-status page answers one to seven days later.
    const delayMs = source === "thank-you" ? 5 * 60 * 1000 : (1 + Math.floor(rng() * 7)) * DAY_MS;
    plan.push({
      kind: "nps",
      customerId: customerGid(shop.customers.id[O.customer[j]]),
      orderId: orderGid(O.id[j]),
      source,
      score,
      comment,
      address: address(),
      sentAt: new Date(Math.min(O.processedAt[j] + delayMs, nowMs)),
    });
  }

  // One customer asks for their data.
  const customers = [...reviewableOrdersOf.keys()].sort((a, b) => a - b);
  if (customers.length > 0)
    plan.push({
      kind: "data-request",
      customerId: customerGid(shop.customers.id[pick(rng, customers)]),
      requestId: 1 + Math.floor(rng() * 1e6),
    });
  return plan;
}

export interface ShopperTarget {
  appUrl: string;
  apiKey: string;
  apiSecret: string;
  shop: string;
  emulator: Pick<Emulator, "sendWebhook">;
  /** Pause between submissions (shoppers do not all arrive in the same millisecond). */
  pauseMs?: number;
}

export interface ShopperResult {
  kind: SimulatedSubmission["kind"];
  /** The HTTP status, or 0 when the request failed (the error in `error`). */
  status: number;
  error?: string;
}

const numericId = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);

/** Sends the plan, one submission at a time, as the storefront, the extensions and Shopify send them. */
export async function sendShoppers(plan: SimulatedSubmission[], target: ShopperTarget): Promise<ShopperResult[]> {
  const results: ShopperResult[] = [];
  for (const submission of plan) {
    try {
      results.push({ kind: submission.kind, status: await send(submission, target) });
    } catch (error) {
      results.push({ kind: submission.kind, status: 0, error: String((error as Error).cause ?? error) });
    }
    if (target.pauseMs) await new Promise((resolve) => setTimeout(resolve, target.pauseMs));
  }
  return results;
}

async function send(submission: SimulatedSubmission, target: ShopperTarget): Promise<number> {
  switch (submission.kind) {
    case "review": {
      const url = proxiedAppUrl({
        appUrl: target.appUrl,
        apiSecret: target.apiSecret,
        shop: target.shop,
        path: "/reviews",
        loggedInCustomerId: numericId(submission.customerId),
      });
      const response = await fetch(url, {
        method: "POST",
        headers: {
          ...BROWSER_HEADERS,
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-Forwarded-For": submission.address,
        },
        body: JSON.stringify({
          product_id: numericId(submission.productId),
          rating: submission.rating,
          title: submission.title,
          body: submission.body,
          website: "",
        }),
      });
      await response.arrayBuffer();
      return response.status;
    }
    case "nps": {
      const token = await mintExtensionSessionToken({
        shop: target.shop,
        apiKey: target.apiKey,
        apiSecret: target.apiSecret,
        customerId: submission.customerId,
      });
      const response = await fetch(`${target.appUrl}/api/post-purchase?source=${submission.source}`, {
        method: "POST",
        headers: {
          ...BROWSER_HEADERS,
          Authorization: `Bearer ${token}`,
          "Content-Type": "application/json",
          Origin: EXTENSION_ORIGIN,
          "X-Forwarded-For": submission.address,
        },
        body: JSON.stringify({
          source: submission.source,
          order_id: submission.orderId,
          score: submission.score,
          ...(submission.comment ? { comment: submission.comment } : {}),
        }),
      });
      await response.arrayBuffer();
      return response.status;
    }
    case "data-request": {
      const id = Number(numericId(submission.customerId));
      const result = await target.emulator.sendWebhook({
        shop: target.shop,
        topic: "customers/data_request",
        payload: { shop_domain: target.shop, customer: { id }, orders_requested: [], data_request: { id: submission.requestId } },
      });
      return result.status;
    }
  }
}

/** The stored answers of the plan, dated when their shoppers would have sent them (see the header). */
export function dateSubmissions(
  database: Database.Database,
  shop: string,
  plan: SimulatedSubmission[],
): { reviews: number; npsAnswers: number } {
  const review = database.prepare("UPDATE Review SET createdAt = ?, updatedAt = ? WHERE shop = ? AND customerId = ? AND productId = ?");
  const answer = database.prepare("UPDATE NpsAnswer SET createdAt = ? WHERE shop = ? AND orderId = ?");
  const dated = { reviews: 0, npsAnswers: 0 };
  // Prisma's own DateTime text: other forms would not compare right with the rows Prisma writes.
  const prismaSqliteDateTime = createSqliteDateTime();
  database.transaction(() => {
    for (const submission of plan) {
      if (submission.kind === "review") {
        const at = prismaSqliteDateTime(submission.sentAt);
        dated.reviews += review.run(at, at, shop, submission.customerId, submission.productId).changes;
      } else if (submission.kind === "nps") {
        dated.npsAnswers += answer.run(prismaSqliteDateTime(submission.sentAt), shop, submission.orderId).changes;
      }
    }
  })();
  return dated;
}
