// Settings → jobs: background jobs that failed for good, and webhook events set aside.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Layout } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { getShopSettings } from "../models/shop.server";
import { jobQueue } from "../queue/job-queue.server";
import { FailedJobsCard } from "../components/settings/failed-jobs-card";
import { SetAsideEventsCard } from "../components/settings/set-aside-events-card";
import { listSetAsideWebhookEvents } from "../models/webhook-event.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [failedJobs, setAsideEvents, settings] = await Promise.all([
    jobQueue.failedJobs(session.shop),
    listSetAsideWebhookEvents(session.shop),
    getShopSettings(session.shop),
  ]);
  return json({ failedJobs, setAsideEvents, timeZone: settings.ianaTimezone });
};

export default function JobsSettings() {
  const { failedJobs, setAsideEvents, timeZone } = useLoaderData<typeof loader>();
  return (
    <Layout.Section>
      <BlockStack gap="400">
        <FailedJobsCard jobs={failedJobs} timeZone={timeZone} />
        <SetAsideEventsCard events={setAsideEvents} timeZone={timeZone} />
      </BlockStack>
    </Layout.Section>
  );
}
