// Webhook events as the app has recorded them. On SQLite an accepted delivery waits in the webhook
// inbox until the worker moves it into WebhookEvent (app/models/webhook-event.server.ts): the inbox is
// moved first, as the worker would.
import type { Prisma } from "@prisma/client";
import prisma from "../../app/db.server";
import { moveWebhookInbox } from "../../app/models/webhook-event.server";

export async function countWebhookEvents(where: Prisma.WebhookEventWhereInput): Promise<number> {
  await moveWebhookInbox();
  return prisma.webhookEvent.count({ where });
}
