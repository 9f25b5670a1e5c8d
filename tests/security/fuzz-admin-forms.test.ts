// The merchant's forms, fuzzed: POST /app/settings/preview, /app/settings (save), /app/journey-map
// and /app/playbook with fields missing, repeated, of the wrong type, huge or unicode. Each answer is
// a 2xx or a 4xx with field errors — never a 500 — and a refused form leaves every row of the shop as
// it was (settings included). Every admin action answers a body that is not a form (JSON, plain text)
// with a 400 and changes nothing. Route actions are called in this process with a real session token.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../../app/db.server";
import { JOURNEY_STAGES } from "../../app/domain/journey/stages";
import { LIFECYCLE_STAGES } from "../../app/domain/types";
import { registerApp } from "../emulator/app-config";
import { startEmulator, type Emulator } from "../emulator/server";
import { createEmptyShop, DEFAULT_SCOPES } from "../emulator/store";
import { mintSessionToken } from "../emulator/session-token";
import { shopRows } from "../helpers/db-introspection";
import { BROWSER_HEADERS, TEST_APP } from "../helpers/test-app";

const SHOP = "fuzz-forms.myshopify.com";
const APP_URL = "http://127.0.0.1:9";
const NOW = "2026-11-20T00:00:00.000Z";
const RUNS = 40;

type Action = (args: ActionFunctionArgs) => Promise<Response>;
let emulator: Emulator;
let actions: Record<
  "settingsPreview" | "settingsSave" | "journeyMap" | "playbook" | "scenarios" | "scenario" | "channelRules" | "reviews",
  Action
>;
let jobQueue: { drain(): Promise<void> };

const strange = fc.oneof(
  fc.constantFrom("", " ", "0", "-1", "1e9", "NaN", "Infinity", "12.5", "100", "101", "on", "off", "true", "null", "top", "min-spend"),
  fc.constantFrom("tsunagu:", "ツナグ:", "a,b", "x".repeat(300), "🍵".repeat(1000), "\u0000", "<script>", "vip", "regular"),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.integer({ min: -1000, max: 100_000 }).map(String),
);

/** A form: each field absent, one strange value, or repeated (FormData keeps every value). */
function formOf(fields: readonly string[], fixed: Record<string, fc.Arbitrary<string>> = {}) {
  return fc
    .record(
      Object.fromEntries(
        fields.map((field) => [field, fc.array(fixed[field] ? fc.oneof(fixed[field], strange) : strange, { maxLength: 2 })]),
      ),
      { requiredKeys: [] },
    )
    .map((values) => {
      const body = new URLSearchParams();
      for (const [field, list] of Object.entries(values)) for (const value of list as string[]) body.append(field, value);
      return body;
    });
}

const SETTINGS_FIELDS = [
  "dormantAfterDays",
  "churnedAfterDays",
  "vipRule",
  "vipTopPercent",
  "vipMinSpend",
  "tagPrefix",
  "taggingEnabled",
  "atRiskTagEnabled",
  "needsCareTagEnabled",
  "reviewDelayDays",
];
const JOURNEY_FIELDS = JOURNEY_STAGES.flatMap((stage) =>
  ["objective", "callToAction", "targetConversionPercent", "targetVolumePer30Days"].map((field) => `${stage}.${field}`),
);

async function post(
  action: Action,
  path: string,
  body: URLSearchParams | string,
  { contentType = "application/x-www-form-urlencoded", params = {} }: { contentType?: string; params?: Record<string, string> } = {},
): Promise<number> {
  const request = new Request(`${APP_URL}${path}`, {
    method: "POST",
    headers: {
      ...BROWSER_HEADERS,
      "Content-Type": contentType,
      Authorization: `Bearer ${await mintSessionToken({ shop: SHOP, apiKey: TEST_APP.apiKey, apiSecret: TEST_APP.apiSecret })}`,
    },
    body,
  });
  try {
    return (await action({ request, params, context: {} })).status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

beforeAll(async () => {
  const store = createEmptyShop({
    domain: SHOP,
    ianaTimezone: "Asia/Tokyo",
    currencyCode: "JPY",
    now: new Date(NOW),
    scopes: [...DEFAULT_SCOPES, "write_products"],
  });
  const buyer = store.addCustomer({ createdAt: "2026-01-01T00:00:00Z" });
  store.addOrder({ customerId: buyer, processedAt: "2026-10-01T00:00:00Z", lineItems: [{ sku: "TEA", quantity: 1, unitPrice: 3000 }] });
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: APP_URL }), shops: [store] });
  const scopes = "read_customers,write_customers,read_orders,read_all_orders,read_products,write_products";
  Object.assign(process.env, {
    SHOPIFY_API_KEY: TEST_APP.apiKey,
    SHOPIFY_API_SECRET: TEST_APP.apiSecret,
    SHOPIFY_APP_URL: APP_URL,
    SCOPES: scopes,
    SHOPIFY_API_ORIGIN: emulator.url,
    TSUNAGU_NOW: NOW,
  });
  await prisma.shop.create({ data: { shop: SHOP } });
  await prisma.session.create({
    data: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, scope: scopes, accessToken: store.accessToken },
  });
  const at = new Date("2026-10-01T00:00:00Z");
  await prisma.customer.create({ data: { shop: SHOP, id: buyer, shopifyCreatedAt: at, shopifyUpdatedAt: at, stage: "new" } });
  actions = {
    settingsPreview: (await import("../../app/routes/app.settings.preview")).action,
    settingsSave: (await import("../../app/routes/app.settings._index")).action,
    journeyMap: (await import("../../app/routes/app.journey-map")).action,
    playbook: (await import("../../app/routes/app.playbook")).action,
    scenarios: (await import("../../app/routes/app.scenarios._index")).action,
    scenario: (await import("../../app/routes/app.scenarios.$id._index")).action,
    channelRules: (await import("../../app/routes/app.acquisition.channels")).action,
    reviews: (await import("../../app/routes/app.reviews")).action,
  };
  ({ jobQueue } = await import("../../app/queue/job-queue.server"));
});

afterAll(async () => {
  await jobQueue?.drain();
  for (const key of ["SHOPIFY_API_ORIGIN", "TSUNAGU_NOW"]) delete process.env[key];
  await emulator?.close();
});

describe.each([
  { page: "settingsPreview", path: "/app/settings/preview", form: formOf(SETTINGS_FIELDS) },
  { page: "settingsSave", path: "/app/settings?index", form: formOf(SETTINGS_FIELDS) },
  { page: "journeyMap", path: "/app/journey-map", form: formOf(JOURNEY_FIELDS) },
  {
    page: "playbook",
    path: "/app/playbook",
    form: formOf(["segment", "intent", "brand", "product", "offer", "actions"], {
      segment: fc.constantFrom(...LIFECYCLE_STAGES),
      intent: fc.constantFrom("save"),
    }),
  },
] as const)("POST $path", ({ page, path, form }) => {
  it("any form is answered 2xx or 4xx, and a refused one changes nothing", async () => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(form, async (body) => {
        await jobQueue.drain();
        const before = await shopRows(SHOP);
        const status = await post(actions[page], path, body);
        statuses.add(status);
        expect(status).toBeLessThan(500);
        if (status >= 400) expect(await shopRows(SHOP)).toEqual(before);
      }),
      { numRuns: RUNS },
    );
    // Authenticated for real (no 401, no redirect to login): the action itself refused with field errors.
    expect([...statuses].some((s) => s === 400 || s === 422)).toBe(true);
    expect([...statuses].filter((s) => s === 401 || (s >= 300 && s < 400))).toEqual([]);
  });
});

describe("a body that is not a form", () => {
  it.each([
    { page: "settingsPreview", path: "/app/settings/preview" },
    { page: "settingsSave", path: "/app/settings?index" },
    { page: "journeyMap", path: "/app/journey-map" },
    { page: "playbook", path: "/app/playbook" },
    { page: "scenarios", path: "/app/scenarios?index" },
    { page: "scenario", path: "/app/scenarios/1?index", params: { id: "1" } },
    { page: "channelRules", path: "/app/acquisition/channels" },
    { page: "reviews", path: "/app/reviews" },
  ] as const)("POST $path as JSON or plain text is a 400, and nothing changes", async ({ page, path, ...rest }) => {
    const params = "params" in rest ? rest.params : {};
    await jobQueue.drain();
    const before = await shopRows(SHOP);
    expect(await post(actions[page], path, '{"intent":"save"}', { contentType: "application/json", params })).toBe(400);
    expect(await post(actions[page], path, "intent=save", { contentType: "text/plain", params })).toBe(400);
    expect(await shopRows(SHOP)).toEqual(before);
  });
});
