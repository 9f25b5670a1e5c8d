// JSON answers for storefront callers (app proxy, UI extensions): never cached, never sniffed as HTML,
// errors as { ok: false, error: "<code>", … } with the HTTP status that says what went wrong.
import { parseJson, wellFormedText } from "../http/parse-json";
import type { RateLimitDecision } from "./rate-limiter";

const HEADERS = {
  "Content-Type": "application/json; charset=utf-8",
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
};

export function jsonAnswer(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...HEADERS, ...headers } });
}

export function jsonError(
  status: number,
  error: string,
  details: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return jsonAnswer(status, { ok: false, error, ...details }, headers);
}

/** 429 rate_limited, saying when to try again (in the body and Retry-After); null when the attempt is allowed. */
export function rateLimitedAnswer(decision: RateLimitDecision): Response | null {
  if (decision.allowed) return null;
  return jsonError(
    429,
    "rate_limited",
    { retryAfterSeconds: decision.retryAfterSeconds },
    { "Retry-After": String(decision.retryAfterSeconds) },
  );
}

export type FieldsRead = { ok: true; fields: Record<string, unknown> } | { ok: false; response: Response };

/** The fields of a JSON or form body (urlencoded or multipart) already read within its limit. */
export async function parseFields(bytes: Buffer<ArrayBuffer>, contentType: string): Promise<FieldsRead> {
  const invalid = { ok: false as const, response: jsonError(400, "invalid_body") };
  try {
    if (contentType.includes("application/json")) {
      const parsed = parseJson(bytes.toString("utf8"));
      return parsed && typeof parsed === "object" && !Array.isArray(parsed)
        ? { ok: true, fields: parsed as Record<string, unknown> }
        : invalid;
    }
    if (contentType.includes("application/x-www-form-urlencoded") || contentType.includes("multipart/form-data")) {
      const form = await new Response(bytes, { headers: { "Content-Type": contentType } }).formData();
      const fields: Record<string, unknown> = {};
      for (const [key, value] of form) if (typeof value === "string") fields[key] = wellFormedText(value);
      return { ok: true, fields };
    }
  } catch {
    return invalid;
  }
  return { ok: false, response: jsonError(400, "unsupported_content_type") };
}

/** The shopper's address as the proxy forwards it (first X-Forwarded-For hop), for per-IP limits. */
export function clientAddress(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || "unknown";
}

/**
 * The caller's address as our own hosting's proxy saw it (the last X-Forwarded-For hop), for callers
 * that reach the app directly (the UI extensions): a caller can put any hops first, not after the
 * proxy's. Through Shopify's app proxy the shopper is the first hop instead (clientAddress).
 */
export function hostedClientAddress(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || "unknown";
}
