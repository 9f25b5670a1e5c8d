import { Banner, DataTable, Text } from "@shopify/polaris";
import { Link } from "@remix-run/react";
import { useI18n } from "../i18n/i18n-context";
import { SectionCard } from "./section-card";
import type { MessageKey } from "../i18n/i18n";
import type { Formatter } from "../i18n/format";
import type { StageMeasureChoice } from "../domain/journey/traffic-measure";

/**
 * Which measure the journey's awareness and consideration use (docs/touchpoints.md §7), and with sessions
 * the period's sessions by channel: counts of visits, and one ratio between two counts of visits.
 */
export function JourneyTrafficCard({
  choice,
  synthesized,
  format,
}: {
  choice: StageMeasureChoice;
  synthesized: boolean;
  format: Formatter;
}) {
  const { t } = useI18n();
  return (
    <SectionCard
      title={t("journey.traffic.heading")}
      description={t(choice.measure === "sessions" ? "journey.traffic.sessions" : "journey.traffic.customers")}
    >
      {choice.measure === "sessions" ? (
        <>
          {synthesized ? <Banner tone="info">{t("journey.traffic.synthesized")}</Banner> : null}
          <Text as="h3" variant="headingSm">
            {t("journey.traffic.byChannel")}
          </Text>
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
            headings={[
              t("journey.traffic.column.channel"),
              t("journey.kpi.sessions"),
              t("journey.kpi.cartSessions"),
              t("journey.kpi.checkoutSessions"),
              t("journey.traffic.column.reachedShare"),
            ]}
            rows={choice.byChannel.map((c) => [
              t(`acquisition.channel.${c.channel}` as MessageKey),
              format.number(c.sessions),
              format.number(c.cartSessions),
              format.number(c.checkoutSessions),
              c.sessions === 0 ? "—" : format.percent(c.checkoutSessions / c.sessions),
            ])}
          />
          <Text as="p" variant="bodySm" tone="subdued">
            {t("journey.traffic.byChannelRule")}
          </Text>
        </>
      ) : (
        <Text as="p" tone="subdued">
          {t(`journey.traffic.reason.${choice.reason}` as MessageKey)}
        </Text>
      )}
      <Link to="/app/acquisition">{t("journey.traffic.customersByChannel")}</Link>
    </SectionCard>
  );
}
