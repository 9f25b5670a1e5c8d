// Each scenario as an external marketing activity with its UTM (docs/decisions/036), so Shopify
// attributes the sessions and orders of its links to it: registered when it first runs, PAUSED while
// the merchant pauses it and ACTIVE again when resumed. marketingActivityUpsertExternal removes the
// optional fields an upsert leaves out, so every call sends the whole activity.
import { appEnv } from "../env.server";
import type { ScenarioDefinition } from "../domain/scenarios/definition";
import { scenarioUtm } from "../domain/scenarios/runtime";
import { messagesFor } from "../i18n/messages.server";
import type { MessageKey } from "../i18n/i18n";
import { recordMarketingActivity } from "../models/scenario.server";
import { AdminApiError, type AdminClient } from "../shopify/admin-client.server";
import { MarketingActivityUpsertExternal } from "../shopify/graphql/marketing-activity-upsert-external.mutation";

export type MarketingActivityStatus = "ACTIVE" | "PAUSED";

interface ScenarioForActivity {
  id: number;
  definition: ScenarioDefinition;
  stored: { marketingActivityId: string | null; activatedAt: Date | null };
}

/** The scenario's name outside the admin (Flow, marketing): the merchant's text, or the default's English name. */
export function scenarioName(definition: ScenarioDefinition): string {
  return "text" in definition.name ? definition.name.text : (messagesFor("en")[definition.name.key as MessageKey] ?? definition.name.key);
}

async function upsertActivity(shop: string, admin: AdminClient, scenario: ScenarioForActivity, status: MarketingActivityStatus) {
  const appUrl = appEnv().SHOPIFY_APP_URL ?? `https://${shop}`;
  const result = await admin.request(MarketingActivityUpsertExternal, {
    input: {
      title: `Tsunagu: ${scenarioName(scenario.definition)}`,
      remoteId: `tsunagu-scenario-${scenario.id}`,
      remoteUrl: `${appUrl}/app/scenarios/${scenario.id}`,
      status,
      tactic: "MESSAGE",
      marketingChannelType: "EMAIL",
      utm: scenarioUtm(scenario.id),
      ...(scenario.stored.activatedAt ? { start: scenario.stored.activatedAt.toISOString() } : {}),
    },
  });
  return {
    id: result.marketingActivityUpsertExternal?.marketingActivity?.id ?? null,
    errors: (result.marketingActivityUpsertExternal?.userErrors ?? []).map((e) => e.message).join("; "),
  };
}

/** Register each active scenario (once) as an external marketing activity with its UTM. */
export async function registerMarketingActivities(
  shop: string,
  admin: AdminClient,
  scenarios: readonly ScenarioForActivity[],
): Promise<void> {
  for (const scenario of scenarios) {
    if (scenario.stored.marketingActivityId) continue;
    const { id, errors } = await upsertActivity(shop, admin, scenario, "ACTIVE");
    if (!id) {
      console.warn(`[tsunagu] marketing activity for scenario ${scenario.id} of ${shop}: ${errors}`);
      continue;
    }
    await recordMarketingActivity(scenario.id, id);
  }
}

/**
 * Pausing or resuming a scenario pauses or resumes its marketing activity. A scenario not registered
 * yet has nothing to update (the first run registers it as ACTIVE).
 */
export async function setMarketingActivityStatus(
  shop: string,
  admin: AdminClient,
  scenario: ScenarioForActivity,
  status: MarketingActivityStatus,
): Promise<void> {
  if (!scenario.stored.marketingActivityId) return;
  const { id, errors } = await upsertActivity(shop, admin, scenario, status);
  if (!id) throw new AdminApiError(`marketing activity of scenario ${scenario.id} to ${status}: ${errors}`);
}
