import { DataTable, Text } from "@shopify/polaris";
import { SectionCard } from "../section-card";
import { useI18n } from "../../i18n/i18n-context";

export interface SetAsideEventRow {
  eventId: string;
  topic: string;
  resourceId: string;
  attempts: number;
  lastError: string | null;
  setAsideAt: string;
}

/** Webhook events that failed every attempt and were set aside, so the shop's others went on. */
export function SetAsideEventsCard({ events, timeZone }: { events: SetAsideEventRow[]; timeZone: string }) {
  const { t, locale } = useI18n();
  const formatDate = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
  return (
    <SectionCard title={t("settings.setAside.heading")} description={t("settings.setAside.description")}>
      {events.length === 0 ? (
        <Text as="p">{t("settings.setAside.none")}</Text>
      ) : (
        <DataTable
          columnContentTypes={["text", "text", "text", "numeric", "text"]}
          headings={[
            t("settings.setAside.topic"),
            t("settings.setAside.resource"),
            t("settings.setAside.setAsideAt"),
            t("settings.setAside.attempts"),
            t("settings.jobs.error"),
          ]}
          rows={events.map((event) => [event.topic, event.resourceId, formatDate(event.setAsideAt), event.attempts, event.lastError ?? ""])}
        />
      )}
    </SectionCard>
  );
}
