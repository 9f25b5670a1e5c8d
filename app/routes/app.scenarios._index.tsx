// Scenarios: the shop's scenarios with their status, and the defaults (one per segment and the review
// request) to create one from in a click.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Button, Card, DataTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { readForm } from "../http/read-form";
import { DEFAULT_TEMPLATES, defaultScenario } from "../domain/scenarios/defaults";
import { createScenario } from "../models/scenario.server";
import { loadScenarioList, loadShopCalendar } from "../models/scenario-results.server";
import { useI18n } from "../i18n/i18n-context";
import { pageTitleMeta } from "../i18n/page-title";
import { createFormatter } from "../i18n/format";
import { copyText, entryText, stepsText } from "../components/scenarios/scenario-text";
import { StatusBadge } from "../components/scenarios/status-badge";
import { SectionCard } from "../components/section-card";

export const meta = pageTitleMeta("scenarios.title");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  // Shopify's redirect keeps the embedded app's parameters (a plain one would lose the session).
  const { session, redirect } = await authenticate.admin(request);
  const [scenarios, calendar] = await Promise.all([loadScenarioList(session.shop), loadShopCalendar(session.shop)]);
  // From the journey's bottleneck card: open the scenario made from that default, or offer to create it.
  const template = new URL(request.url).searchParams.get("template");
  const suggested = (DEFAULT_TEMPLATES as readonly string[]).includes(template ?? "") ? template : null;
  const existing = scenarios.find((s) => s.definition?.template === suggested);
  if (suggested && existing) throw redirect(`/app/scenarios/${existing.id}`);
  return json({
    scenarios,
    calendar,
    suggested,
    defaults: DEFAULT_TEMPLATES.map((t) => defaultScenario(t, calendar)).sort(
      (a, b) => Number(b.template === suggested) - Number(a.template === suggested),
    ),
  });
};

/** Create a scenario from a default and open it in the editor. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, redirect } = await authenticate.admin(request);
  const template = String((await readForm(request)).get("template"));
  if (!(DEFAULT_TEMPLATES as readonly string[]).includes(template)) return json({ error: "unknown template" }, { status: 400 });
  const calendar = await loadShopCalendar(session.shop);
  const scenario = await createScenario(session.shop, defaultScenario(template as (typeof DEFAULT_TEMPLATES)[number], calendar));
  return redirect(`/app/scenarios/${scenario.id}`);
};

export default function ScenariosPage() {
  const { scenarios, calendar, defaults, suggested } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const format = createFormatter({ locale, currencyCode: calendar.currencyCode, timeZone: calendar.timeZone });
  const navigation = useNavigation();
  const creating = navigation.state !== "idle" ? navigation.formData?.get("template") : null;
  const existing = new Map(scenarios.flatMap((s) => (s.definition ? [[s.definition.template, s.id] as const] : [])));

  return (
    <Page title={t("scenarios.title")}>
      <TitleBar title={t("scenarios.title")} />
      <Layout>
        <Layout.Section>
          <Text as="p">{t("scenarios.intro")}</Text>
        </Layout.Section>
        <Layout.Section>
          <SectionCard title={t("scenarios.list.heading")}>
            {scenarios.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("scenarios.list.empty")}
              </Text>
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "numeric", "numeric", "text", "text"]}
                headings={[
                  t("scenarios.list.name"),
                  t("scenarios.list.entry"),
                  t("scenarios.list.steps"),
                  t("scenarios.list.holdout"),
                  t("scenarios.list.status"),
                  "",
                ]}
                rows={scenarios.map((s) => [
                  <Link key="name" to={`/app/scenarios/${s.id}`}>
                    {s.definition ? copyText(t, s.definition.name) : `#${s.id}`}
                  </Link>,
                  s.definition ? entryText(t, s.definition.entry) : t("scenarios.list.invalid"),
                  s.definition ? format.number(s.definition.steps.length) : "–",
                  s.definition ? format.percent(s.definition.holdoutShare) : "–",
                  <StatusBadge key="status" status={s.status} />,
                  <InlineStack key="links" gap="200">
                    <Link to={`/app/scenarios/${s.id}`}>{t("scenarios.list.edit")}</Link>
                    <Link to={`/app/scenarios/${s.id}/results`}>{t("scenarios.list.results")}</Link>
                  </InlineStack>,
                ])}
              />
            )}
          </SectionCard>
        </Layout.Section>
        <Layout.Section>
          <SectionCard title={t("scenarios.defaults.heading")} description={t("scenarios.defaults.description")}>
            {defaults.map((definition) => {
              const existingId = existing.get(definition.template);
              return (
                <Card key={definition.template} background={definition.template === suggested ? "bg-surface-info" : "bg-surface-secondary"}>
                  {definition.template === suggested ? <Text as="p">{t("scenarios.bottleneck.suggested")}</Text> : null}
                  <InlineStack align="space-between" blockAlign="center" gap="300" wrap={false}>
                    <BlockStack gap="100">
                      <Text as="h3" variant="headingSm">
                        {copyText(t, definition.name)}
                      </Text>
                      <Text as="p">
                        <Badge>{entryText(t, definition.entry)}</Badge> {stepsText(t, format, definition)}
                      </Text>
                    </BlockStack>
                    {existingId !== undefined ? (
                      <Link to={`/app/scenarios/${existingId}`}>{t("scenarios.defaults.open")}</Link>
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="template" value={definition.template} />
                        <Button
                          submit
                          loading={creating === definition.template}
                          accessibilityLabel={`${t("scenarios.defaults.create")}: ${copyText(t, definition.name)}`}
                        >
                          {t("scenarios.defaults.create")}
                        </Button>
                      </Form>
                    )}
                  </InlineStack>
                </Card>
              );
            })}
          </SectionCard>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
