import { Banner, BlockStack, ProgressBar, Text } from "@shopify/polaris";
import { useI18n } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/i18n";
import type { HomeSummary } from "../models/home.server";
import { syncProgress } from "./sync-progress";
import { SectionCard } from "./section-card";

export function SyncStatusCard({ sync, timeZone }: Pick<HomeSummary, "sync"> & { timeZone: string }) {
  const { t, formatNumber, locale } = useI18n();
  const formatDate = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone }).format(new Date(iso));
  const formatSeconds = (seconds: number) => {
    // Whole minutes from a minute and a half on: "about 3 minutes", not "about 187 seconds".
    const [value, unit] = seconds >= 90 ? [Math.ceil(seconds / 60), "minute"] : [Math.max(1, Math.round(seconds)), "second"];
    return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "long" }).format(value);
  };
  const formatDuration = (from: string, to: string) =>
    new Intl.NumberFormat(locale, { style: "unit", unit: "second", unitDisplay: "long" }).format(
      Math.max(1, Math.round((Date.parse(to) - Date.parse(from)) / 1000)),
    );
  const phaseLabel = (phase: string) => (phase === "records" ? t("backfill.phase.records") : t(`sync.phase.${phase}` as MessageKey));

  return (
    <SectionCard title={t("home.sync.heading")}>
      {!sync && <Text as="p">{t("home.sync.none")}</Text>}
      {sync?.status === "running" &&
        (() => {
          const progress = syncProgress(sync);
          return (
            <BlockStack gap="200">
              <Text as="p">{t("home.sync.running", { phase: phaseLabel(sync.phase) })}</Text>
              <ProgressBar progress={progress.percent} size="small" />
              {progress.total !== null && (
                <BlockStack gap="100">
                  <Text as="p" variant="bodySm">
                    {t("backfill.progress", {
                      read: formatNumber(progress.read),
                      total: formatNumber(progress.total),
                      percent: progress.percent,
                    })}
                  </Text>
                  <Text as="p" variant="bodySm" tone="subdued">
                    {t("backfill.detail", {
                      customers: `${formatNumber(sync.customersRead)} / ${formatNumber(sync.customersTotal ?? 0)}`,
                      orders: `${formatNumber(sync.ordersRead)} / ${formatNumber(sync.ordersTotal ?? 0)}`,
                    })}
                  </Text>
                  {sync.phase === "records" && (
                    <Text as="p" variant="bodySm" tone="subdued">
                      {progress.etaSeconds === null
                        ? t("backfill.etaUnknown")
                        : t("backfill.eta", { duration: formatSeconds(progress.etaSeconds) })}
                    </Text>
                  )}
                </BlockStack>
              )}
            </BlockStack>
          );
        })()}
      {sync?.status === "completed" && sync.finishedAt && (
        <BlockStack gap="100">
          <Text as="p">
            {t("home.sync.completed", {
              finishedAt: formatDate(sync.finishedAt),
              duration: formatDuration(sync.startedAt, sync.finishedAt),
            })}
          </Text>
          <Text as="p" variant="bodySm" tone="subdued">
            {t("home.sync.tagsWritten", { count: formatNumber(sync.tagsWritten) })}
          </Text>
        </BlockStack>
      )}
      {sync?.status === "failed" && <Banner tone="critical">{t("home.sync.failed", { error: sync.error ?? "" })}</Banner>}
    </SectionCard>
  );
}
