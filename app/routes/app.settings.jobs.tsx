// Settings → jobs: background jobs that failed for good.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Layout } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { getShopSettings } from "../models/shop.server";
import { jobQueue } from "../queue/job-queue.server";
import { FailedJobsCard } from "../components/settings/failed-jobs-card";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [failedJobs, settings] = await Promise.all([jobQueue.failedJobs(session.shop), getShopSettings(session.shop)]);
  return json({ failedJobs, timeZone: settings.ianaTimezone });
};

export default function JobsSettings() {
  const { failedJobs, timeZone } = useLoaderData<typeof loader>();
  return (
    <Layout.Section>
      <FailedJobsCard jobs={failedJobs} timeZone={timeZone} />
    </Layout.Section>
  );
}
