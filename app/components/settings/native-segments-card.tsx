import { Button, InlineStack, Link, List } from "@shopify/polaris";
import { SectionCard } from "../section-card";
import type { LifecycleStage } from "../../domain/types";
import { useI18n } from "../../i18n/i18n-context";

/** shopify://admin URLs open in the admin around the embedded app. */
function segmentAdminUrl(segmentId: string): string {
  return `shopify://admin/customers/segments/${segmentId.split("/").at(-1)}`;
}

interface NativeSegmentsCardProps {
  segments: { stage: LifecycleStage; segmentId: string }[];
  onCreate: () => void;
  creating: boolean;
}

/** One native Shopify customer segment per lifecycle stage, with links into the admin. */
export function NativeSegmentsCard({ segments, onCreate, creating }: NativeSegmentsCardProps) {
  const { t } = useI18n();
  return (
    <SectionCard title={t("settings.segments.heading")} description={t("settings.segments.description")}>
      {segments.length > 0 ? (
        <List>
          {segments.map((segment) => (
            <List.Item key={segment.stage}>
              {t(`stage.${segment.stage}`)} —{" "}
              <Link url={segmentAdminUrl(segment.segmentId)} target="_top">
                {t("settings.segments.open")}
              </Link>
            </List.Item>
          ))}
        </List>
      ) : null}
      <InlineStack>
        <Button onClick={onCreate} loading={creating} disabled={segments.length === 6}>
          {t("settings.segments.button")}
        </Button>
      </InlineStack>
    </SectionCard>
  );
}
