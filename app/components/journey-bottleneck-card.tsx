import { Banner, BlockStack, List, Text } from "@shopify/polaris";
import { Link } from "@remix-run/react";
import { useI18n } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/i18n";
import type { Formatter } from "../i18n/format";
import type { Bottleneck } from "../domain/journey/funnel";
import type { JourneyMap } from "../domain/journey/journey-map";
import type { PlaybookEntry } from "../domain/journey/playbook";
import { nextStage } from "../domain/journey/stages";
import { targetSourceText } from "./journey-funnel";
import { SectionCard } from "./section-card";
import type { LifecycleStage } from "../domain/types";

/**
 * The step with the most money at stake: how far below its target, how many customers that is, what
 * each would bring, and the step's own objective, call to action and playbook. A step's objective is
 * that of the stage it leads to (purchase → retention: "make the second order happen").
 */
export function JourneyBottleneckCard({
  bottleneck,
  hasData,
  journeyMap,
  playbook,
  format,
}: {
  bottleneck: Bottleneck | null;
  hasData: boolean;
  journeyMap: JourneyMap;
  playbook: ({ segment: LifecycleStage } & PlaybookEntry)[];
  format: Formatter;
}) {
  const { t } = useI18n();
  if (!bottleneck) {
    return (
      <SectionCard title={t("journey.bottleneck.heading")} gap="200">
        <Text as="p">{hasData ? t("journey.bottleneck.none") : t("journey.bottleneck.noData")}</Text>
      </SectionCard>
    );
  }
  const stageName = (s: string) => t(`journey.stage.${s}` as MessageKey);
  const to = nextStage(bottleneck.stage)!;
  const mapStage = journeyMap[to];
  const money = format.money(Math.round(bottleneck.moneyAtStake));
  return (
    <SectionCard title={t("journey.bottleneck.title", { from: stageName(bottleneck.stage), to: stageName(to), money })}>
      <Banner tone="warning">
        <BlockStack gap="100">
          <Text as="p">
            {t("journey.bottleneck.conversion", {
              converted: format.number(bottleneck.cohort.converted),
              eligible: format.number(bottleneck.cohort.eligible),
              rate: format.percent(bottleneck.conversion),
              days: format.number(bottleneck.windowDays),
              target: format.percent(bottleneck.target.conversion),
              source: targetSourceText(t, format, bottleneck),
            })}
          </Text>
          <Text as="p">
            {t("journey.bottleneck.money", {
              lost: format.number(bottleneck.lostCustomers, 1),
              value: format.money(Math.round(bottleneck.value.value)),
              months: format.number(Math.round(bottleneck.value.horizonDays / 30.4), 0),
              money,
            })}
          </Text>
        </BlockStack>
      </Banner>
      <Text as="p">
        {t("journey.bottleneck.objective", { text: mapStage.objective ?? t(`journey.map.${to}.objective` as MessageKey) })}
      </Text>
      <Text as="p">
        {t("journey.bottleneck.callToAction", { text: mapStage.callToAction ?? t(`journey.map.${to}.callToAction` as MessageKey) })}
      </Text>
      {playbook.map((entry) => (
        <BlockStack key={entry.segment} gap="100">
          <Text as="h3" variant="headingSm">
            {t("journey.bottleneck.actions", { segments: t(`stage.${entry.segment}` as MessageKey) })}
          </Text>
          <List>
            {(entry.actions ?? t(`playbook.actions.${entry.segment}` as MessageKey).split("\n")).map((action) => (
              <List.Item key={action}>{action}</List.Item>
            ))}
          </List>
          <Link to={`/app/scenarios?template=${entry.segment}`}>
            {t("scenarios.bottleneck.link", { segment: t(`stage.${entry.segment}` as MessageKey) })}
          </Link>
        </BlockStack>
      ))}
      <Link to="/app/playbook">{t("journey.bottleneck.openPlaybook")}</Link>
    </SectionCard>
  );
}
