// An admin client of an emulated store with a hook before each request: a test holds a request there
// until something has happened, switches a fault on for it, or fails it.
import { createAdminClient, type AdminClient } from "../../app/shopify/admin-client.server";
import type { EmulatedShop } from "../emulator/store";

export type BeforeRequest = (document: string, variables: Record<string, unknown>) => Promise<void>;

export function hookedAdmin(store: EmulatedShop, before: BeforeRequest): AdminClient {
  const admin = createAdminClient({ shop: store.domain, accessToken: store.accessToken });
  return {
    shop: admin.shop,
    stats: admin.stats,
    request: async (document: string, variables: Record<string, unknown> = {}) => {
      await before(document, variables);
      return admin.request(document, variables);
    },
  } as AdminClient;
}

/**
 * A hook that fails the first request `matches` picks, as a dropped connection would, and lets the rest
 * through; `refused()` says whether it did (a test of the refusal asserts that it happened).
 */
export function refuseFirst(
  matches: (document: string, variables: Record<string, unknown>) => boolean,
): BeforeRequest & { refused(): boolean } {
  let refused = false;
  const hook = async (document: string, variables: Record<string, unknown>) => {
    if (refused || !matches(document, variables)) return;
    refused = true;
    throw new Error("connection reset");
  };
  return Object.assign(hook, { refused: () => refused });
}
