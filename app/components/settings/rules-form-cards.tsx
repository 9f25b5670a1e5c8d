// The cards of the lifecycle-rules form: thresholds (with the store's own suggestion), VIP rule, tags, review delay.
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Layout,
  RadioButton,
  Text,
  TextField,
} from "@shopify/polaris";
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

export function RulesFormCards({ page, values, onChange, errorFor }: RulesFormCardsProps) {
  const { t, formatNumber, locale } = useI18n();
  const set = (field: keyof RulesFormValues) => (value: string | boolean) => onChange({ [field]: value });
  const { suggestion } = page;
  const prefix = String(values.tagPrefix);
  return (
    <>
      <Layout.Section>
        <Card>
          <BlockStack gap="400">
            <Text as="h2" variant="headingMd">
              {t("settings.rules.heading")}
            </Text>
            <Text as="p" tone="subdued">
              {t("settings.rules.description", { timeZone: page.ianaTimezone })}
            </Text>
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
                <TextField
                  label={t("settings.dormantAfterDays.label")}
                  name="dormantAfterDays"
                  type="number"
                  suffix={t("settings.days.suffix")}
                  value={String(values.dormantAfterDays)}
                  onChange={set("dormantAfterDays")}
                  error={errorFor("dormantAfterDays")}
                  autoComplete="off"
                />
                <TextField
                  label={t("settings.churnedAfterDays.label")}
                  name="churnedAfterDays"
                  type="number"
                  suffix={t("settings.days.suffix")}
                  value={String(values.churnedAfterDays)}
                  onChange={set("churnedAfterDays")}
                  error={errorFor("churnedAfterDays")}
                  autoComplete="off"
                />
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
                  at: createFormatter({ locale, currencyCode: page.currencyCode, timeZone: page.ianaTimezone }).dateTime(
                    page.suggestionAsOf,
                  ),
                })}
              </Text>
            )}
          </BlockStack>
        </Card>
      </Layout.Section>

      <Layout.Section>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("settings.vip.heading")}
            </Text>
            <RadioButton
              label={t("settings.vip.top")}
              id="vipRule-top"
              name="vipRule"
              checked={values.vipRule === "top"}
              onChange={() => onChange({ vipRule: "top" })}
            />
            {values.vipRule === "top" ? (
              <TextField
                label={t("settings.vipTopPercent.label")}
                name="vipTopPercent"
                type="number"
                suffix="%"
                value={String(values.vipTopPercent)}
                onChange={set("vipTopPercent")}
                error={errorFor("vipTopPercent")}
                autoComplete="off"
              />
            ) : null}
            <RadioButton
              label={t("settings.vip.minSpend")}
              id="vipRule-min-spend"
              name="vipRule"
              checked={values.vipRule === "min-spend"}
              onChange={() => onChange({ vipRule: "min-spend" })}
            />
            {values.vipRule === "min-spend" ? (
              <TextField
                label={t("settings.vipMinSpend.label", { currency: page.currencyCode })}
                name="vipMinSpend"
                type="number"
                value={String(values.vipMinSpend)}
                onChange={set("vipMinSpend")}
                error={errorFor("vipMinSpend")}
                autoComplete="off"
              />
            ) : null}
          </BlockStack>
        </Card>
      </Layout.Section>

      <Layout.Section>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("settings.tags.heading")}
            </Text>
            <Text as="p" tone="subdued">
              {t("settings.tags.description")}
            </Text>
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
            <Checkbox
              label={t("settings.taggingEnabled.label")}
              checked={Boolean(values.taggingEnabled)}
              onChange={set("taggingEnabled")}
            />
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
          </BlockStack>
        </Card>
      </Layout.Section>

      <Layout.Section>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("settings.reviews.heading")}
            </Text>
            <TextField
              label={t("settings.reviewDelayDays.label")}
              name="reviewDelayDays"
              type="number"
              suffix={t("settings.days.suffix")}
              value={String(values.reviewDelayDays)}
              onChange={set("reviewDelayDays")}
              error={errorFor("reviewDelayDays")}
              autoComplete="off"
            />
          </BlockStack>
        </Card>
      </Layout.Section>
    </>
  );
}
