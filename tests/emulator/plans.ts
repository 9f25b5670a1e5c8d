// Admin API rate limits by Shopify plan (docs/shopify.md §2): bucket size and restore rate per second.
import type { ShopPlan } from "./store";

export const SHOPIFY_PLANS: Record<string, ShopPlan> = {
  standard: { bucketSize: 2_000, restoreRate: 100 },
  advanced: { bucketSize: 4_000, restoreRate: 200 },
  plus: { bucketSize: 20_000, restoreRate: 1_000 },
  enterprise: { bucketSize: 40_000, restoreRate: 2_000 },
};

export function planNamed(name: string): ShopPlan {
  const plan = SHOPIFY_PLANS[name];
  if (!plan) throw new Error(`Unknown plan "${name}"; one of ${Object.keys(SHOPIFY_PLANS).join(", ")}`);
  return plan;
}
