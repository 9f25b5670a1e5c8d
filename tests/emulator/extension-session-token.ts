// Session tokens as Shopify mints them for checkout and customer-account UI extensions
// (shopify.sessionToken.get()): HS256 with the app's secret, aud = the app's API key, dest = the shop's
// domain, sub = the customer's GID only when the buyer is logged in (and the app may read customers),
// valid for 5 minutes. The app verifies them with authenticate.public.checkout / customerAccount.
import crypto from "node:crypto";
import { SignJWT } from "jose";

export interface ExtensionTokenOptions {
  shop: string;
  apiKey: string;
  apiSecret: string;
  /** gid://shopify/Customer/<id> of a logged-in buyer; omitted for a guest. */
  customerId?: string;
  ttlSeconds?: number;
  now?: Date;
}

export async function mintExtensionSessionToken({
  shop,
  apiKey,
  apiSecret,
  customerId,
  ttlSeconds = 300,
  now = new Date(),
}: ExtensionTokenOptions): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ dest: shop, aud: apiKey, jti: crypto.randomUUID(), ...(customerId ? { sub: customerId } : {}) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(new TextEncoder().encode(apiSecret));
}
