// Webhooks as Shopify sends them when a store changes: every change event of a watched shop whose
// topic the app subscribes to (shopify.app.toml) becomes a signed delivery with Shopify's headers —
// a fresh X-Shopify-Event-Id per event, X-Shopify-Triggered-At = when the change happened, and one
// X-Shopify-Webhook-Id kept across the retries of a failed delivery. The payload is taken at the
// moment of the change (Shopify's payload is the resource as it was then); deliveries go out
// concurrently, so — as on Shopify — their order is not guaranteed. Our own tag writes change the
// customer, so they come back as customers/update, exactly like the echo an app sees on Shopify.
import crypto from "node:crypto";
import type { AppRegistration } from "./app-config";
import type { EmulatedShop, ShopChangeEvent } from "./store";
import { deliverWebhook } from "./webhook-delivery";
import { customerWebhookPayload, orderWebhookPayload } from "./webhook-payloads";

export interface AutoDeliveryRecord {
  shop: string;
  topic: string;
  resourceId: string;
  eventId: string;
  /** Wall-clock ms when the first attempt was sent. */
  sentAt: number;
  /** HTTP status of the last attempt (0: no answer); undefined while in flight. */
  status?: number;
  /** Why the last attempt got no answer (network error, 5 s timeout). */
  error?: string;
  attempts: number;
}

export interface WebhookAutoDelivery {
  /** Off: changes happen without webhooks (a missed delivery, for reconciliation tests). */
  enabled: boolean;
  readonly log: AutoDeliveryRecord[];
  watch(shop: EmulatedShop): void;
  /** Resolves once every delivery started so far has been answered (or given up). */
  idle(): Promise<void>;
  stop(): void;
}

/** Failed deliveries are retried like Shopify's (8 times over 4 hours), compressed to seconds. */
const RETRY_DELAYS_MS = [500, 1_000, 2_000, 4_000];

function payloadFor(shop: EmulatedShop, event: ShopChangeEvent): unknown | undefined {
  switch (event.topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled":
    case "orders/paid":
    case "orders/fulfilled":
      return orderWebhookPayload(shop, event.resourceId);
    case "customers/create":
    case "customers/update":
      return customerWebhookPayload(shop, event.resourceId);
    case "refunds/create": {
      // The REST Refund resource: the emulator keeps one refund per order, the latest.
      const refunds = orderWebhookPayload(shop, event.resourceId).refunds as unknown[];
      return refunds.at(-1);
    }
    default:
      return undefined; // no payload modelled (customers/purchasing_summary, customer.tags_*)
  }
}

export function createWebhookAutoDelivery(app: AppRegistration, { enabled = false } = {}): WebhookAutoDelivery {
  const inFlight = new Set<Promise<void>>();
  const unsubscribes: (() => void)[] = [];
  const log: AutoDeliveryRecord[] = [];
  let stopped = false;

  async function deliver(shop: EmulatedShop, event: ShopChangeEvent, payload: unknown): Promise<void> {
    const record: AutoDeliveryRecord = {
      shop: shop.domain,
      topic: event.topic,
      resourceId: event.resourceId,
      eventId: crypto.randomUUID(),
      sentAt: Date.now(),
      attempts: 0,
    };
    log.push(record);
    const webhookId = crypto.randomUUID();
    for (let attempt = 0; ; attempt++) {
      record.attempts = attempt + 1;
      try {
        const result = await deliverWebhook(app, {
          shop: shop.domain,
          topic: event.topic,
          payload,
          eventId: record.eventId,
          webhookId,
          triggeredAt: event.occurredAt,
        });
        record.status = result.status;
        record.error = undefined;
      } catch (error) {
        record.status = 0;
        record.error = String((error as Error).cause ?? error);
      }
      if ((record.status >= 200 && record.status < 300) || attempt >= RETRY_DELAYS_MS.length || stopped) return;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
    }
  }

  const self: WebhookAutoDelivery = {
    enabled,
    log,
    watch(shop) {
      unsubscribes.push(
        shop.onChange((event) => {
          if (!self.enabled || stopped || !app.webhookSubscriptions.has(event.topic)) return;
          const payload = payloadFor(shop, event);
          if (payload === undefined) return;
          const delivery = deliver(shop, event, payload).finally(() => inFlight.delete(delivery));
          inFlight.add(delivery);
        }),
      );
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    stop() {
      stopped = true;
      unsubscribes.splice(0).forEach((unsubscribe) => unsubscribe());
    },
  };
  return self;
}
