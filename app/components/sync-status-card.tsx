import { Banner, BlockStack, Card, ProgressBar, Text } from "@shopify/polaris";
import { useI18n } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/i18n";
import type { HomeSummary } from "../models/home.server";

function progressOf(sync: NonNullable<HomeSummary["sync"]>): { percent: number; done: number; total: number | null; what: "customers" | "orders" } {
  const customersTotal = sync.customersTotal ?? 0;
  const ordersTotal = sync.ordersTotal ?? 0;
  // Reading records is nearly all of a first sync; segments and tags follow in a few seconds.
  const readTotal = customersTotal + ordersTotal;
  const read = sync.customersRead + sync.ordersRead;
  const percent = readTotal === 0 ? 0 : Math.min(99, Math.floor((read / readTotal) * 100));
  return sync.phase === "customers"
    ? { percent, done: sync.customersRead, total: sync.customersTotal, what: "customers" }
    : { percent, done: sync.ordersRead, total: sync.ordersTotal, what: "orders" };
}

export function SyncStatusCard({ sync, timeZone }: Pick<HomeSummary, "sync"> & { timeZone: string }) {
  const { t, formatNumber, locale } = useI18n();
  const formatDate = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone }).format(new Date(iso));
  const formatDuration = (from: string, to: string) => {
    const seconds = Math.max(1, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
    return new Intl.NumberFormat(locale, { style: "unit", unit: "second", unitDisplay: "long" }).format(seconds);
  };

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("home.sync.heading")}
        </Text>
        {!sync && <Text as="p">{t("home.sync.none")}</Text>}
        {sync?.status === "running" && (() => {
          const progress = progressOf(sync);
          return (
            <BlockStack gap="200">
              <Text as="p">{t("home.sync.running", { phase: t(`sync.phase.${sync.phase}` as MessageKey) })}</Text>
              <ProgressBar progress={progress.percent} size="small" />
              {progress.total !== null && (
                <Text as="p" variant="bodySm" tone="subdued">
                  {t("home.sync.progress", {
                    done: formatNumber(progress.done),
                    total: formatNumber(progress.total),
                    what: t(`sync.what.${progress.what}` as MessageKey),
                  })}
                </Text>
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
        {sync?.status === "failed" && (
          <Banner tone="critical">{t("home.sync.failed", { error: sync.error ?? "" })}</Banner>
        )}
      </BlockStack>
    </Card>
  );
}
