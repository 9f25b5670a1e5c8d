// Shopify Flow trigger "Customer lifecycle segment changed" (extensions/tsunagu-flow-trigger): every
// stage change is told to Flow with flowTriggerReceive. SegmentTransition is the outbox: a transition
// is marked (flowNotifiedAt) only after Flow accepted it, so a crash or an outage sends it later, never
// loses it (at-least-once; Flow may see a transition twice if we crash between the call and the mark).
//
// Decision: a transition from null is a customer's first classification (install, or a customer we
// just learned about), not a change of segment. It is marked without a call — otherwise installing
// the app would start every merchant workflow once per existing customer.
import { appNow } from "../clock.server";
import { activeSubscriberIds } from "../models/subscription.server";
import { loadPendingFlowTransitions, markFirstClassificationsFlowNotified, markFlowNotified } from "../models/transition.server";
import type { AdminClient } from "../shopify/admin-client.server";
import { legacyResourceId } from "../shopify/flow-trigger-once.server";
import { FlowTriggerReceive } from "../shopify/graphql/flow-trigger-receive.mutation";

/** The trigger's handle in extensions/tsunagu-flow-trigger/shopify.extension.toml. */
export const FLOW_TRIGGER_HANDLE = "lifecycle-segment-changed";

const BATCH = 100;

// Keys as the extension declares them: Flow field keys are letters and spaces only (the CLI
// rejects underscores); the customer_reference field is always sent as `customer_id`.
export interface SegmentChangedPayload {
  /** customer_reference fields are sent as the customer's numeric (legacy) id. */
  customer_id: number;
  "from stage": string;
  "to stage": string;
  /** the customer has an active subscription when the trigger is sent (docs/domain.md §8) */
  subscriber: boolean;
}

function segmentChangedPayload(customerGid: string, fromStage: string, toStage: string, subscriber: boolean): SegmentChangedPayload {
  return { customer_id: legacyResourceId(customerGid, "Customer"), "from stage": fromStage, "to stage": toStage, subscriber };
}

/**
 * Send every transition of the shop that Flow has not been told about, oldest first. Stops at the
 * first failure to reach Shopify (the rest stay pending for the next call). Returns how many triggers
 * Flow accepted.
 */
export async function sendPendingFlowTriggers(shop: string, admin: AdminClient): Promise<number> {
  await markFirstClassificationsFlowNotified(shop, appNow());
  let sent = 0;
  for (;;) {
    const pending = await loadPendingFlowTransitions(shop, BATCH);
    if (pending.length === 0) return sent;
    const subscribers = await activeSubscriberIds(shop, [...new Set(pending.map((t) => t.customerId))]);
    for (const transition of pending) {
      const result = await admin.request(FlowTriggerReceive, {
        handle: FLOW_TRIGGER_HANDLE,
        payload: segmentChangedPayload(
          transition.customerId,
          transition.fromStage,
          transition.toStage,
          subscribers.has(transition.customerId),
        ),
      });
      // A mutation's payload is null only beside top-level errors, which request() throws.
      const userErrors = result.flowTriggerReceive?.userErrors ?? [];
      // Flow rejected this payload: sending it again cannot succeed, and keeping it would block every
      // later transition behind it. It is logged and marked; network and 5xx failures throw above.
      if (userErrors.length > 0) {
        console.warn(`[tsunagu] Flow rejected transition ${transition.id} of ${shop}: ${userErrors.map((e) => e.message).join("; ")}`);
      } else {
        sent += 1;
      }
      await markFlowNotified([transition.id], appNow());
    }
  }
}
