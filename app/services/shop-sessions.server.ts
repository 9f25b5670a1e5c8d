// A shop's offline session, read and updated through the Shopify library's session storage
// (app/shopify.server.ts), never the Session table directly. Jobs and routes acting for a shop outside
// an admin request get the shop's paced Admin API client here (docs/architecture.md §4).
import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import { sessionStorage, unauthenticated } from "../shopify.server";
import { createAdminClient, type AdminClient } from "../shopify/admin-client.server";

/**
 * The paced, retrying client (shopify/admin-client.server.ts) for the shop's offline session, as
 * `unauthenticated.admin` loads it. Throws when the shop has no offline session (it must install again).
 */
export async function adminClientFor(shop: string, options: { maxRetries?: number } = {}): Promise<AdminClient> {
  const { session } = await unauthenticated.admin(shop);
  if (!session.accessToken) throw new Error(`The offline session of ${shop} holds no access token; the shop must (re)install the app.`);
  return createAdminClient({ shop, accessToken: session.accessToken, ...options });
}

/** The shop's client, or null when it has no offline session (it uninstalled the app). */
export async function adminClientIfInstalled(shop: string, options: { maxRetries?: number } = {}): Promise<AdminClient | null> {
  try {
    return await adminClientFor(shop, options);
  } catch (error) {
    if (error instanceof SessionNotFoundError) return null;
    throw error;
  }
}

/** The app/scopes_update webhook: every stored session of the shop now holds `scopes`. */
export async function updateSessionScopes(shop: string, scopes: readonly string[]): Promise<void> {
  for (const session of await sessionStorage.findSessionsByShop(shop)) {
    session.scope = scopes.join(",");
    await sessionStorage.storeSession(session);
  }
}
