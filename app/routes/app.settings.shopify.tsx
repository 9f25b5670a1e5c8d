// Settings → Shopify: native customer segments (this route's action creates them), the customer
// metafields Shopify's segment editor filters on, and removing every Tsunagu tag (app.settings.remove-tags).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { Layout } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { listNativeSegments } from "../models/native-segment.server";
import { getShopSettings } from "../models/shop.server";
import { createNativeSegments } from "../jobs/settings-runs.server";
import { NativeSegmentsCard } from "../components/settings/native-segments-card";
import { CustomerMetafieldsCard } from "../components/settings/customer-metafields-card";
import { loadCustomerMetafieldStatus } from "../models/customer-metafield.server";
import { APP_METAFIELD_NAMESPACE, CUSTOMER_SEGMENT_METAFIELDS } from "../shopify/metafields.server";
import { RemoveTagsCard } from "../components/settings/remove-tags-card";
import { isRunning } from "../components/settings/settings-run-banner";
import type { loader as settingsLoader } from "./app.settings";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const definitions = Object.values(CUSTOMER_SEGMENT_METAFIELDS);
  const [segments, settings, metafields] = await Promise.all([
    listNativeSegments(session.shop),
    getShopSettings(session.shop),
    loadCustomerMetafieldStatus(
      session.shop,
      definitions.map((d) => d.key),
    ),
  ]);
  // Shopify resolves `$app:tsunagu` to `app--<api client id>--tsunagu`; before the first definition is made we only know the pattern.
  const namespace =
    [...metafields.definitions.values()].find((resolved) => resolved !== null) ??
    `app--<id>--${APP_METAFIELD_NAMESPACE.slice("$app:".length)}`;
  return json({
    segments,
    tagPrefix: settings.tagPrefix,
    ianaTimezone: settings.ianaTimezone,
    currencyCode: settings.currencyCode,
    metafields: {
      rows: definitions.map((d) => ({
        key: d.key,
        name: d.name,
        present: metafields.definitions.has(d.key),
        filterKey: `metafields.${namespace}.${d.key}`,
      })),
      customers: metafields.customers,
      lastWrittenAt: metafields.lastWrittenAt?.toISOString() ?? null,
    },
  });
};

/** One native Shopify segment per lifecycle stage (idempotent). */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json({ segments: await createNativeSegments(session.shop) });
};

export default function ShopifySettings() {
  const page = useLoaderData<typeof loader>();
  const run = useRouteLoaderData<typeof settingsLoader>("routes/app.settings")?.run ?? null;
  const segmentsFetcher = useFetcher<typeof action>();
  const removeFetcher = useFetcher();
  const removeTags = () => {
    removeFetcher.submit({}, { method: "post", action: "/app/settings/remove-tags" });
    // The progress banner is at the top of the page.
    window.scrollTo({ top: 0, behavior: "smooth" });
  };
  return (
    <>
      <Layout.Section>
        <NativeSegmentsCard
          segments={segmentsFetcher.data?.segments ?? page.segments}
          onCreate={() => segmentsFetcher.submit({}, { method: "post" })}
          creating={segmentsFetcher.state !== "idle"}
        />
      </Layout.Section>
      <Layout.Section>
        <CustomerMetafieldsCard {...page.metafields} timeZone={page.ianaTimezone} currencyCode={page.currencyCode} />
      </Layout.Section>
      <Layout.Section>
        <RemoveTagsCard
          tagPrefix={page.tagPrefix}
          onRemove={removeTags}
          removing={removeFetcher.state !== "idle"}
          disabled={isRunning(run)}
        />
      </Layout.Section>
    </>
  );
}
