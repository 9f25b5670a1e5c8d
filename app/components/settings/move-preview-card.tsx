import { DataTable, Text } from "@shopify/polaris";
import type { RulesChangePreview } from "../../domain/shop-settings";
import { useI18n } from "../../i18n/i18n-context";
import { SectionCard } from "../section-card";

/** The settings preview: how many customers would move from which segment to which. */
export function MovePreviewCard({
  preview,
  prefixChange,
}: {
  preview: RulesChangePreview;
  prefixChange: { from: string; to: string } | null;
}) {
  const { t, formatNumber } = useI18n();
  return (
    <SectionCard title={t("settings.preview.heading")}>
      <Text as="p">{t("settings.preview.description")}</Text>
      {preview.moves.length === 0 ? (
        <Text as="p">{t("settings.preview.none")}</Text>
      ) : (
        <>
          <Text as="p" fontWeight="semibold">
            {t("settings.preview.moved", {
              count: formatNumber(preview.movedCustomers),
              unchanged: formatNumber(preview.unchangedCustomers),
            })}
          </Text>
          <DataTable
            columnContentTypes={["text", "text", "numeric"]}
            headings={[t("settings.preview.from"), t("settings.preview.to"), t("settings.preview.customers")]}
            rows={preview.moves.map((move) => [t(`stage.${move.from}`), t(`stage.${move.to}`), formatNumber(move.customers)])}
          />
        </>
      )}
      {prefixChange ? <Text as="p">{t("settings.preview.prefixChange", prefixChange)}</Text> : null}
    </SectionCard>
  );
}
