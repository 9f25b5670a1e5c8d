import { DataTable, Text } from "@shopify/polaris";
import { SectionCard } from "../section-card";
import { useI18n } from "../../i18n/i18n-context";
import type { FailedJob } from "../../queue/job-types";

/** Background jobs that failed for good (retries exhausted): what an operator would look at first. */
export function FailedJobsCard({ jobs, timeZone }: { jobs: FailedJob[]; timeZone: string }) {
  const { t, locale } = useI18n();
  const formatDate = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
  return (
    <SectionCard title={t("settings.jobs.heading")} description={t("settings.jobs.description")}>
      {jobs.length === 0 ? (
        <Text as="p">{t("settings.jobs.none")}</Text>
      ) : (
        <DataTable
          columnContentTypes={["text", "text", "text"]}
          headings={[t("settings.jobs.job"), t("settings.jobs.failedAt"), t("settings.jobs.error")]}
          rows={jobs.map((job) => [job.name, formatDate(job.failedAt), job.error])}
        />
      )}
    </SectionCard>
  );
}
