// Settings → lifecycle rules: thresholds, VIP rule, tags, review delay. A change is previewed (who would
// move where; app.settings.preview) before the admin's save bar can save it; saving applies it in the
// background (the layout shows the progress).
import { useEffect, useMemo, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { SaveBar } from "@shopify/app-bridge-react";
import { Banner, Button, InlineStack, Layout, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { readForm } from "../http/read-form";
import { useI18n } from "../i18n/i18n-context";
import { validateSettingsForm, type SettingsFieldError } from "../domain/shop-settings";
import { loadRulesForm } from "../models/settings-page.server";
import { startApplySettings } from "../jobs/settings-runs.server";
import { MovePreviewCard } from "../components/settings/move-preview-card";
import { RulesFormCards } from "../components/settings/rules-form-cards";
import { rawRulesForm, rulesFormData, rulesFormValues, type RulesFormValues } from "../components/settings/rules-form-values";
import { isRunning } from "../components/settings/settings-run-banner";
import type { loader as settingsLoader } from "./app.settings";
import type { action as previewAction } from "./app.settings.preview";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await loadRulesForm(session.shop));
};

/** Save the settings and apply them in the background. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const validation = validateSettingsForm(rawRulesForm(await readForm(request)));
  if (!validation.ok) return json({ errors: validation.errors, runId: null }, { status: 422 });
  return json({ errors: [] as SettingsFieldError[], runId: await startApplySettings(session.shop, validation.settings) });
};

const SAVE_BAR_ID = "settings-rules-save-bar";

export default function RulesSettings() {
  const page = useLoaderData<typeof loader>();
  const run = useRouteLoaderData<typeof settingsLoader>("routes/app.settings")?.run ?? null;
  const { t } = useI18n();
  const previewFetcher = useFetcher<typeof previewAction>();
  const saveFetcher = useFetcher<typeof action>();
  const saved = useMemo(() => rulesFormValues(page.form), [page.form]);
  const [values, setValues] = useState<RulesFormValues>(saved);
  const [previewedKey, setPreviewedKey] = useState<string | null>(null);

  // Tagging switched off by "Remove all Tsunagu tags": reflect it in the form.
  useEffect(() => {
    setValues((v) => (v.taggingEnabled === page.form.taggingEnabled ? v : { ...v, taggingEnabled: page.form.taggingEnabled }));
  }, [page.form.taggingEnabled]);

  const currentKey = JSON.stringify(values);
  const changed = currentKey !== JSON.stringify(saved);
  const previewResult = previewFetcher.data?.ok ? previewFetcher.data : undefined;
  const previewIsCurrent = previewResult !== undefined && previewedKey === currentKey;
  // The errors of the last preview, on their fields (saving needs a valid preview of the same values).
  const fieldErrors = useMemo(() => {
    const errors = previewFetcher.data && !previewFetcher.data.ok ? previewFetcher.data.errors : [];
    return new Map<string, SettingsFieldError>(errors.map((e) => [e.field, e as SettingsFieldError]));
  }, [previewFetcher.data]);
  const errorFor = (field: string) => {
    const error = fieldErrors.get(field);
    return error ? t(`settings.error.${error.code}` as Parameters<typeof t>[0]) : undefined;
  };

  const preview = () => {
    setPreviewedKey(currentKey);
    previewFetcher.submit(rulesFormData(values), { method: "post", action: "/app/settings/preview" });
  };
  // The progress banner is at the top of the page.
  const save = () => {
    saveFetcher.submit(rulesFormData(values), { method: "post", action: "/app/settings?index" });
    window.scrollTo({ top: 0, behavior: "smooth" });
  };
  const discard = () => setValues(saved);
  const saving = saveFetcher.state !== "idle";

  return (
    <>
      <SaveBar id={SAVE_BAR_ID} open={changed || saving}>
        <button variant="primary" onClick={save} disabled={!previewIsCurrent || isRunning(run)} loading={saving ? "" : undefined}></button>
        <button onClick={discard} disabled={saving}></button>
      </SaveBar>
      {fieldErrors.size > 0 ? (
        <Layout.Section>
          <Banner tone="critical">
            <Text as="p">{t("settings.error.form")}</Text>
          </Banner>
        </Layout.Section>
      ) : null}
      <RulesFormCards page={page} values={values} onChange={(changes) => setValues((v) => ({ ...v, ...changes }))} errorFor={errorFor} />
      {previewIsCurrent && previewResult ? (
        <Layout.Section>
          <MovePreviewCard preview={previewResult.preview} prefixChange={previewResult.prefixChange} />
        </Layout.Section>
      ) : null}
      <Layout.Section>
        <InlineStack gap="300" align="end" blockAlign="center">
          {changed && !previewIsCurrent ? (
            <Text as="span" tone="subdued">
              {t("settings.save.previewFirst")}
            </Text>
          ) : null}
          <Button onClick={preview} loading={previewFetcher.state !== "idle"}>
            {t("settings.preview.button")}
          </Button>
        </InlineStack>
      </Layout.Section>
    </>
  );
}
