// The emulator's stores by name, as the CLI, the demo and the benchmarks ask for them.
import { seedCdnow } from "./seed-cdnow";
import { seedOnlineRetail } from "./seed-online-retail";
import { createEmptyShop, type EmulatedShop, type EmulatorOptions } from "./store";

/** A new Japanese shop without customers or orders (the first-install state). */
async function seedEmpty(options: EmulatorOptions): Promise<EmulatedShop> {
  return createEmptyShop({
    name: "Empty",
    currencyCode: "JPY",
    ianaTimezone: "Asia/Tokyo",
    ...options,
    domain: options.domain ?? "empty.myshopify.com",
  });
}

export const STORES = {
  // The Online Retail data ends on 2011-12-09: the store's "now" is the next morning.
  "online-retail": { seed: seedOnlineRetail, now: "2011-12-10T09:00:00Z" },
  // CDNOW's purchases run to 1998-06-30.
  cdnow: { seed: seedCdnow, now: "1998-07-01T09:00:00Z" },
  empty: { seed: seedEmpty, now: "2026-12-01T00:00:00Z" },
} as const;

export type StoreName = keyof typeof STORES;

export function isStoreName(name: string): name is StoreName {
  return name in STORES;
}

export async function seedStore(name: StoreName, options: EmulatorOptions = {}): Promise<EmulatedShop> {
  const store = STORES[name];
  return store.seed({ now: new Date(store.now), ...options });
}
