import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineGrid, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { authenticate } from "../shopify.server";
import { loadJourneyShop, saveJourneyMap } from "../models/journey.server";
import { parseJourneyMapInput, stepWindows, type JourneyMap, type JourneyMapError } from "../domain/journey/journey-map";
import { jobQueue } from "../queue/job-queue.server";
import { appNow } from "../clock.server";
import { JOURNEY_STAGES, nextStage, type JourneyStage } from "../domain/journey/stages";
import { useI18n } from "../i18n/i18n-context";
import { pageTitleMeta } from "../i18n/page-title";
import type { MessageKey } from "../i18n/i18n";

export const meta = pageTitleMeta("journey.map.title");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { journeyMap } = await loadJourneyShop(session.shop);
  return json({ journeyMap });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
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
    await jobQueue.enqueue("sync-checkouts", { shop: session.shop, asOf: appNow().toISOString() }, { singletonKey: `sync-checkouts:${session.shop}` });
  }
  return json({ saved: true as const, errors: [] as JourneyMapError[] });
};

function percentText(share: number | null): string {
  return share === null ? "" : String(Math.round(share * 1000) / 10);
}

function StageFields({ stage, values, errors }: { stage: JourneyStage; values: JourneyMap[JourneyStage]; errors: JourneyMapError[] }) {
  const { t } = useI18n();
  const [state, setState] = useState({
    objective: values.objective ?? "",
    callToAction: values.callToAction ?? "",
    targetConversionPercent: percentText(values.targetConversion),
    windowDays: values.windowDays === null ? "" : String(values.windowDays),
    targetVolumePer30Days: values.targetVolumePer30Days === null ? "" : String(values.targetVolumePer30Days),
  });
  const errorOf = (field: JourneyMapError["field"]) => {
    const error = errors.find((e) => e.stage === stage && e.field === field);
    return error ? t(`journey.map.error.${error.problem}`) : undefined;
  };
  const next = nextStage(stage);
  const set = (key: keyof typeof state) => (value: string) => setState((s) => ({ ...s, [key]: value }));
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t(`journey.stage.${stage}` as MessageKey)}
        </Text>
        <FormLayout>
          <TextField
            label={t("journey.map.objective")}
            name={`${stage}.objective`}
            value={state.objective}
            onChange={set("objective")}
            placeholder={t(`journey.map.${stage}.objective` as MessageKey)}
            autoComplete="off"
            multiline={2}
            error={errorOf("objective")}
          />
          <TextField
            label={t("journey.map.callToAction")}
            name={`${stage}.callToAction`}
            value={state.callToAction}
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
                value={state.windowDays}
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
                value={state.targetConversionPercent}
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
              value={state.targetVolumePer30Days}
              onChange={set("targetVolumePer30Days")}
              autoComplete="off"
              error={errorOf("targetVolumePer30Days")}
            />
          </InlineGrid>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}

export default function JourneyMapPage() {
  const { journeyMap } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const errors = result?.errors ?? [];
  return (
    <Page title={t("journey.map.title")} backAction={{ content: t("journey.map.back"), url: "/app" }}>
      <TitleBar title={t("journey.map.title")} />
      <Form method="post">
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <Text as="p" tone="subdued">
                {t("journey.map.intro")}
              </Text>
              {result?.saved && <Banner tone="success">{t("journey.map.saved")}</Banner>}
              {JOURNEY_STAGES.map((stage) => (
                <StageFields key={stage} stage={stage} values={journeyMap[stage]} errors={errors} />
              ))}
              <BlockStack inlineAlign="end">
                <Button submit variant="primary" loading={navigation.state === "submitting"}>
                  {t("journey.map.save")}
                </Button>
              </BlockStack>
              <Link to="/app">{t("journey.map.back")}</Link>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}
