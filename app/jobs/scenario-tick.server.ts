// One scenario tick of a shop (every few minutes while it has an active scenario): entries and exits,
// then the steps due, then the redemptions of fired codes. Jobs of a shop run one at a time, so two
// ticks never fire the same step concurrently.
import type { AdminClient } from "../shopify/admin-client.server";
import { evaluateScenarios } from "./scenario-evaluate.server";
import { fireDueSteps, recordRedemptions } from "./scenario-fire-steps.server";

export async function runScenarioTick({ shop, admin, now }: { shop: string; admin: AdminClient; now: Date }): Promise<void> {
  await evaluateScenarios({ shop, now });
  await fireDueSteps({ shop, admin, now });
  await recordRedemptions({ shop, admin, now });
}
