// A scenario's editor: entry, steps, offers, exit, holdout; start and pause; a preview of who would enter
// today and how many steps would fire this week (from the stored segments and orders). Changes are saved
// through the admin's save bar, as in Settings.
import { useEffect, useMemo, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { SaveBar, TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, InlineStack, Layout, List, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { readForm } from "../http/read-form";
import { appNow } from "../clock.server";
import { parseScenarioDefinition, type ScenarioDefinition, type ScenarioError } from "../domain/scenarios/definition";
import type { ScenarioPreview } from "../domain/scenarios/preview";
import { loadScenario, setScenarioStatus, updateScenarioDefinition, type ScenarioStatus } from "../models/scenario.server";
import { adminClientFor } from "../services/shop-sessions.server";
import { setMarketingActivityStatus } from "../services/scenario-marketing.server";
import { loadScenarioSummary, loadShopCalendar } from "../models/scenario-results.server";
import { loadScenarioPreview } from "../models/scenario-preview.server";
import { useI18n } from "../i18n/i18n-context";
import { pageTitleMeta } from "../i18n/page-title";
import { createFormatter } from "../i18n/format";
import { ScenarioEditor } from "../components/scenarios/scenario-editor";
import { copyText } from "../components/scenarios/scenario-text";
import { StatusBadge } from "../components/scenarios/status-badge";
import { SectionCard } from "../components/section-card";

export const meta = pageTitleMeta("scenarios.title");

function scenarioId(param: string | undefined): number {
  const id = Number(param);
  if (!Number.isSafeInteger(id) || id < 1) throw new Response("Not found", { status: 404 });
  return id;
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const id = scenarioId(params.id);
  const [scenario, calendar] = await Promise.all([loadScenarioSummary(session.shop, id), loadShopCalendar(session.shop)]);
  if (!scenario) throw new Response("Not found", { status: 404 });
  const preview = scenario.definition ? await loadScenarioPreview(session.shop, scenario.definition, appNow(), calendar.timeZone) : null;
  return json({ scenario, calendar, preview });
};

type ActionResult =
  | { intent: "save"; ok: true }
  | { intent: "save" | "preview"; ok: false; errors: ScenarioError[] }
  | { intent: "preview"; ok: true; preview: ScenarioPreview }
  | { intent: "status"; ok: true; status: ScenarioStatus };

function readDefinition(form: FormData): ReturnType<typeof parseScenarioDefinition> {
  try {
    return parseScenarioDefinition(JSON.parse(String(form.get("definition"))));
  } catch {
    return { ok: false, errors: [{ path: "", code: "invalid" }] };
  }
}

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const id = scenarioId(params.id);
  const form = await readForm(request);
  const intent = String(form.get("intent"));
  if (intent === "status") {
    const status = String(form.get("status"));
    if (status !== "active" && status !== "paused") return json({ error: "unknown status" }, { status: 400 });
    const scenario = await loadScenarioSummary(session.shop, id);
    if (!scenario) throw new Response("Not found", { status: 404 });
    // A scenario whose stored definition no longer reads cannot run.
    if (status === "active" && !scenario.definition)
      return json<ActionResult>({ intent: "save", ok: false, errors: [{ path: "", code: "invalid" }] }, { status: 422 });
    await setScenarioStatus(session.shop, id, status, appNow());
    const stored = await loadScenario(session.shop, id);
    if (stored?.marketingActivityId && scenario.definition) {
      // The offline token: the activity belongs to the shop. The status stands if Shopify cannot be told.
      try {
        const activityStatus = status === "active" ? "ACTIVE" : "PAUSED";
        const admin = await adminClientFor(session.shop);
        await setMarketingActivityStatus(session.shop, admin, { id, definition: scenario.definition, stored }, activityStatus);
      } catch (error) {
        console.warn(`[tsunagu] scenario ${id} of ${session.shop}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return json<ActionResult>({ intent: "status", ok: true, status });
  }
  if (intent !== "save" && intent !== "preview") return json({ error: "unknown intent" }, { status: 400 });
  const parsed = readDefinition(form);
  if (!parsed.ok) return json<ActionResult>({ intent, ok: false, errors: parsed.errors }, { status: 422 });
  if (intent === "preview") {
    const { timeZone } = await loadShopCalendar(session.shop);
    return json<ActionResult>({
      intent,
      ok: true,
      preview: await loadScenarioPreview(session.shop, parsed.definition, appNow(), timeZone),
    });
  }
  if (!(await updateScenarioDefinition(session.shop, id, parsed.definition))) throw new Response("Not found", { status: 404 });
  return json<ActionResult>({ intent: "save", ok: true });
};

const SAVE_BAR_ID = "scenario-save-bar";

export default function ScenarioEditorPage() {
  const { scenario, calendar, preview: savedPreview } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const format = createFormatter({ locale, currencyCode: calendar.currencyCode, timeZone: calendar.timeZone });
  const saveFetcher = useFetcher<ActionResult>();
  const previewFetcher = useFetcher<ActionResult>();
  const statusFetcher = useFetcher<ActionResult>();
  const saved = scenario.definition as ScenarioDefinition | null;
  const [draft, setDraft] = useState<ScenarioDefinition | null>(saved);
  const savedKey = JSON.stringify(saved);
  useEffect(() => setDraft(JSON.parse(savedKey) as ScenarioDefinition | null), [savedKey]);
  const changed = draft !== null && JSON.stringify(draft) !== savedKey;
  const saving = saveFetcher.state !== "idle";
  const errors = useMemo(() => {
    const data = saveFetcher.data ?? previewFetcher.data;
    return data && !data.ok ? data.errors : [];
  }, [saveFetcher.data, previewFetcher.data]);
  const status = scenario.status;
  const submit = (fetcher: typeof saveFetcher, intent: string) =>
    fetcher.submit({ intent, definition: JSON.stringify(draft) }, { method: "post" });
  const preview = previewFetcher.data?.intent === "preview" && previewFetcher.data.ok ? previewFetcher.data.preview : savedPreview;
  const name = draft ? copyText(t, draft.name) : `#${scenario.id}`;

  return (
    <Page
      title={name}
      backAction={{ content: t("scenarios.backToList"), url: "/app/scenarios" }}
      titleMetadata={<StatusBadge status={status} />}
    >
      <TitleBar title={name} />
      <SaveBar id={SAVE_BAR_ID} open={changed || saving}>
        <button variant="primary" onClick={() => submit(saveFetcher, "save")} loading={saving ? "" : undefined}></button>
        <button onClick={() => setDraft(saved)} disabled={saving}></button>
      </SaveBar>
      <Layout>
        <Layout.Section>
          <BlockStack gap="300">
            {errors.length > 0 ? (
              <Banner tone="critical">
                <Text as="p">{t("scenarios.error.form")}</Text>
              </Banner>
            ) : null}
            {saveFetcher.data?.intent === "save" && saveFetcher.data.ok && !changed ? (
              <Banner tone="success">{t("scenarios.saved")}</Banner>
            ) : null}
            {statusFetcher.data?.intent === "status" ? (
              <Banner tone="info">{t(statusFetcher.data.status === "active" ? "scenarios.started" : "scenarios.paused")}</Banner>
            ) : null}
            <InlineStack gap="300" blockAlign="center">
              {status === "active" ? (
                <Button
                  onClick={() => statusFetcher.submit({ intent: "status", status: "paused" }, { method: "post" })}
                  loading={statusFetcher.state !== "idle"}
                >
                  {t("scenarios.pause")}
                </Button>
              ) : (
                <Button
                  variant="primary"
                  disabled={changed || !saved}
                  onClick={() => statusFetcher.submit({ intent: "status", status: "active" }, { method: "post" })}
                  loading={statusFetcher.state !== "idle"}
                >
                  {t(status === "paused" ? "scenarios.resume" : "scenarios.start")}
                </Button>
              )}
              <Link to={`/app/scenarios/${scenario.id}/results`}>{t("scenarios.results.open")}</Link>
            </InlineStack>
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          {draft ? (
            <ScenarioEditor
              definition={draft}
              onChange={setDraft}
              errors={errors}
              currencyCode={calendar.currencyCode}
              reviewDelayDays={calendar.reviewDelayDays}
            />
          ) : (
            <Banner tone="critical">{t("scenarios.list.invalid")}</Banner>
          )}
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <SectionCard title={t("scenarios.preview.heading")} description={t("scenarios.preview.description")}>
            {preview && draft ? (
              <>
                <Text as="p" variant="headingSm">
                  {t("scenarios.preview.enteringToday", { count: format.number(preview.enteringToday) })}
                </Text>
                <Text as="p">
                  {t("scenarios.preview.stepsThisWeek", {
                    count: format.number(preview.stepsThisWeek.reduce((sum, n) => sum + n, 0)),
                    held: format.number(preview.heldOutThisWeek),
                  })}
                </Text>
                <List>
                  {preview.stepsThisWeek.map((count, index) => (
                    <List.Item key={index}>
                      {t("scenarios.preview.perStep", {
                        n: index + 1,
                        day: draft.steps[index]?.dayOffset ?? "–",
                        count: format.number(count),
                      })}
                    </List.Item>
                  ))}
                </List>
                {preview.sample.length > 0 ? (
                  <BlockStack gap="100">
                    <Text as="h3" variant="headingSm">
                      {t("scenarios.preview.sample")}
                    </Text>
                    <InlineStack gap="200">
                      {preview.sample.map((customerId) => {
                        const numericId = customerId.split("/").at(-1);
                        return (
                          <a key={customerId} href={`shopify://admin/customers/${numericId}`} target="_top">
                            {numericId}
                          </a>
                        );
                      })}
                    </InlineStack>
                  </BlockStack>
                ) : null}
              </>
            ) : null}
            <InlineStack>
              <Button onClick={() => submit(previewFetcher, "preview")} loading={previewFetcher.state !== "idle"} disabled={!draft}>
                {t("scenarios.preview.update")}
              </Button>
            </InlineStack>
          </SectionCard>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
