import { useState } from "react";
import { BlockStack, Button, ButtonGroup, InlineStack, Text, TextField } from "@shopify/polaris";
import { useNavigation, useSearchParams } from "@remix-run/react";
import { useI18n } from "../i18n/i18n-context";
import { PERIOD_PRESETS } from "../domain/journey/period";

/** 30 / 90 / 365 days or a custom range; the choice lives in the URL (?period= or ?from=&to=). */
export function JourneyPeriodPicker({ preset, from, to }: { preset: number | null; from: string; to: string }) {
  const { t } = useI18n();
  const [searchParams, setSearchParams] = useSearchParams();
  const navigation = useNavigation();
  const [custom, setCustom] = useState(preset === null);
  const [range, setRange] = useState({ from, to });
  const loading = navigation.state === "loading";

  const choose = (next: Record<string, string>) => {
    const params = new URLSearchParams(searchParams);
    for (const key of ["period", "from", "to"]) params.delete(key);
    for (const [key, value] of Object.entries(next)) params.set(key, value);
    setSearchParams(params);
  };

  return (
    <BlockStack gap="200">
      <Text as="h2" variant="headingSm">
        {t("journey.period.label")}
      </Text>
      <ButtonGroup variant="segmented">
        {PERIOD_PRESETS.map((days) => (
          <Button
            key={days}
            pressed={!custom && preset === days}
            onClick={() => {
              setCustom(false);
              choose({ period: String(days) });
            }}
          >
            {t(`journey.period.${days}`)}
          </Button>
        ))}
        <Button pressed={custom} onClick={() => setCustom(true)}>
          {t("journey.period.custom")}
        </Button>
      </ButtonGroup>
      {custom && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            choose({ from: range.from, to: range.to });
          }}
        >
          <InlineStack gap="200" blockAlign="end">
            <TextField
              label={t("journey.period.from")}
              type="date"
              autoComplete="off"
              value={range.from}
              onChange={(value) => setRange((r) => ({ ...r, from: value }))}
            />
            <TextField
              label={t("journey.period.to")}
              type="date"
              autoComplete="off"
              value={range.to}
              onChange={(value) => setRange((r) => ({ ...r, to: value }))}
            />
            <Button submit loading={loading}>
              {t("journey.period.apply")}
            </Button>
          </InlineStack>
        </form>
      )}
    </BlockStack>
  );
}
