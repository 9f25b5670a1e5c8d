// Shopify Flow triggers for subscriptions (定期購入): "Subscription ended", "Subscription paused" and
// "Subscription billing failed" (extensions/tsunagu-flow-trigger-subscription-*), one per kind of change,
// so a merchant's win-back, pause follow-up or card-update workflow starts from its own trigger with no
// condition to get wrong. Sent from the stored transitions (SubscriptionTransition, flowNotifiedAt null)
// through the shop's paced admin client.
//
// Once per transition, even across a crash (docs/decisions/036, as scenario steps): the trigger goes out
// in one request with a witness — the app-owned customer metafield `$app:subscriptions.flow_transition`
// set to the transition's id (mutation fields run in order) — and a transition is marked after. Before
// sending, the witness is read: when it already names this transition, Flow was told and only the mark
// was lost, so it is marked without sending. Transitions of a shop go one at a time in id order (jobs of
// a shop run one at a time), so the latest witness per customer is enough.
import { markSubscriptionTransitionNotified, loadPendingSubscriptionTransitions } from "../models/subscription-flow.server";
import type { AdminClient } from "../shopify/admin-client.server";
import { flowTriggerWitnessed, legacyResourceId, sendFlowTriggerWithWitness } from "../shopify/flow-trigger-once.server";

/** The triggers' handles (extensions/tsunagu-flow-trigger-subscription-*). */
export const SUBSCRIPTION_TRIGGER_HANDLES = {
  ended: "subscription-ended",
  paused: "subscription-paused",
  billingFailed: "subscription-billing-failed",
} as const;

const WITNESS = { namespace: "$app:subscriptions", key: "flow_transition" } as const;
const BATCH = 100;

export interface SubscriptionTransitionPayload {
  customer_id: number;
  "selling plan id": string;
  deliveries: number;
  reason: string;
}

/** The trigger of a transition: paused, ended by failed billing, or ended otherwise; null for a subscription that became active. */
function subscriptionTriggerHandle(toState: string, reason: string | null): string | null {
  if (toState === "paused") return SUBSCRIPTION_TRIGGER_HANDLES.paused;
  if (toState !== "ended") return null;
  return reason === "failed" ? SUBSCRIPTION_TRIGGER_HANDLES.billingFailed : SUBSCRIPTION_TRIGGER_HANDLES.ended;
}

/** A selling plan's numeric id (as the merchant sees it in the admin), or what was stored when it is not a GID. */
const sellingPlanNumber = (gid: string) => /\/(\d+)$/.exec(gid)?.[1] ?? gid;

function subscriptionTransitionPayload(t: {
  customerId: string;
  sellingPlanId: string;
  deliveries: number;
  reason: string | null;
  toState: string;
}): SubscriptionTransitionPayload {
  return {
    customer_id: legacyResourceId(t.customerId, "Customer"),
    "selling plan id": sellingPlanNumber(t.sellingPlanId),
    deliveries: t.deliveries,
    reason: t.reason ?? t.toState,
  };
}

export interface SubscriptionTriggerSummary {
  sent: number;
  /** found already told (their witness), marked without sending */
  recovered: number;
  /** Flow rejected them (logged and marked: sending again cannot succeed) */
  rejected: number;
}

/** Tell Flow every pending subscription transition of the shop, oldest first; a network or 5xx failure throws and leaves the rest pending. */
export async function sendPendingSubscriptionTriggers(
  shop: string,
  admin: AdminClient,
  now: () => Date,
): Promise<SubscriptionTriggerSummary> {
  const summary: SubscriptionTriggerSummary = { sent: 0, recovered: 0, rejected: 0 };
  for (;;) {
    const pending = await loadPendingSubscriptionTransitions(shop, BATCH);
    if (pending.length === 0) return summary;
    for (const transition of pending) {
      const handle = subscriptionTriggerHandle(transition.toState, transition.reason);
      if (handle !== null) {
        const witness = { customerId: transition.customerId, ...WITNESS, value: String(transition.id) };
        if (await flowTriggerWitnessed(admin, witness)) {
          summary.recovered += 1;
        } else {
          const errors = await sendFlowTriggerWithWitness(admin, { handle, payload: subscriptionTransitionPayload(transition) }, witness);
          if (errors.length > 0) {
            console.warn(`[tsunagu] subscription transition ${transition.id} of ${shop}: ${errors.join("; ")}`);
            summary.rejected += 1;
          } else {
            summary.sent += 1;
          }
        }
      }
      await markSubscriptionTransitionNotified(shop, transition.id, now());
    }
  }
}
