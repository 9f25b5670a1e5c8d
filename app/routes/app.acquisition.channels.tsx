// The channels and the merchant's UTM rules (docs/touchpoints.md §2, docs/decisions/033): what each channel
// means, and the rules that send a utm_source / utm_medium / utm_campaign value to a channel before any
// other evidence. Saved through the admin's save bar; a save recomputes the acquisition reports.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { SaveBar, TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, DataTable, InlineGrid, Page, Select, Text, TextField } from "@shopify/polaris";
import { SectionCard } from "../components/section-card";
import { useEffect, useMemo, useState } from "react";
import { appNow } from "../clock.server";
import { CHANNELS, MAX_UTM_RULES, UTM_RULE_FIELDS, type UtmRule, type UtmRuleError } from "../domain/touchpoints/channels";
import type { MessageKey } from "../i18n/i18n";
import { useI18n } from "../i18n/i18n-context";
import { pageTitleMeta } from "../i18n/page-title";
import { enqueueAcquisitionReport } from "../jobs/enqueue.server";
import { loadUtmRules, saveUtmRules } from "../models/touchpoints.server";
import { authenticate } from "../shopify.server";
import { readForm } from "../http/read-form";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json({ rules: await loadUtmRules(session.shop) });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await readForm(request);
  let raw: unknown;
  try {
    raw = JSON.parse(String(form.get("rules") ?? ""));
  } catch {
    raw = null;
  }
  if (!Array.isArray(raw) || !raw.every((rule) => typeof rule === "object" && rule !== null))
    return json({ saved: false as const, errors: [] as UtmRuleError[], malformed: true }, { status: 400 });
  const result = await saveUtmRules(session.shop, raw as { field?: unknown; value?: unknown; channel?: unknown }[]);
  if (!result.ok) return json({ saved: false as const, errors: result.errors, malformed: false }, { status: 400 });
  // Channels are derived when the report is computed: compute it again with the new rules.
  await enqueueAcquisitionReport(session.shop, appNow());
  return json({ saved: true as const, errors: [] as UtmRuleError[], malformed: false });
};

export const meta = pageTitleMeta("acquisition.rules.title");

const SAVE_BAR_ID = "utm-rules-save-bar";

type RuleValues = { field: string; value: string; channel: string };

export default function ChannelRulesPage() {
  const { rules } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const { t } = useI18n();
  // Keyed on the rules' content: a refused save revalidates the loader with the same rules, and the
  // merchant's edits must stay on screen beside their errors.
  const savedJson = JSON.stringify(rules);
  const saved = useMemo<RuleValues[]>(() => (JSON.parse(savedJson) as UtmRule[]).map((r) => ({ ...r })), [savedJson]);
  const [values, setValues] = useState(saved);
  useEffect(() => setValues(saved), [saved]);
  const changed = JSON.stringify(values) !== JSON.stringify(saved);
  const saving = fetcher.state !== "idle";
  const result = fetcher.data;
  const errors = result?.errors ?? [];
  const errorAt = (index: number) => errors.find((e) => e.index === index);
  const save = () => fetcher.submit({ rules: JSON.stringify(values) }, { method: "post" });
  const update = (index: number, patch: Partial<RuleValues>) =>
    setValues((list) => list.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)));
  const channelOptions = CHANNELS.map((c) => ({ value: c, label: t(`acquisition.channel.${c}` as MessageKey) }));
  const fieldOptions = UTM_RULE_FIELDS.map((f) => ({ value: f, label: t(`acquisition.utmRule.${f}` as MessageKey) }));
  const title = t("acquisition.rules.title");
  return (
    <Page title={title} backAction={{ content: t("acquisition.title"), url: "/app/acquisition" }}>
      <TitleBar title={title} />
      <SaveBar id={SAVE_BAR_ID} open={changed || saving}>
        <button variant="primary" onClick={save} loading={saving ? "" : undefined}></button>
        <button onClick={() => setValues(saved)} disabled={saving}></button>
      </SaveBar>
      <BlockStack gap="400">
        {result?.saved && !changed ? <Banner tone="success">{t("acquisition.rules.saved")}</Banner> : null}
        {result && !result.saved ? (
          <Banner tone="critical">
            {result.malformed
              ? t("acquisition.rules.malformed")
              : errors.some((e) => e.code === "too-many")
                ? t("acquisition.utmRule.error.too-many")
                : t("acquisition.rules.errors")}
          </Banner>
        ) : null}
        <SectionCard title={t("acquisition.rules.heading")} description={t("acquisition.rules.description")}>
          {values.length === 0 ? <Text as="p">{t("acquisition.rules.empty")}</Text> : null}
          {values.map((rule, index) => {
            const error = errorAt(index);
            const message = error ? t(`acquisition.utmRule.error.${error.code}` as MessageKey) : undefined;
            return (
              <InlineGrid key={index} columns={{ xs: 1, md: "2fr 2fr 2fr 1fr" }} gap="200" alignItems="end">
                <Select
                  label={t("acquisition.rules.field")}
                  options={fieldOptions}
                  value={rule.field}
                  onChange={(field) => update(index, { field })}
                  error={error?.code === "field" ? message : undefined}
                />
                <TextField
                  label={t("acquisition.rules.value")}
                  value={rule.value}
                  onChange={(value) => update(index, { value })}
                  autoComplete="off"
                  maxLength={100}
                  error={error && error.code !== "field" && error.code !== "channel" ? message : undefined}
                />
                <Select
                  label={t("acquisition.rules.channel")}
                  options={channelOptions}
                  value={rule.channel}
                  onChange={(channel) => update(index, { channel })}
                  error={error?.code === "channel" ? message : undefined}
                />
                <Button
                  onClick={() => setValues((list) => list.filter((_, i) => i !== index))}
                  accessibilityLabel={t("acquisition.rules.removeLabel", { value: rule.value })}
                >
                  {t("acquisition.rules.remove")}
                </Button>
              </InlineGrid>
            );
          })}
          <div>
            <Button
              disabled={values.length >= MAX_UTM_RULES}
              onClick={() => setValues((list) => [...list, { field: "utm_source", value: "", channel: "messaging" }])}
            >
              {t("acquisition.rules.add")}
            </Button>
          </div>
        </SectionCard>
        <SectionCard title={t("acquisition.channels.heading")} description={t("acquisition.channels.description")}>
          <DataTable
            columnContentTypes={["text", "text"]}
            headings={[t("acquisition.column.channel"), t("acquisition.channels.meaning")]}
            rows={[...CHANNELS, "unknown" as const].map((c) => [
              t(`acquisition.channel.${c}` as MessageKey),
              t(`acquisition.channel.${c}.meaning` as MessageKey),
            ])}
          />
        </SectionCard>
      </BlockStack>
    </Page>
  );
}
