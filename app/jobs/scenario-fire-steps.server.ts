// Firing due scenario steps through Shopify (docs/domain.md, scenarios): each due step of a treated
// entry becomes the Flow trigger "Scenario step due" (extensions/tsunagu-flow-trigger-step-due), which
// Shopify Email's marketing automations and any Flow can start from; an offer step first creates its
// discount code. Each active scenario is an external marketing activity with its UTM.
//
// Once per entry, even across a crash: a step is claimed (written) before its calls; its offer code is
// derived from its idempotency key, so a retry finds the code instead of creating a second one; the Flow
// trigger goes out in one request with a witness (an app-owned customer metafield set to the step's
// key — mutation fields run in order), so a claimed step that was never marked is marked if the witness
// is there and sent if it is not (docs/decisions/036). The paced admin client keeps under the shop's cost bucket.
import { localDay } from "../domain/calendar";
import type { OfferSettings, ScenarioDefinition } from "../domain/scenarios/definition";
import { offerCodeFor, offerEndsAt, scenarioUtm } from "../domain/scenarios/runtime";
import {
  claimStep,
  dropStep,
  findLiveSharedCode,
  listScenarios,
  loadEntrantOrders,
  loadDueSteps,
  loadUnredeemedOffers,
  markStepFired,
  recordRedemption,
  recordStepDiscount,
  type DueStepRow,
} from "../models/scenario.server";
import { activeSubscriberIds } from "../models/subscription.server";
import { AdminApiError, type AdminClient } from "../shopify/admin-client.server";
import type { DiscountContextInput, DiscountCustomerGetsValueInput } from "../shopify/graphql/generated/admin.types";
import { CodeDiscountNodeByCode } from "../shopify/graphql/code-discount-node-by-code.query";
import { DiscountCodeBasicCreate } from "../shopify/graphql/discount-code-basic-create.mutation";
import { OrderDiscount } from "../shopify/graphql/order-discount.query";
import { flowTriggerWitnessed, legacyResourceId, sendFlowTriggerWithWitness, type FlowWitness } from "../shopify/flow-trigger-once.server";
import { ensureNativeSegment } from "../services/native-segments.server";
import { registerMarketingActivities, scenarioName } from "../services/scenario-marketing.server";
import { createStepContent, type StepContent } from "../services/scenario-step-content.server";
import { runnableScenarios } from "./scenario-evaluate.server";

/** The trigger's handle in extensions/tsunagu-flow-trigger-step-due/shopify.extension.toml. */
export const SCENARIO_STEP_DUE_HANDLE = "scenario-step-due";
/** The app-owned customer metafield namespace of the step witnesses. */
const WITNESS_NAMESPACE = "$app:scenarios";

const BATCH = 200;

export interface StepDuePayload {
  customer_id: number;
  "scenario id": number;
  "scenario name": string;
  "step number": number;
  "content kind": string;
  "offer code": string;
  "recommended product ids": string;
  "review form link": string;
  "link parameters": string;
  /** the customer has an active subscription when the step fires (docs/domain.md §8) */
  subscriber: boolean;
}

function stepDuePayload(args: {
  customerId: string;
  scenarioId: number;
  definition: ScenarioDefinition;
  stepIndex: number;
  offerCode: string | null;
  recommendedProductIds: readonly string[];
  reviewFormLink: string | null;
  subscriber: boolean;
}): StepDuePayload {
  const utm = scenarioUtm(args.scenarioId);
  return {
    customer_id: legacyResourceId(args.customerId, "Customer"),
    "scenario id": args.scenarioId,
    "scenario name": scenarioName(args.definition),
    "step number": args.stepIndex + 1,
    "content kind": args.definition.steps[args.stepIndex].content,
    "offer code": args.offerCode ?? "",
    "recommended product ids": args.recommendedProductIds.map((id) => legacyResourceId(id, "Product")).join(","),
    "review form link": args.reviewFormLink ?? "",
    "link parameters": `utm_source=${utm.source}&utm_medium=${utm.medium}&utm_campaign=${utm.campaign}`,
    subscriber: args.subscriber,
  };
}

export interface FireOptions {
  shop: string;
  admin: AdminClient;
  now: Date;
  /** Recommended products and review form links (default: app/services/scenario-step-content.server.ts). */
  content?: StepContent;
  /** Stop after this many steps (benchmarks); default: every due step. */
  limit?: number;
  /** Fire the simulated scenarios (the demo's shopper simulator) instead of the real ones. */
  simulated?: boolean;
}

export interface FireSummary {
  fired: number;
  /** Claimed steps whose witness showed Flow had been told: marked without sending again. */
  recovered: number;
  /** Claimed steps of entries that exited, never received by Shopify: dropped. */
  dropped: number;
  codesCreated: number;
}

export async function fireDueSteps(options: FireOptions): Promise<FireSummary> {
  const { shop, admin, now } = options;
  const summary: FireSummary = { fired: 0, recovered: 0, dropped: 0, codesCreated: 0 };
  const scenarios = new Map(runnableScenarios(await listScenarios(shop, "active"), options.simulated).map((s) => [s.id, s]));
  if (scenarios.size === 0) return summary;
  await registerMarketingActivities(shop, admin, [...scenarios.values()]);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const content = options.content ?? createStepContent(shop);
  const done = () => summary.fired + summary.recovered + summary.dropped;
  while (done() < limit) {
    const due = await loadDueSteps(shop, now, [...scenarios.keys()], Math.min(BATCH, limit - done()));
    if (due.length === 0) break;
    const subscribers = await activeSubscriberIds(shop, [...new Set(due.map((s) => s.customerId))]);
    for (const step of due) {
      const scenario = scenarios.get(step.scenarioId)!;
      if (step.claimedAt) {
        if (await flowTriggerWitnessed(admin, witnessOf(step))) {
          await markStepFired(step.id, now);
          summary.recovered += 1;
          continue;
        }
        if (step.entryExitedAt) {
          await dropStep(step.id);
          summary.dropped += 1;
          continue;
        }
      } else {
        await claimStep(step.id, now);
      }
      const offer = scenario.definition.steps[step.stepIndex].offer;
      let code = step.discountCode;
      if (offer && !code) {
        const created = await ensureOfferCode(shop, admin, { step, scenarioId: scenario.id, offer, now });
        code = created.code;
        if (created.created) summary.codesCreated += 1;
      }
      const payload = stepDuePayload({
        customerId: step.customerId,
        scenarioId: scenario.id,
        definition: scenario.definition,
        stepIndex: step.stepIndex,
        offerCode: code,
        recommendedProductIds: await content.recommendedProducts(step.customerId),
        reviewFormLink: scenario.definition.steps[step.stepIndex].reviewFormLink ? await content.reviewFormLink(step.entryKey) : null,
        subscriber: subscribers.has(step.customerId),
      });
      // A payload Flow rejects cannot succeed later and would block every step behind it: logged and
      // marked, as the segment trigger does (network and 5xx failures throw and leave it claimed).
      const errors = await sendFlowTriggerWithWitness(admin, { handle: SCENARIO_STEP_DUE_HANDLE, payload }, witnessOf(step));
      if (errors.length > 0) console.warn(`[tsunagu] scenario step ${step.idempotencyKey} of ${shop}: ${errors.join("; ")}`);
      await markStepFired(step.id, now);
      summary.fired += 1;
    }
  }
  return summary;
}

/** A step's witness: the app-owned customer metafield `scenario_<id>` set to the step's idempotency key. */
function witnessOf(step: DueStepRow): FlowWitness {
  return { customerId: step.customerId, namespace: WITNESS_NAMESPACE, key: `scenario_${step.scenarioId}`, value: step.idempotencyKey };
}

/**
 * The step's code: a unique code limited to the customer, single use, expiring; or the scenario step's
 * shared code limited to the segment's native segment, created again once the last one has expired.
 * The code is derived from the step's key (unique) or the step and day (shared): after a crash the
 * code is found, not created twice.
 */
async function ensureOfferCode(
  shop: string,
  admin: AdminClient,
  { step, scenarioId, offer, now }: { step: DueStepRow; scenarioId: number; offer: OfferSettings; now: Date },
): Promise<{ code: string; created: boolean }> {
  if (offer.kind === "segment-code") {
    const live = await findLiveSharedCode(shop, {
      scenarioId,
      stepIndex: step.stepIndex,
      firedAfter: new Date(now.getTime() - (offer.expiryDays - 1) * 86_400_000),
    });
    if (live) {
      await recordStepDiscount(step.id, live.discountCodeId, live.discountCode);
      return { code: live.discountCode, created: false };
    }
  }
  const code = offerCodeFor(
    shop,
    offer.kind === "unique-code" ? step.idempotencyKey : `shared:${scenarioId}:${step.stepIndex}:${localDay(now, "UTC")}`,
  );
  const context: DiscountContextInput =
    offer.kind === "unique-code"
      ? { customers: { add: [step.customerId] } }
      : { customerSegments: { add: [(await ensureNativeSegment(shop, admin, offer.segment)).segmentId] } };
  const value: DiscountCustomerGetsValueInput =
    offer.value.type === "percentage"
      ? { percentage: offer.value.percent / 100 }
      : { discountAmount: { amount: String(offer.value.amount), appliesOnEachItem: false } };
  const result = await admin.request(DiscountCodeBasicCreate, {
    basicCodeDiscount: {
      title: `Tsunagu scenario ${scenarioId}, step ${step.stepIndex + 1}`,
      code,
      startsAt: now.toISOString(),
      endsAt: offerEndsAt(offer, now).toISOString(),
      context,
      customerGets: { value, items: { all: true } },
      appliesOncePerCustomer: true,
      ...(offer.kind === "unique-code" ? { usageLimit: 1 } : {}),
    },
  });
  const codeDiscountNode = result.discountCodeBasicCreate?.codeDiscountNode;
  const userErrors = result.discountCodeBasicCreate?.userErrors ?? [];
  let id = codeDiscountNode?.id ?? null;
  let created = id !== null;
  if (!id && userErrors.some((e) => e.code === "TAKEN")) {
    // Created before a crash: adopt it.
    const existing = await admin.request(CodeDiscountNodeByCode, { code });
    id = existing.codeDiscountNodeByCode?.id ?? null;
    created = false;
  }
  if (!id) throw new AdminApiError(`discountCodeBasicCreate for ${step.idempotencyKey}: ${userErrors.map((e) => e.message).join("; ")}`);
  await recordStepDiscount(step.id, id, code);
  return { code, created };
}

const REDEMPTION_LOOKBACK_DAYS = 400;
const RECENT_ORDERS_MS = 2 * 86_400_000;

/**
 * Which fired codes were redeemed, and for how much: for each unredeemed code, the customer's orders
 * of the last two days (after the step fired) are read back from Shopify (discountCodes, total
 * discounts). What the results page calls the discount cost.
 */
export async function recordRedemptions({ shop, admin, now }: { shop: string; admin: AdminClient; now: Date }): Promise<number> {
  let redeemed = 0;
  const offers = await loadUnredeemedOffers(shop, new Date(now.getTime() - REDEMPTION_LOOKBACK_DAYS * 86_400_000), 5_000);
  if (offers.length === 0) return 0;
  const ordersOf = await loadEntrantOrders(
    shop,
    offers.map((o) => o.entryId),
    { after: new Date(now.getTime() - RECENT_ORDERS_MS), through: now },
  );
  for (const offer of offers) {
    const candidates = (ordersOf.get(offer.entryId) ?? []).filter((o) => o.processedAt.getTime() > offer.firedAt.getTime());
    for (const order of candidates) {
      const { order: found } = await admin.request(OrderDiscount, {
        id: order.id,
      });
      if (!found?.discountCodes.some((c) => c.toUpperCase() === offer.discountCode.toUpperCase())) continue;
      await recordRedemption(offer.id, order.id, Number(found.totalDiscountsSet?.shopMoney.amount ?? 0));
      redeemed += 1;
      break;
    }
  }
  return redeemed;
}
