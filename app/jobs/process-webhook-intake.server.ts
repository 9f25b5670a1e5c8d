// The fast half of a webhook: after authenticate.webhook has checked the HMAC, keep only the domain
// facts, record the event under Shopify's event id (a duplicate is acknowledged and dropped), enqueue
// the shop's processing job and answer 200 — well inside Shopify's 5 s.
import { recordWebhookEvent } from "../models/webhook-event.server";
import { mapWebhookPayload, resourceIdOf, WebhookPayloadError, type WebhookTopic } from "../shopify/map-webhook-payload";
import { enqueueWebhookProcessing } from "./queue.server";

/** The part of authenticate.webhook's context the intake reads. */
export interface VerifiedWebhook {
  shop: string;
  payload: unknown;
  webhookId: string;
  /** X-Shopify-Event-Id: the same on every delivery of one event. */
  eventId?: string;
  /** X-Shopify-Triggered-At */
  triggeredAt?: string;
}

export async function acceptWebhook(topic: WebhookTopic, webhook: VerifiedWebhook): Promise<Response> {
  let facts;
  try {
    facts = mapWebhookPayload(topic, webhook.payload);
  } catch (error) {
    if (error instanceof WebhookPayloadError) return Response.json({ error: error.message }, { status: 400 });
    throw error;
  }
  const triggeredAt = webhook.triggeredAt ? new Date(webhook.triggeredAt) : null;
  const isNew = await recordWebhookEvent({
    shop: webhook.shop,
    // Deliveries without an event id (older API versions) fall back to the delivery's id.
    eventId: webhook.eventId || webhook.webhookId,
    topic,
    resourceId: resourceIdOf(facts),
    facts,
    triggeredAt: triggeredAt && !Number.isNaN(triggeredAt.getTime()) ? triggeredAt : null,
    receivedAt: new Date(), // wall time: the arrival order, not the shop's "now"
  });
  if (isNew) await enqueueWebhookProcessing(webhook.shop);
  return new Response(null, { status: 200 });
}
