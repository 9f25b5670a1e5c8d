import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { SaveBar, TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, FormLayout, InlineGrid, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { authenticate } from "../shopify.server";
import { readForm } from "../http/read-form";
import { loadJourneyShop, saveJourneyMap } from "../models/journey.server";
import { parseJourneyMapInput, stepWindows, type JourneyMap, type JourneyMapError } from "../domain/journey/journey-map";
import { jobQueue } from "../queue/job-queue.server";
import { appNow } from "../clock.server";
import { JOURNEY_STAGES, nextStage, type JourneyStage } from "../domain/journey/stages";
import { useI18n } from "../i18n/i18n-context";
import { pageTitleMeta } from "../i18n/page-title";
import type { MessageKey } from "../i18n/i18n";
import { SectionCard } from "../components/section-card";

export const meta = pageTitleMeta("journey.map.title");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { journeyMap } = await loadJourneyShop(session.shop);
  return json({ journeyMap });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await readForm(request);
  const input = Object.fromEntries(
    JOURNEY_STAGES.map((stage) => [
      stage,
      {
        objective: form.get(`${stage}.objective`),
        callToAction: form.get(`${stage}.callToAction`),
        targetConversionPercent: form.get(`${stage}.targetConversionPercent`),
        windowDays: form.get(`${stage}.windowDays`),
        targetVolumePer30Days: form.get(`${stage}.targetVolumePer30Days`),
      },
    ]),
  ) as Parameters<typeof parseJourneyMapInput>[0];
  const parsed = parseJourneyMapInput(input);
  if (!parsed.ok) return json({ saved: false as const, errors: parsed.errors }, { status: 400 });
  const { journeyMap: before } = await loadJourneyShop(session.shop);
  await saveJourneyMap(session.shop, parsed.map);
  // New step windows need the journey rows counted again.
  if (JSON.stringify(stepWindows(before)) !== JSON.stringify(stepWindows(parsed.map))) {
    await jobQueue.enqueue(
      "sync-checkouts",
      { shop: session.shop, asOf: appNow().toISOString() },
      { singletonKey: `sync-checkouts:${session.shop}` },
    );
  }
  return json({ saved: true as const, errors: [] as JourneyMapError[] });
};

function percentText(share: number | null): string {
  return share === null ? "" : String(Math.round(share * 1000) / 10);
}

type StageValues = Record<"objective" | "callToAction" | "targetConversionPercent" | "windowDays" | "targetVolumePer30Days", string>;

/** The form's text values of a stored journey map (the action parses the same names back). */
function formValues(map: JourneyMap): Record<JourneyStage, StageValues> {
  return Object.fromEntries(
    JOURNEY_STAGES.map((stage) => {
      const values = map[stage];
      return [
        stage,
        {
          objective: values.objective ?? "",
          callToAction: values.callToAction ?? "",
          targetConversionPercent: percentText(values.targetConversion),
          windowDays: values.windowDays === null ? "" : String(values.windowDays),
          targetVolumePer30Days: values.targetVolumePer30Days === null ? "" : String(values.targetVolumePer30Days),
        },
      ];
    }),
  ) as Record<JourneyStage, StageValues>;
}

function formData(values: Record<JourneyStage, StageValues>): FormData {
  const data = new FormData();
  for (const stage of JOURNEY_STAGES) {
    for (const [field, value] of Object.entries(values[stage])) data.set(`${stage}.${field}`, value);
  }
  return data;
}

function StageFields({
  stage,
  values,
  errors,
  onChange,
}: {
  stage: JourneyStage;
  values: StageValues;
  errors: JourneyMapError[];
  onChange: (field: keyof StageValues, value: string) => void;
}) {
  const { t } = useI18n();
  const errorOf = (field: JourneyMapError["field"]) => {
    const error = errors.find((e) => e.stage === stage && e.field === field);
    return error ? t(`journey.map.error.${error.problem}`) : undefined;
  };
  const next = nextStage(stage);
  const set = (key: keyof StageValues) => (value: string) => onChange(key, value);
  return (
    <SectionCard title={t(`journey.stage.${stage}` as MessageKey)}>
      <FormLayout>
        <TextField
          label={t("journey.map.objective")}
          name={`${stage}.objective`}
          value={values.objective}
          onChange={set("objective")}
          placeholder={t(`journey.map.${stage}.objective` as MessageKey)}
          autoComplete="off"
          multiline={2}
          error={errorOf("objective")}
        />
        <TextField
          label={t("journey.map.callToAction")}
          name={`${stage}.callToAction`}
          value={values.callToAction}
          onChange={set("callToAction")}
          placeholder={t(`journey.map.${stage}.callToAction` as MessageKey)}
          autoComplete="off"
          multiline={2}
          error={errorOf("callToAction")}
        />
        <InlineGrid columns={3} gap="300">
          {next ? (
            <TextField
              label={t("journey.map.windowDays", { stage: t(`journey.stage.${next}` as MessageKey) })}
              name={`${stage}.windowDays`}
              type="number"
              min={1}
              max={365}
              step={1}
              value={values.windowDays}
              onChange={set("windowDays")}
              autoComplete="off"
              error={errorOf("windowDays")}
            />
          ) : (
            <div />
          )}
          {next ? (
            <TextField
              label={t("journey.map.targetConversion", { stage: t(`journey.stage.${next}` as MessageKey) })}
              name={`${stage}.targetConversionPercent`}
              type="number"
              min={0}
              max={100}
              step={0.1}
              suffix="%"
              value={values.targetConversionPercent}
              onChange={set("targetConversionPercent")}
              autoComplete="off"
              error={errorOf("targetConversion")}
            />
          ) : (
            <div />
          )}
          <TextField
            label={t("journey.map.targetVolume")}
            name={`${stage}.targetVolumePer30Days`}
            type="number"
            min={0}
            step={1}
            value={values.targetVolumePer30Days}
            onChange={set("targetVolumePer30Days")}
            autoComplete="off"
            error={errorOf("targetVolumePer30Days")}
          />
        </InlineGrid>
      </FormLayout>
    </SectionCard>
  );
}

const SAVE_BAR_ID = "journey-map-save-bar";

export default function JourneyMapPage() {
  const { journeyMap } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const { t } = useI18n();
  const saved = useMemo(() => formValues(journeyMap), [journeyMap]);
  const [values, setValues] = useState(saved);
  // A save reloads the map: the form starts again from what is stored.
  useEffect(() => setValues(saved), [saved]);
  const changed = JSON.stringify(values) !== JSON.stringify(saved);
  const saving = fetcher.state !== "idle";
  const result = fetcher.data;
  const errors = result?.errors ?? [];
  const save = () => fetcher.submit(formData(values), { method: "post" });
  const discard = () => setValues(saved);
  return (
    <Page title={t("journey.map.title")} backAction={{ content: t("journey.map.back"), url: "/app" }}>
      <TitleBar title={t("journey.map.title")} />
      <SaveBar id={SAVE_BAR_ID} open={changed || saving}>
        <button variant="primary" onClick={save} loading={saving ? "" : undefined}></button>
        <button onClick={discard} disabled={saving}></button>
      </SaveBar>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" tone="subdued">
              {t("journey.map.intro")}
            </Text>
            {result?.saved && !changed && <Banner tone="success">{t("journey.map.saved")}</Banner>}
            {errors.length > 0 && <Banner tone="critical">{t("journey.map.error.form")}</Banner>}
            {JOURNEY_STAGES.map((stage) => (
              <StageFields
                key={stage}
                stage={stage}
                values={values[stage]}
                errors={errors}
                onChange={(field, value) => setValues((v) => ({ ...v, [stage]: { ...v[stage], [field]: value } }))}
              />
            ))}
            <Link to="/app">{t("journey.map.back")}</Link>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
