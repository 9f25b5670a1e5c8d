// The data webhooks' intake in front of Remix, for the production server (server.mjs, `npm start`): a
// POST to /webhooks/<topic> of a data topic is checked and recorded here, straight from Node's request,
// and never reaches Express or Remix. The same checks and answers as the routes (checkWebhook, then
// takeWebhook: 413 over the limit before any HMAC work, 405, 401, 400, 200 recorded once), which still
// serve these paths wherever Remix serves alone (`shopify app dev`, remix-serve).
//
// Why: a delivery cost the web process ~2.5 ms of CPU through remix-serve, of which the intake's own
// work (body, HMAC, JSON, mapping, one INSERT, the worker's IPC) is ~0.3 ms; the rest was Express's
// middleware (compression, static files, the request log written synchronously to stdout), the fetch
// Request/Headers polyfills and their streams, and Remix matching the route table twice. At 200
// deliveries/s that is half a core, which a busy machine does not leave the web process
// (docs/decisions/049-webhook-intake-before-remix.md).
import type { IncomingMessage, ServerResponse } from "node:http";
import { appEnv } from "../env.server";
import { takeWebhook } from "../jobs/process-webhook-intake.server";
import { WEBHOOK_TOPICS, type WebhookTopic } from "../shopify/map-webhook-payload";
import { checkWebhook, isRefusal } from "../shopify/verify-webhook.server";
import type { BodySource } from "./read-limited-body.server";

const TOPIC_OF_PATH = new Map<string, WebhookTopic>(WEBHOOK_TOPICS.map((topic) => [`/webhooks/${topic}`, topic]));

/** True when this request is a data webhook, answered here; false: pass it on to Remix. */
export function takeWebhookRequest(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method !== "POST" || request.url === undefined) return false;
  const query = request.url.indexOf("?");
  const topic = TOPIC_OF_PATH.get(query < 0 ? request.url : request.url.slice(0, query));
  if (topic === undefined) return false;
  void answer(topic, request, response);
  return true;
}

async function answer(topic: WebhookTopic, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const checked = await checkWebhook(
      { method: "POST", header: (name) => headerOf(request, name), body: bodyOf(request) },
      appEnv().SHOPIFY_API_SECRET ?? "",
    );
    if (isRefusal(checked)) {
      const type = checked.status === 413 ? "application/json; charset=utf-8" : "text/plain; charset=utf-8";
      return send(response, checked.status, checked.body, type, checked.statusText);
    }
    const answered = await takeWebhook(topic, checked);
    send(response, answered.status, answered.status === 200 ? undefined : answered.json, "application/json");
  } catch (error) {
    // As Remix would: a 500, which Shopify retries; the event is recorded at most once by its id.
    console.error(`[tsunagu] ${topic} webhook intake failed:`, error);
    send(response, 500, undefined, undefined);
  }
}

function headerOf(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name.toLowerCase()];
  return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
}

function bodyOf(request: IncomingMessage): BodySource {
  return {
    declaredLength: headerOf(request, "content-length"),
    chunks: request[Symbol.asyncIterator](),
    cancel: () => request.destroy(),
  };
}

function send(response: ServerResponse, status: number, body: string | undefined, type: string | undefined, statusText?: string) {
  if (response.headersSent) return;
  const headers: Record<string, string | number> = { "Content-Length": body === undefined ? 0 : Buffer.byteLength(body) };
  if (body !== undefined && type) Object.assign(headers, { "Content-Type": type, "Cache-Control": "no-store" });
  if (statusText) response.writeHead(status, statusText, headers);
  else response.writeHead(status, headers);
  response.end(body);
}
