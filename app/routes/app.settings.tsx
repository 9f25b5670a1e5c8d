// Settings: lifecycle thresholds (with the store's own suggestion), VIP rule, tag prefix and switches,
// review delay. Saving is preceded by a preview (who would move where) and runs in the background with
// progress. Also: create native Shopify segments, and remove every Tsunagu tag.
import { useCallback, useEffect, useMemo, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Layout,
  Link,
  List,
  Modal,
  Page,
  RadioButton,
  Text,
  TextField,
} from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { useI18n } from "../i18n/i18n-context";
import { createFormatter } from "../i18n/format";
import { atRiskTag, needsCareTag } from "../domain/owned-tags";
import { validateSettingsForm, type RawSettingsForm, type SettingsFieldError, type SettingsForm } from "../domain/shop-settings";
import { loadSettingsPage, previewSettings } from "../models/settings-page.server";
import { getShopSettings } from "../models/shop.server";
import { createNativeSegments, startApplySettings, startRemoveAllTags } from "../jobs/settings-runs.server";
import { jobQueue } from "../queue/job-queue.server";
import { FailedJobsCard } from "../components/settings/failed-jobs-card";
import { MovePreviewCard } from "../components/settings/move-preview-card";
import { SettingsRunBanner } from "../components/settings/settings-run-banner";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [page, failedJobs] = await Promise.all([loadSettingsPage(session.shop), jobQueue.failedJobs(session.shop)]);
  return json({ ...page, failedJobs });
};

const FORM_FIELDS = [
  "dormantAfterDays",
  "churnedAfterDays",
  "vipRule",
  "vipTopPercent",
  "vipMinSpend",
  "tagPrefix",
  "taggingEnabled",
  "atRiskTagEnabled",
  "needsCareTagEnabled",
  "reviewDelayDays",
] as const;

function rawForm(data: FormData): RawSettingsForm {
  return Object.fromEntries(FORM_FIELDS.map((field) => [field, data.get(field) as string | null]));
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const data = await request.formData();
  const intent = data.get("intent");
  if (intent === "preview" || intent === "save") {
    const validation = validateSettingsForm(rawForm(data));
    if (!validation.ok) return json({ intent: "invalid" as const, errors: validation.errors }, { status: 422 });
    if (intent === "save") return json({ intent: "save" as const, runId: await startApplySettings(shop, validation.settings) });
    const { tagPrefix, taggingEnabled } = await getShopSettings(shop);
    const prefixChange = taggingEnabled && tagPrefix !== validation.settings.tagPrefix ? { from: tagPrefix, to: validation.settings.tagPrefix } : null;
    return json({ intent: "preview" as const, preview: await previewSettings(shop, validation.settings), prefixChange });
  }
  if (intent === "remove-tags") return json({ intent: "remove-tags" as const, runId: await startRemoveAllTags(shop) });
  if (intent === "create-segments") return json({ intent: "create-segments" as const, segments: await createNativeSegments(shop) });
  return json({ intent: "invalid" as const, errors: [] as SettingsFieldError[] }, { status: 400 });
};

type FormValues = Record<(typeof FORM_FIELDS)[number], string | boolean>;

function initialValues(form: SettingsForm): FormValues {
  return {
    dormantAfterDays: String(form.dormantAfterDays),
    churnedAfterDays: String(form.churnedAfterDays),
    vipRule: form.vipMinSpend === null ? "top" : "min-spend",
    vipTopPercent: String(form.vipTopPercent),
    vipMinSpend: form.vipMinSpend === null ? "" : String(form.vipMinSpend),
    tagPrefix: form.tagPrefix,
    taggingEnabled: form.taggingEnabled,
    atRiskTagEnabled: form.atRiskTagEnabled,
    needsCareTagEnabled: form.needsCareTagEnabled,
    reviewDelayDays: String(form.reviewDelayDays),
  };
}

function toFormData(intent: string, values: FormValues): FormData {
  const data = new FormData();
  data.set("intent", intent);
  for (const [field, value] of Object.entries(values)) {
    if (typeof value === "string") data.set(field, value);
    else if (value) data.set(field, "on");
  }
  return data;
}

/** shopify://admin URLs open in the admin around the embedded app. */
function segmentAdminUrl(segmentId: string): string {
  return `shopify://admin/customers/segments/${segmentId.split("/").at(-1)}`;
}

const POLL_WHILE_RUNNING_MS = 1500;

export default function Settings() {
  const page = useLoaderData<typeof loader>();
  const { t, formatNumber, locale } = useI18n();
  const revalidator = useRevalidator();
  const previewFetcher = useFetcher<typeof action>();
  const saveFetcher = useFetcher<typeof action>();
  const removeFetcher = useFetcher<typeof action>();
  const segmentsFetcher = useFetcher<typeof action>();
  const [values, setValues] = useState<FormValues>(() => initialValues(page.form));
  const [previewedValues, setPreviewedValues] = useState<string | null>(null);
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  const running = page.run?.status === "queued" || page.run?.status === "running";

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_WHILE_RUNNING_MS);
    return () => clearInterval(timer);
  }, [running, revalidator]);

  // Tagging switched off by "Remove all Tsunagu tags": reflect it in the form.
  useEffect(() => {
    setValues((v) => (v.taggingEnabled === page.form.taggingEnabled ? v : { ...v, taggingEnabled: page.form.taggingEnabled }));
  }, [page.form.taggingEnabled]);

  const set = useCallback((field: keyof FormValues) => (value: string | boolean) => setValues((v) => ({ ...v, [field]: value })), []);
  const currentKey = JSON.stringify(values);
  const previewResult = previewFetcher.data?.intent === "preview" ? previewFetcher.data : undefined;
  // The errors of the last preview, on their fields (saving needs a valid preview of the same values).
  const fieldErrors = useMemo(() => {
    const errors = previewFetcher.data?.intent === "invalid" ? previewFetcher.data.errors : [];
    return new Map<string, SettingsFieldError>(errors.map((e) => [e.field, e as SettingsFieldError]));
  }, [previewFetcher.data]);
  const errorFor = (field: string) => {
    const error = fieldErrors.get(field);
    return error ? t(`settings.error.${error.code}` as Parameters<typeof t>[0]) : undefined;
  };
  const previewIsCurrent = previewResult !== undefined && previewedValues === currentKey;

  const preview = () => {
    setPreviewedValues(currentKey);
    previewFetcher.submit(toFormData("preview", values), { method: "post" });
  };
  // The progress banner is at the top of the page.
  const save = () => {
    saveFetcher.submit(toFormData("save", values), { method: "post" });
    window.scrollTo({ top: 0, behavior: "smooth" });
  };
  const removeTags = () => {
    setConfirmingRemove(false);
    removeFetcher.submit({ intent: "remove-tags" }, { method: "post" });
    window.scrollTo({ top: 0, behavior: "smooth" });
  };

  const prefix = String(values.tagPrefix);
  const suggestion = page.suggestion;
  const createdSegments = segmentsFetcher.data?.intent === "create-segments" ? segmentsFetcher.data.segments : undefined;
  const segments = createdSegments ?? page.nativeSegments;

  return (
    <Page title={t("settings.title")}>
      <TitleBar title={t("settings.title")} />
      <Layout>
        {page.run ? (
          <Layout.Section>
            <SettingsRunBanner run={page.run} />
          </Layout.Section>
        ) : null}
        {page.blockedByTagLimit > 0 ? (
          <Layout.Section>
            <Banner tone="warning">
              <Text as="p">{t("settings.tagLimit.banner", { count: formatNumber(page.blockedByTagLimit) })}</Text>
            </Banner>
          </Layout.Section>
        ) : null}
        {fieldErrors.size > 0 ? (
          <Layout.Section>
            <Banner tone="critical">
              <Text as="p">{t("settings.error.form")}</Text>
            </Banner>
          </Layout.Section>
        ) : null}

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
                <TextField label={t("settings.timeZone.label")} value={page.ianaTimezone} readOnly disabled autoComplete="off" helpText={t("settings.timeZone.help")} />
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
                          setValues((v) => ({
                            ...v,
                            dormantAfterDays: String(suggestion.dormantAfterDays),
                            churnedAfterDays: String(suggestion.churnedAfterDays),
                          }))
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
                  {t("settings.suggestion.asOf", { at: createFormatter({ locale, currencyCode: page.currencyCode, timeZone: page.ianaTimezone }).dateTime(page.suggestionAsOf) })}
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
                onChange={() => set("vipRule")("top")}
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
                onChange={() => set("vipRule")("min-spend")}
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
              <Checkbox label={t("settings.taggingEnabled.label")} checked={Boolean(values.taggingEnabled)} onChange={set("taggingEnabled")} />
              {!values.taggingEnabled ? (
                <Text as="p" tone="caution">
                  {t("settings.taggingEnabled.off")}
                </Text>
              ) : null}
              <Checkbox label={t("settings.atRiskTagEnabled.label", { tag: atRiskTag(prefix) })} checked={Boolean(values.atRiskTagEnabled)} onChange={set("atRiskTagEnabled")} />
              <Checkbox label={t("settings.needsCareTagEnabled.label", { tag: needsCareTag(prefix) })} checked={Boolean(values.needsCareTagEnabled)} onChange={set("needsCareTagEnabled")} />
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

        {previewIsCurrent && previewResult ? (
          <Layout.Section>
            <MovePreviewCard preview={previewResult.preview} prefixChange={previewResult.prefixChange} />
          </Layout.Section>
        ) : null}

        <Layout.Section>
          <InlineStack gap="300" align="end" blockAlign="center">
            {!previewIsCurrent ? (
              <Text as="span" tone="subdued">
                {t("settings.save.previewFirst")}
              </Text>
            ) : null}
            <Button onClick={preview} loading={previewFetcher.state !== "idle"}>
              {t("settings.preview.button")}
            </Button>
            <Button variant="primary" onClick={save} disabled={!previewIsCurrent || running} loading={saveFetcher.state !== "idle"}>
              {t("settings.save.button")}
            </Button>
          </InlineStack>
        </Layout.Section>

        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("settings.segments.heading")}
              </Text>
              <Text as="p" tone="subdued">
                {t("settings.segments.description")}
              </Text>
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
                <Button onClick={() => segmentsFetcher.submit({ intent: "create-segments" }, { method: "post" })} loading={segmentsFetcher.state !== "idle"} disabled={segments.length === 6}>
                  {t("settings.segments.button")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("settings.remove.heading")}
              </Text>
              <Text as="p" tone="subdued">
                {t("settings.remove.description")}
              </Text>
              <InlineStack>
                <Button tone="critical" onClick={() => setConfirmingRemove(true)} disabled={running} loading={removeFetcher.state !== "idle"}>
                  {t("settings.remove.button")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section>
          <FailedJobsCard jobs={page.failedJobs} timeZone={page.ianaTimezone} />
        </Layout.Section>
      </Layout>

      <Modal
        open={confirmingRemove}
        onClose={() => setConfirmingRemove(false)}
        title={t("settings.remove.confirmTitle")}
        primaryAction={{ content: t("settings.remove.confirm"), destructive: true, onAction: removeTags }}
        secondaryActions={[{ content: t("settings.cancel"), onAction: () => setConfirmingRemove(false) }]}
      >
        <Modal.Section>
          <Text as="p">{t("settings.remove.confirmBody", { prefix: page.form.tagPrefix })}</Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}
