// Session tokens (id_token JWTs) as the Shopify admin mints them for an embedded app:
// HS256, signed with the app's secret, aud = the app's API key, dest = the shop.
import crypto from "node:crypto";
import { SignJWT } from "jose";

export interface SessionTokenClaims {
  shop: string;
  apiKey: string;
  apiSecret: string;
  userId?: number;
  /** seconds the token is valid; Shopify's live for one minute */
  ttlSeconds?: number;
  now?: Date;
}

export async function mintSessionToken({
  shop,
  apiKey,
  apiSecret,
  userId = 1,
  ttlSeconds = 60,
  now = new Date(),
}: SessionTokenClaims): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: apiKey,
    sub: String(userId),
    sid: crypto.createHash("sha256").update(`${shop}:${userId}`).digest("hex").slice(0, 32),
    jti: crypto.randomUUID(),
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(new TextEncoder().encode(apiSecret));
}
