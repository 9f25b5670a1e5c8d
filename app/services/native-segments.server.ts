// One native Shopify customer segment per lifecycle stage, built on our tag
// (`customer_tags CONTAINS 'tsunagu:vip'`), so Shopify Email, Flow and other tools can target it.
// Created once per stage and shop (NativeSegment remembers it); asking again returns the stored one,
// after pointing its query at the current tag when the merchant changed the prefix (segmentUpdate).
import { stageTag } from "../domain/owned-tags";
import type { LifecycleStage } from "../domain/types";
import { findNativeSegment, listNativeSegments, saveNativeSegment, updateNativeSegmentQuery } from "../models/native-segment.server";
import { getShopSettings } from "../models/shop.server";
import { AdminApiError, type AdminClient } from "../shopify/admin-client.server";
import { SegmentCreate } from "../shopify/graphql/segment-create.mutation";
import { SegmentUpdate } from "../shopify/graphql/segment-update.mutation";
import { SegmentsByName } from "../shopify/graphql/segments-by-name.query";
import type { SegmentCreateMutation, SegmentUpdateMutation } from "../shopify/graphql/generated/admin.generated";

// Segment names are shown to every staff member whatever their language, so both are in the name.
const SEGMENT_NAMES: Record<LifecycleStage, string> = {
  prospect: "Tsunagu: Prospect / 見込み客",
  new: "Tsunagu: First-time / 初期客",
  regular: "Tsunagu: Regular / 一般客",
  vip: "Tsunagu: VIP / 優良顧客",
  dormant: "Tsunagu: Dormant / 休眠客",
  churned: "Tsunagu: Churned / 離反客",
};

function nativeSegmentName(stage: LifecycleStage): string {
  return SEGMENT_NAMES[stage];
}

function nativeSegmentQuery(stage: LifecycleStage, tagPrefix: string): string {
  return `customer_tags CONTAINS '${stageTag(stage, tagPrefix)}'`;
}

type SegmentPayload = SegmentCreateMutation["segmentCreate"] | SegmentUpdateMutation["segmentUpdate"];

function segmentOrThrow(payload: SegmentPayload, field: string, stage: LifecycleStage) {
  if (!payload?.segment) {
    throw new AdminApiError(`${field} for ${stage}: ${(payload?.userErrors ?? []).map((e) => e.message).join("; ")}`);
  }
  return payload.segment;
}

export async function ensureNativeSegment(
  shop: string,
  admin: AdminClient,
  stage: LifecycleStage,
): Promise<{ segmentId: string; created: boolean }> {
  const { tagPrefix } = await getShopSettings(shop);
  const query = nativeSegmentQuery(stage, tagPrefix);
  const existing = await findNativeSegment(shop, stage);
  if (existing) {
    if (existing.query !== query) {
      const result = await admin.request(SegmentUpdate, { id: existing.segmentId, query });
      segmentOrThrow(result.segmentUpdate, "segmentUpdate", stage);
      await updateNativeSegmentQuery(shop, stage, query);
    }
    return { segmentId: existing.segmentId, created: false };
  }
  const name = nativeSegmentName(stage);
  const result = await admin.request(SegmentCreate, { name, query });
  // Created before but not remembered (a crash before saving, or data erased by shop/redact): adopt it.
  const adopted = result.segmentCreate?.segment ? null : await findSegmentNamed(admin, name);
  const segment = adopted ?? segmentOrThrow(result.segmentCreate, "segmentCreate", stage);
  await saveNativeSegment(shop, { stage, segmentId: segment.id, query: segment.query });
  if (adopted) return ensureNativeSegment(shop, admin, stage); // brings its query up to date
  return { segmentId: segment.id, created: true };
}

async function findSegmentNamed(admin: AdminClient, name: string) {
  const { segments } = await admin.request(SegmentsByName, {
    query: `name:'${name.replace(/'/g, "\\'")}'`,
  });
  return segments.nodes.find((segment) => segment.name === name) ?? null;
}

/** After a prefix change: the segments already created follow the new tags. */
export async function updateNativeSegmentQueries(shop: string, admin: AdminClient): Promise<void> {
  for (const { stage } of await listNativeSegments(shop)) await ensureNativeSegment(shop, admin, stage);
}
