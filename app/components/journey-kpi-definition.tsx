import { Button, Tooltip } from "@shopify/polaris";
import { useI18n } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/i18n";

/** A KPI's label with its definition on hover or keyboard focus (the text of app/domain/journey/definitions.ts). */
export function JourneyKpiLabel({ id }: { id: string }) {
  const { t } = useI18n();
  const label = t(`journey.kpi.${id}` as MessageKey);
  return (
    <span style={{ display: "inline-flex", alignItems: "center", gap: 4 }}>
      {label}
      <Tooltip content={t(`journey.kpi.${id}.definition` as MessageKey)} preferredPosition="above">
        <Button variant="monochromePlain" size="micro" accessibilityLabel={t("journey.kpi.showDefinition", { kpi: label })}>
          ⓘ
        </Button>
      </Tooltip>
    </span>
  );
}
