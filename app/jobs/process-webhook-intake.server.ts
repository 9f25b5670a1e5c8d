// The fast half of a webhook, in the web process: after verifyWebhook has checked the signature, keep
// only the domain facts, record the event under Shopify's event id in one INSERT (a duplicate is
// acknowledged and dropped; on SQLite into the webhook inbox, a file no job writes, docs/decisions/046),
// make sure the shop's processing job is waiting — on SQLite an IPC message to the worker process, on
// PostgreSQL a NOTIFY in the INSERT itself — and answer 200: a fraction of a millisecond of CPU, far
// inside Shopify's 5 s. Everything slow happens in that job, in a worker (process-webhooks.server.ts;
// docs/decisions/043-web-process-runs-no-jobs.md).
import { recordingNotifiesWorkers, recordWebhookEvent } from "../models/webhook-event.server";
import { mapWebhookPayload, resourceIdOf, WebhookPayloadError, type WebhookTopic } from "../shopify/map-webhook-payload";
import type { VerifiedWebhook } from "../shopify/verify-webhook.server";
import { enqueueWebhookProcessing } from "./enqueue.server";

/** What the intake answers a verified delivery: 200 recorded, or 400 with why its payload cannot be applied. */
export type IntakeAnswer = { status: 200 } | { status: 400; json: string };

export async function takeWebhook(topic: WebhookTopic, webhook: VerifiedWebhook): Promise<IntakeAnswer> {
  let facts;
  try {
    facts = mapWebhookPayload(topic, webhook.payload);
  } catch (error) {
    if (error instanceof WebhookPayloadError) return { status: 400, json: JSON.stringify({ error: error.message }) };
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
  // On PostgreSQL the INSERT has already told the workers, which enqueue it (listenForWebhookEvents).
  if (isNew && !recordingNotifiesWorkers()) announce(webhook.shop);
  return { status: 200 };
}

// Shops whose enqueue is on its way to the worker → whether another delivery came meanwhile.
const announcing = new Map<string, boolean>();

/**
 * Tell the worker (SQLite: an IPC message) that the shop has a delivery, without waiting for it: the
 * delivery is already in the inbox, and the 200 must not wait for a busy worker to read its IPC
 * channel (beside a backfill the channel filled and every answer waited past Shopify's 5 s). One
 * message per shop at a time; deliveries meanwhile send one more after it, so the worker hears of
 * every delivery after it was recorded. A message lost with a dying worker is found again by its
 * start (the reconciliation moves the inbox and enqueues every shop with events waiting).
 */
function announce(shop: string): void {
  if (announcing.has(shop)) return void announcing.set(shop, true);
  announcing.set(shop, false);
  // A burst shares one job: while the shop's job is waiting, this enqueue is a no-op (singleton key).
  enqueueWebhookProcessing(shop)
    .catch((error) => console.error(`[tsunagu] telling the worker of ${shop}'s webhooks failed:`, error))
    .finally(() => {
      const again = announcing.get(shop);
      announcing.delete(shop);
      if (again) announce(shop);
    });
}

/** takeWebhook as a Remix route answers it. */
export async function acceptWebhook(topic: WebhookTopic, webhook: VerifiedWebhook): Promise<Response> {
  const answer = await takeWebhook(topic, webhook);
  if (answer.status === 200) return new Response(null, { status: 200 });
  // Not Response.json: remix-serve's global Response (@remix-run/web-fetch) has no such method.
  return new Response(answer.json, { status: answer.status, headers: { "Content-Type": "application/json" } });
}
