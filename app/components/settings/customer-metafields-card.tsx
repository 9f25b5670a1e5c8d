import { DataTable, Text } from "@shopify/polaris";
import { SectionCard } from "../section-card";
import { createFormatter } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n-context";

export interface CustomerMetafieldRow {
  key: string;
  /** the definition's English name, as Shopify's admin and segment editor show it */
  name: string;
  present: boolean;
  /** `metafields.<namespace>.<key>` for the segment editor */
  filterKey: string;
}

interface CustomerMetafieldsCardProps {
  rows: CustomerMetafieldRow[];
  customers: number;
  lastWrittenAt: string | null;
  timeZone: string;
  currencyCode: string;
}

/** The customer metafields Tsunagu keeps for Shopify's own segments and Flow: definitions, last write, filter keys. */
export function CustomerMetafieldsCard({ rows, customers, lastWrittenAt, timeZone, currencyCode }: CustomerMetafieldsCardProps) {
  const { t, locale, formatNumber } = useI18n();
  const present = rows.filter((row) => row.present).length;
  return (
    <SectionCard title={t("settings.metafields.heading")} description={t("settings.metafields.description")}>
      <Text as="p">
        {t("settings.metafields.status", { present, total: rows.length, customers: formatNumber(customers) })}{" "}
        {lastWrittenAt
          ? t("settings.metafields.lastWrite", { at: createFormatter({ locale, currencyCode, timeZone }).dateTime(lastWrittenAt) })
          : t("settings.metafields.neverWritten")}
      </Text>
      <DataTable
        columnContentTypes={["text", "text", "text"]}
        headings={[
          t("settings.metafields.column.name"),
          t("settings.metafields.column.definition"),
          t("settings.metafields.column.filter"),
        ]}
        rows={rows.map((row) => [
          row.name,
          row.present ? t("settings.metafields.defined") : t("settings.metafields.missing"),
          <code key={row.key}>{row.filterKey}</code>,
        ])}
      />
      <Text as="p" tone="subdued">
        {t("settings.metafields.withheld")}
      </Text>
    </SectionCard>
  );
}
