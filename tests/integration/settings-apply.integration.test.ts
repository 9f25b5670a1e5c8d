// GIVEN a synced Tokyo shop, WHEN the merchant previews and saves new thresholds and a new tag prefix,
// THEN the preview's numbers are what happens: transitions ("settings-changed"), tags migrated to the
// new prefix (merchant tags untouched, a customer at the 250-tag limit reported), Flow told; and
// "Remove all Tsunagu tags" removes every tag of ours and keeps them off.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { refreshShop } from "../../app/jobs/daily-refresh.server";
import { resumeSettingsRuns } from "../../app/jobs/enqueue.server";
import { jobQueue } from "../../app/queue/job-queue.server";
import { startApplySettings, startRemoveAllTags } from "../../app/jobs/settings-runs.server";
import { syncShop } from "../../app/jobs/sync-shop.server";
import { countCustomersBlockedByTagLimit } from "../../app/models/customer.server";
import { createSettingsRun, latestSettingsRun } from "../../app/models/settings-run.server";
import { previewSettings } from "../../app/models/settings-page.server";
import { getShopSettings, registerShop } from "../../app/models/shop.server";
import { loadSegmentSnapshots } from "../../app/models/snapshot.server";
import type { SettingsForm } from "../../app/domain/shop-settings";
import { createAdminClient } from "../../app/shopify/admin-client.server";
import { ensureNativeSegment } from "../../app/services/native-segments.server";
import { registerApp } from "../emulator/app-config";
import { emulatedSegments, flowTriggerCalls } from "../emulator/resolvers-flow-segments";
import { startEmulator, type Emulator } from "../emulator/server";
import { createEmptyShop, type EmulatedShop } from "../emulator/store";
import { TEST_APP } from "../helpers/test-app";

const NOW = "2025-10-01T12:00:00+09:00";
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(new Date(NOW).getTime() - d * DAY).toISOString();
const MERCHANT_TAGS_AT_LIMIT = Array.from({ length: 250 }, (_, i) => `merchant-${i}`);

let emulator: Emulator;
let store: EmulatedShop;
const ids: Record<string, string> = {};
const admin = () => createAdminClient({ shop: store.domain, accessToken: store.accessToken });
const legacy = (gid: string) => Number(gid.split("/").at(-1));
const sorted = (tags: string[]) => [...tags].sort();

const DEFAULT_FORM: SettingsForm = {
  dormantAfterDays: 120,
  churnedAfterDays: 365,
  vipTopPercent: 20,
  vipMinSpend: null,
  tagPrefix: "tsunagu:",
  taggingEnabled: true,
  atRiskTagEnabled: false,
  needsCareTagEnabled: false,
  reviewDelayDays: 14,
};
const NEW_FORM: SettingsForm = { ...DEFAULT_FORM, dormantAfterDays: 90, churnedAfterDays: 200, tagPrefix: "lc-" };

beforeAll(async () => {
  process.env.TSUNAGU_NOW = NOW;
  store = createEmptyShop({ domain: "settings.myshopify.com", ianaTimezone: "Asia/Tokyo", currencyCode: "JPY", now: new Date(NOW) });
  const buyer = (name: string, ago: number[], unitPrice = 4800, tags: string[] = []) => {
    ids[name] = store.addCustomer({ createdAt: daysAgo(400), tags });
    for (const d of ago) store.addOrder({ customerId: ids[name], processedAt: daysAgo(d), lineItems: [{ quantity: 1, unitPrice }] });
  };
  buyer("first100a", [100], 4800, ["wholesale"]);
  buyer("first100b", [100]);
  buyer("regular", [10, 20]);
  buyer("vip", [5, 6], 90_000);
  buyer("dormant250", [250]);
  buyer("atLimit", [30], 4800, MERCHANT_TAGS_AT_LIMIT);
  buyer("prospect", []);
  emulator = await startEmulator({ app: registerApp({ ...TEST_APP, appUrl: "http://127.0.0.1:9" }), shops: [store] });
  process.env.SHOPIFY_API_ORIGIN = emulator.url;
  await registerShop(store.domain);
  await prisma.session.create({
    data: { id: `offline_${store.domain}`, shop: store.domain, state: "", isOnline: false, accessToken: store.accessToken },
  });
  await syncShop({ shop: store.domain, admin: admin(), now: () => new Date(NOW) });
  await ensureNativeSegment(store.domain, admin(), "vip");
});

afterAll(async () => {
  delete process.env.SHOPIFY_API_ORIGIN;
  delete process.env.TSUNAGU_NOW;
  await emulator?.close();
});

describe("settings: preview, then apply", () => {
  it("after the first sync every customer has its tsunagu: tag, except the one at the 250-tag limit", async () => {
    expect(sorted(store.customerTags(ids.first100a))).toEqual(["tsunagu:new", "wholesale"]);
    expect(store.customerTags(ids.vip)).toEqual(["tsunagu:vip"]);
    expect(sorted(store.customerTags(ids.atLimit))).toEqual(sorted(MERCHANT_TAGS_AT_LIMIT));
    expect(await countCustomersBlockedByTagLimit(store.domain, await getShopSettings(store.domain))).toBe(1);
  });

  it("the preview of dormant 90 / churned 200 says: 2 first-time → dormant, 1 dormant → churned, 4 unchanged — and writes nothing", async () => {
    const transitionsBefore = await prisma.segmentTransition.count();
    const preview = await previewSettings(store.domain, NEW_FORM);
    expect(preview.moves).toEqual([
      { from: "new", to: "dormant", customers: 2 },
      { from: "dormant", to: "churned", customers: 1 },
    ]);
    expect(preview.unchangedCustomers).toBe(4);
    expect(await prisma.segmentTransition.count()).toBe(transitionsBefore);
    expect((await getShopSettings(store.domain)).rules.dormantAfterDays).toBe(120);
  });

  it("saving applies exactly the previewed moves as transitions with the reason settings-changed", async () => {
    const flowBefore = flowTriggerCalls(store).length;
    const runId = await startApplySettings(store.domain, NEW_FORM);
    await jobQueue.drain();

    const run = await latestSettingsRun(store.domain);
    expect(run).toMatchObject({
      id: runId,
      kind: "apply-settings",
      status: "completed",
      phase: "done",
      transitions: 3,
      blockedByTagLimit: 1,
    });
    const transitions = await prisma.segmentTransition.findMany({
      where: { shop: store.domain, reason: "settings-changed" },
      orderBy: { customerId: "asc" },
    });
    expect(transitions.map((t) => [t.customerId, t.fromStage, t.toStage])).toEqual(
      [
        [ids.first100a, "new", "dormant"],
        [ids.first100b, "new", "dormant"],
        [ids.dormant250, "dormant", "churned"],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    // Flow is told of transitions oldest first (the order they were written, whatever the database's row order).
    const written = [...transitions].sort((a, b) => a.id - b.id);
    expect(
      flowTriggerCalls(store)
        .slice(flowBefore)
        .map((c) => c.payload),
    ).toEqual(
      written.map((t) => ({ customer_id: legacy(t.customerId), "from stage": t.fromStage, "to stage": t.toStage, subscriber: false })),
    );
  });

  it("the prefix change migrated every tag (old gone, new present, merchant tags untouched) and the native segment follows", async () => {
    expect(sorted(store.customerTags(ids.first100a))).toEqual(["lc-dormant", "wholesale"]);
    expect(store.customerTags(ids.first100b)).toEqual(["lc-dormant"]);
    expect(store.customerTags(ids.regular)).toEqual(["lc-regular"]);
    expect(store.customerTags(ids.vip)).toEqual(["lc-vip"]);
    expect(store.customerTags(ids.dormant250)).toEqual(["lc-churned"]);
    expect(store.customerTags(ids.prospect)).toEqual(["lc-prospect"]);
    expect(sorted(store.customerTags(ids.atLimit))).toEqual(sorted(MERCHANT_TAGS_AT_LIMIT));
    const settings = await getShopSettings(store.domain);
    expect(settings.tagPrefix).toBe("lc-");
    expect(emulatedSegments(store).map((segment) => segment.query)).toEqual(["customer_tags CONTAINS 'lc-vip'"]);
    expect(settings.retiredTagPrefixes).toEqual([]);
  });

  it("the day's segment sizes are the sizes after the change (last write of the day wins)", async () => {
    const [today] = await loadSegmentSnapshots(store.domain, "2025-10-01");
    expect(today).toEqual({ day: "2025-10-01", customers: { prospect: 1, new: 1, regular: 1, vip: 1, dormant: 2, churned: 1 } });
  });
});

describe("remove all Tsunagu tags", () => {
  it("removes every tag of ours from every customer, keeps merchant tags, and turns tagging off", async () => {
    await startRemoveAllTags(store.domain);
    await jobQueue.drain();
    expect(await latestSettingsRun(store.domain)).toMatchObject({ kind: "remove-all-tags", status: "completed", tagsWritten: 6 });
    for (const id of Object.values(ids)) expect(store.customerTags(id).filter((t) => t.startsWith("lc-"))).toEqual([]);
    expect(store.customerTags(ids.first100a)).toEqual(["wholesale"]);
    expect(sorted(store.customerTags(ids.atLimit))).toEqual(sorted(MERCHANT_TAGS_AT_LIMIT));
    expect((await getShopSettings(store.domain)).taggingEnabled).toBe(false);
  });

  it("a daily refresh afterwards does not put any tag back", async () => {
    const result = await refreshShop({ shop: store.domain, admin: admin(), asOf: new Date("2025-10-02T12:00:00+09:00") });
    expect(result.tagsWritten).toBe(0);
    expect(store.customerTags(ids.regular)).toEqual([]);
  });

  it("turning tagging back on and saving writes the tags again", async () => {
    await startApplySettings(store.domain, { ...NEW_FORM, taggingEnabled: true });
    await jobQueue.drain();
    expect(store.customerTags(ids.regular)).toEqual(["lc-regular"]);
    expect((await latestSettingsRun(store.domain))?.tagsWritten).toBe(6);
  });
});

describe("after a restart", () => {
  it("a settings run whose job was lost with the process is started again and completes", async () => {
    const runId = await createSettingsRun(store.domain, "apply-settings", new Date(NOW)); // queued, job never enqueued
    await resumeSettingsRuns(new Date(NOW));
    await jobQueue.drain();
    expect(await latestSettingsRun(store.domain)).toMatchObject({ id: runId, status: "completed", transitions: 0, tagsWritten: 0 });
  });
});
