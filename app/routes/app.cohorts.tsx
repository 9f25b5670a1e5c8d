import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, InlineGrid, InlineStack, Layout, List, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { appNow } from "../clock.server";
import { loadCohortsReport } from "../models/cohorts.server";
import { COHORT_SPANS, parseCohortSpan } from "../domain/report-periods";
import type { Cohort } from "../domain/cohorts";
import { useI18n } from "../i18n/i18n-context";
import { createFormatter } from "../i18n/format";
import { HeatTable, type HeatCell } from "../components/charts/heat-table";
import { UrlChoice } from "../components/url-choice";
import { SectionCard } from "../components/section-card";
import { pageTitleMeta } from "../i18n/page-title";

const VIEWS = ["retention", "repeat", "revenue"] as const;
type CohortView = (typeof VIEWS)[number];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const span = parseCohortSpan(params.get("months"));
  const view = (params.get("view") ?? "retention") as CohortView;
  if (span === null || !VIEWS.includes(view)) throw new Response("Unknown cohort view", { status: 400 });
  return json({ view, ...(await loadCohortsReport(session.shop, { span, now: appNow() })) });
};

/** The value of one cell of the grid in the chosen view. */
function cellValue(cohort: Cohort, k: number, view: CohortView): number {
  if (view === "retention") return cohort.active[k]! / cohort.customers;
  if (view === "repeat") return cohort.repeated[k]! / cohort.customers;
  return cohort.revenue[k]! / cohort.customers;
}

export const meta = pageTitleMeta("cohorts.title");

export default function Cohorts() {
  const report = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const format = createFormatter({ locale, currencyCode: report.currencyCode, timeZone: "UTC" });
  const monthFormat = new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-US", { year: "numeric", month: "short", timeZone: "UTC" });
  const monthLabel = (key: string) => monthFormat.format(new Date(`${key}-01T00:00:00Z`));
  const offsets = Array.from({ length: report.maxOffset + 1 }, (_, k) => k);
  // Month 0 retention is 100 % by definition: scale the colours on the months after it.
  const scaled = (k: number) => !(report.view === "retention" && k === 0);
  const max = Math.max(
    0,
    ...report.cohorts.flatMap((c) => offsets.filter((k) => k < c.observedMonths && scaled(k)).map((k) => cellValue(c, k, report.view))),
  );
  const show = (value: number) => (report.view === "revenue" ? format.money(value) : format.percent(value));

  return (
    <Page title={t("cohorts.title")}>
      <TitleBar title={t("cohorts.title")} />
      <BlockStack gap="400">
        <InlineStack gap="400" blockAlign="center">
          <UrlChoice
            param="months"
            label={t("cohorts.span.label")}
            choices={COHORT_SPANS.map((months) => ({ value: String(months), label: t("cohorts.span.months", { months }) }))}
            selected={String(report.span)}
          />
          <UrlChoice
            param="view"
            label={t("cohorts.view.label")}
            choices={VIEWS.map((view) => ({ value: view, label: t(`cohorts.view.${view}`) }))}
            selected={report.view}
          />
        </InlineStack>
        {report.asOf && (
          <Text as="p" tone="subdued">
            {t("cohorts.asOf", {
              at: createFormatter({ locale, currencyCode: report.currencyCode, timeZone: report.timeZone }).dateTime(report.asOf),
            })}
          </Text>
        )}
        <Layout>
          <Layout.Section>
            <SectionCard title={t("cohorts.repeat.heading")}>
              <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
                {report.repeatRates.map((r) => (
                  <BlockStack key={r.months} gap="100">
                    <Text as="h3" variant="headingSm">
                      {r.months === 1 ? t("cohorts.repeat.withinOne") : t("cohorts.repeat.within", { months: r.months })}
                    </Text>
                    <Text as="p" variant="headingLg">
                      {r.rate === null ? "—" : format.percent(r.rate)}
                    </Text>
                    <Text as="p" variant="bodySm" tone="subdued">
                      {r.rate === null
                        ? t("cohorts.repeat.notYet")
                        : t("cohorts.repeat.detail", {
                            repeaters: format.number(r.repeaters),
                            customers: format.number(r.customers),
                            cohorts: r.cohorts,
                          })}
                    </Text>
                  </BlockStack>
                ))}
              </InlineGrid>
            </SectionCard>
          </Layout.Section>
          <Layout.Section>
            <SectionCard title={t("cohorts.grid.heading")}>
              {report.cohorts.length === 0 ? (
                <Text as="p">{t("cohorts.empty")}</Text>
              ) : (
                <>
                  <HeatTable
                    caption={t(`cohorts.grid.caption.${report.view}`)}
                    cornerHeader={t("cohorts.grid.cohort")}
                    leadingHeaders={[t("cohorts.grid.customers")]}
                    columnHeaders={offsets.map((n) => t("cohorts.grid.month", { n }))}
                    rows={report.cohorts.map((cohort) => ({
                      key: cohort.month,
                      header: monthLabel(cohort.month),
                      leading: [format.number(cohort.customers)],
                      cells: offsets.map((k): HeatCell => {
                        if (k >= cohort.observedMonths) return { text: "", intensity: null };
                        const value = cellValue(cohort, k, report.view);
                        return {
                          text: show(value),
                          intensity: !scaled(k) ? 1 : max === 0 ? 0 : value / max,
                          partial: k === cohort.partialFrom,
                        };
                      }),
                    }))}
                  />
                  <Text as="p" variant="bodySm" tone="subdued">
                    {t("cohorts.grid.partial")}
                  </Text>
                </>
              )}
            </SectionCard>
          </Layout.Section>
          <Layout.Section>
            <SectionCard title={t("cohorts.definitions.heading")} gap="200">
              <List>
                <List.Item>{t("cohorts.definition.cohort")}</List.Item>
                <List.Item>{t("cohorts.definition.retention")}</List.Item>
                <List.Item>{t("cohorts.definition.repeat")}</List.Item>
                <List.Item>{t("cohorts.definition.notShopify")}</List.Item>
                <List.Item>{t("cohorts.definition.revenue")}</List.Item>
              </List>
            </SectionCard>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}
