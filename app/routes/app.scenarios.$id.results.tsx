// A scenario's results: entrants who received it against the holdout, conversion, revenue per entrant,
// discount cost, the uplift with its 95 % intervals and the incremental revenue after discounts, per
// scenario and per step; until there are enough entrants, how many more are needed.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { appNow } from "../clock.server";
import { loadScenarioResults, loadShopCalendar } from "../models/scenario-results.server";
import { useI18n } from "../i18n/i18n-context";
import { pageTitleMeta } from "../i18n/page-title";
import { createFormatter } from "../i18n/format";
import { copyText } from "../components/scenarios/scenario-text";
import { ResultsTables, SufficiencyBanner } from "../components/scenarios/results-tables";

export const meta = pageTitleMeta("scenarios.list.results");

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id < 1) throw new Response("Not found", { status: 404 });
  const [loaded, calendar] = await Promise.all([loadScenarioResults(session.shop, id, appNow()), loadShopCalendar(session.shop)]);
  if (!loaded) throw new Response("Not found", { status: 404 });
  return json({ ...loaded, calendar });
};

export default function ScenarioResultsPage() {
  const { scenario, results, calendar } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const format = createFormatter({ locale, currencyCode: calendar.currencyCode, timeZone: calendar.timeZone });
  const definition = scenario.definition!;
  const title = t("scenarios.results.title", { name: copyText(t, definition.name) });
  const entrants = results.treated.entrants + results.holdout.entrants;
  return (
    <Page title={title} backAction={{ content: copyText(t, definition.name), url: `/app/scenarios/${scenario.id}` }}>
      <TitleBar title={title} />
      <Layout>
        {scenario.simulated ? (
          <Layout.Section>
            <Banner tone="info">{t("scenarios.results.simulated")}</Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          {entrants === 0 ? (
            <Card>
              <Text as="p">{t("scenarios.results.none")}</Text>
            </Card>
          ) : (
            <BlockStack gap="400">
              <SufficiencyBanner comparison={results} format={format} />
              <ResultsTables definition={definition} results={results} format={format} />
              <Text as="p" tone="subdued">
                {t("scenarios.results.method", { days: definition.conversionWindowDays })}
              </Text>
            </BlockStack>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}
