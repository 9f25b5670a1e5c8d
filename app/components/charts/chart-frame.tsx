// A chart with its table alternative: two pressed/unpressed buttons switch between them. The table
// holds the exact numbers; the chart's own role="img" summary says what it shows.
import { useState, type ReactNode } from "react";
import { Button, ButtonGroup, InlineStack } from "@shopify/polaris";
import { useI18n } from "../../i18n/i18n-context";

export function ChartFrame({ chart, table }: { chart: ReactNode; table: ReactNode }) {
  const { t } = useI18n();
  const [view, setView] = useState<"chart" | "table">("chart");
  return (
    <div>
      <InlineStack align="end">
        <ButtonGroup variant="segmented">
          <Button pressed={view === "chart"} onClick={() => setView("chart")}>
            {t("charts.showChart")}
          </Button>
          <Button pressed={view === "table"} onClick={() => setView("table")}>
            {t("charts.showTable")}
          </Button>
        </ButtonGroup>
      </InlineStack>
      <div style={{ marginTop: 8 }}>{view === "chart" ? chart : table}</div>
    </div>
  );
}
