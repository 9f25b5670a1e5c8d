import { Badge } from "@shopify/polaris";
import type { ScenarioStatus } from "../../models/scenario.server";
import { useI18n } from "../../i18n/i18n-context";

const TONES = { draft: undefined, active: "success", paused: "attention" } as const;

export function StatusBadge({ status }: { status: ScenarioStatus }) {
  const { t } = useI18n();
  return <Badge tone={TONES[status]}>{t(`scenarios.status.${status}`)}</Badge>;
}
