import { Banner, BlockStack, Card, List, Text } from "@shopify/polaris";
import { Link } from "@remix-run/react";
import { useI18n } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/i18n";
import type { Formatter } from "../i18n/format";
import type { Bottleneck } from "../domain/journey/funnel";
import type { JourneyMap } from "../domain/journey/journey-map";
import type { PlaybookEntry } from "../domain/journey/playbook";
import { nextStage } from "../domain/journey/stages";
import type { LifecycleStage } from "../domain/types";

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
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            {t("journey.bottleneck.heading")}
          </Text>
          <Text as="p">{hasData ? t("journey.bottleneck.none") : t("journey.bottleneck.noData")}</Text>
        </BlockStack>
      </Card>
    );
  }
  const stage = bottleneck.stage;
  const stageName = (s: string) => t(`journey.stage.${s}` as MessageKey);
  const mapStage = journeyMap[stage];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("journey.bottleneck.heading")}: {stageName(stage)}
        </Text>
        <Banner tone="warning">
          {t(bottleneck.reason === "belowTarget" ? "journey.bottleneck.belowTarget" : "journey.bottleneck.belowBaseline", {
            from: stageName(stage),
            to: stageName(nextStage(stage)!),
            actual: format.percent(bottleneck.conversion),
            reference: format.percent(bottleneck.reference),
          })}
        </Banner>
        <Text as="p">{t("journey.bottleneck.objective", { text: mapStage.objective ?? t(`journey.map.${stage}.objective` as MessageKey) })}</Text>
        <Text as="p">{t("journey.bottleneck.callToAction", { text: mapStage.callToAction ?? t(`journey.map.${stage}.callToAction` as MessageKey) })}</Text>
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
          </BlockStack>
        ))}
        <Link to="/app/playbook">{t("journey.bottleneck.openPlaybook")}</Link>
      </BlockStack>
    </Card>
  );
}
