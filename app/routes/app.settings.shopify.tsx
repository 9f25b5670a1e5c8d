// Settings → Shopify: native customer segments (this route's action creates them) and removing every
// Tsunagu tag (app.settings.remove-tags).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { Layout } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { listNativeSegments } from "../models/native-segment.server";
import { getShopSettings } from "../models/shop.server";
import { createNativeSegments } from "../jobs/settings-runs.server";
import { NativeSegmentsCard } from "../components/settings/native-segments-card";
import { RemoveTagsCard } from "../components/settings/remove-tags-card";
import { isRunning } from "../components/settings/settings-run-banner";
import type { loader as settingsLoader } from "./app.settings";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [segments, settings] = await Promise.all([listNativeSegments(session.shop), getShopSettings(session.shop)]);
  return json({ segments, tagPrefix: settings.tagPrefix });
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
