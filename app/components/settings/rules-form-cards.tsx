// The cards of the lifecycle-rules form: thresholds (with the store's own suggestion), VIP rule, tags, review delay.
import { Banner, BlockStack, Button, Checkbox, FormLayout, InlineStack, Layout, RadioButton, Text, TextField } from "@shopify/polaris";
import { SectionCard } from "../section-card";
import { atRiskTag, needsCareTag } from "../../domain/owned-tags";
import { createFormatter } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n-context";
import type { RulesFormData } from "../../models/settings-page.server";
import type { RulesFormValues } from "./rules-form-values";

interface RulesFormCardsProps {
  page: RulesFormData;
  values: RulesFormValues;
  onChange: (changes: Partial<RulesFormValues>) => void;
  /** the message of a field's error, if the last preview found one */
  errorFor: (field: string) => string | undefined;
}

type NumberField = "dormantAfterDays" | "churnedAfterDays" | "vipTopPercent" | "vipMinSpend" | "reviewDelayDays";

function LayoutSectionCard(props: Parameters<typeof SectionCard>[0]) {
  return (
    <Layout.Section>
      <SectionCard {...props} />
    </Layout.Section>
  );
}

export function RulesFormCards({ page, values, onChange, errorFor }: RulesFormCardsProps) {
  const { t, formatNumber, locale } = useI18n();
  const set = (field: keyof RulesFormValues) => (value: string | boolean) => onChange({ [field]: value });
  const { suggestion } = page;
  const prefix = String(values.tagPrefix);
  const numberField = (field: NumberField, label: string, suffix?: string) => (
    <TextField
      label={label}
      name={field}
      type="number"
      suffix={suffix}
      value={String(values[field])}
      onChange={set(field)}
      error={errorFor(field)}
      autoComplete="off"
    />
  );
  return (
    <>
      <LayoutSectionCard
        title={t("settings.rules.heading")}
        description={t("settings.rules.description", { timeZone: page.ianaTimezone })}
        gap="400"
      >
        <FormLayout>
          <TextField
            label={t("settings.timeZone.label")}
            value={page.ianaTimezone}
            readOnly
            disabled
            autoComplete="off"
            helpText={t("settings.timeZone.help")}
          />
          <FormLayout.Group>
            {numberField("dormantAfterDays", t("settings.dormantAfterDays.label"), t("settings.days.suffix"))}
            {numberField("churnedAfterDays", t("settings.churnedAfterDays.label"), t("settings.days.suffix"))}
          </FormLayout.Group>
        </FormLayout>
        {suggestion.ok ? (
          <Banner tone="info" title={t("settings.suggestion.heading")}>
            <BlockStack gap="200">
              <Text as="p">
                {t("settings.suggestion.body", {
                  dormant: suggestion.dormantAfterDays,
                  churned: suggestion.churnedAfterDays,
                  p80: suggestion.basis.p80,
                  p95: suggestion.basis.p95,
                  gaps: formatNumber(suggestion.basis.gapCount),
                })}
              </Text>
              <InlineStack>
                <Button
                  onClick={() =>
                    onChange({
                      dormantAfterDays: String(suggestion.dormantAfterDays),
                      churnedAfterDays: String(suggestion.churnedAfterDays),
                    })
                  }
                >
                  {t("settings.suggestion.apply")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Banner>
        ) : (
          <Text as="p" tone="subdued">
            {t("settings.suggestion.none", { gaps: formatNumber(suggestion.gapCount), min: suggestion.minGaps })}
          </Text>
        )}
        {page.suggestionAsOf && (
          <Text as="p" tone="subdued">
            {t("settings.suggestion.asOf", {
              at: createFormatter({ locale, currencyCode: page.currencyCode, timeZone: page.ianaTimezone }).dateTime(page.suggestionAsOf),
            })}
          </Text>
        )}
      </LayoutSectionCard>

      <LayoutSectionCard title={t("settings.vip.heading")}>
        <RadioButton
          label={t("settings.vip.top")}
          id="vipRule-top"
          name="vipRule"
          checked={values.vipRule === "top"}
          onChange={() => onChange({ vipRule: "top" })}
        />
        {values.vipRule === "top" ? numberField("vipTopPercent", t("settings.vipTopPercent.label"), "%") : null}
        <RadioButton
          label={t("settings.vip.minSpend")}
          id="vipRule-min-spend"
          name="vipRule"
          checked={values.vipRule === "min-spend"}
          onChange={() => onChange({ vipRule: "min-spend" })}
        />
        {values.vipRule === "min-spend"
          ? numberField("vipMinSpend", t("settings.vipMinSpend.label", { currency: page.currencyCode }))
          : null}
      </LayoutSectionCard>

      <LayoutSectionCard title={t("settings.tags.heading")} description={t("settings.tags.description")}>
        {page.retiredTagPrefixes.length > 0 ? (
          <Text as="p">{t("settings.retired.banner", { prefixes: page.retiredTagPrefixes.join(", ") })}</Text>
        ) : null}
        <TextField
          label={t("settings.tagPrefix.label")}
          name="tagPrefix"
          value={prefix}
          onChange={set("tagPrefix")}
          error={errorFor("tagPrefix")}
          helpText={t("settings.tagPrefix.help", { example: `${prefix}vip` })}
          autoComplete="off"
        />
        <Checkbox label={t("settings.taggingEnabled.label")} checked={Boolean(values.taggingEnabled)} onChange={set("taggingEnabled")} />
        {!values.taggingEnabled ? (
          <Text as="p" tone="caution">
            {t("settings.taggingEnabled.off")}
          </Text>
        ) : null}
        <Checkbox
          label={t("settings.atRiskTagEnabled.label", { tag: atRiskTag(prefix) })}
          checked={Boolean(values.atRiskTagEnabled)}
          onChange={set("atRiskTagEnabled")}
        />
        <Checkbox
          label={t("settings.needsCareTagEnabled.label", { tag: needsCareTag(prefix) })}
          checked={Boolean(values.needsCareTagEnabled)}
          onChange={set("needsCareTagEnabled")}
        />
      </LayoutSectionCard>

      <LayoutSectionCard title={t("settings.reviews.heading")}>
        {numberField("reviewDelayDays", t("settings.reviewDelayDays.label"), t("settings.days.suffix"))}
      </LayoutSectionCard>
    </>
  );
}
