// 定期購入: retention by delivery (heatmap and table, walls highlighted) per start month and per selling
// plan, the sBG fit of each group, the KPIs (F2, 引上率, 定期継続率, 休眠率, 1-year LTV) with their
// definitions, and the monthly report. The figures are computed by the sync and the daily refresh
// (app/jobs/subscription-report.server.ts); the loader reads one stored row.
import type { LoaderFunctionArgs, TypedResponse } from "@remix-run/node";
import { Link as RemixLink, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Card, InlineGrid, InlineStack, Page, Text } from "@shopify/polaris";
import { SectionCard } from "../components/section-card";
import { DownloadButton } from "../components/download-button";
import { SUBSCRIPTION_REPORT_RULES, type StoredRetentionRow, type StoredSubscriptionReport } from "../domain/subscriptions/report";
import { createFormatter, type Formatter } from "../i18n/format";
import type { MessageKey } from "../i18n/i18n";
import { useI18n } from "../i18n/i18n-context";
import { pageTitleMeta } from "../i18n/page-title";
import { loadSubscriptionPage } from "../models/subscription.server";
import { authenticate } from "../shopify.server";
import { MonthlyTable } from "../components/subscriptions/monthly-table";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { reportJson, currencyCode, timeZone } = await loadSubscriptionPage(session.shop);
  // The stored report's text goes out as stored: what json() would send, without parsing it first.
  const body = `{"report":${reportJson ?? "null"},"currencyCode":${JSON.stringify(currencyCode)},"timeZone":${JSON.stringify(timeZone)}}`;
  return new Response(body, { headers: { "Content-Type": "application/json; charset=utf-8" } }) as TypedResponse<{
    report: StoredSubscriptionReport | null;
    currencyCode: string;
    timeZone: string;
  }>;
};

export const meta = pageTitleMeta("subscriptions.title");

const MAX_DELIVERIES_SHOWN = SUBSCRIPTION_REPORT_RULES.deliveriesShown;

// White → blue by share; a wall gets a red outline. Up to 60 % the cells stay light (dark text), above
// it they are dark (white text): both keep a contrast of at least 4.5:1.
const DARK_FROM = 0.6;
function heat(reach: number): string {
  const light = reach <= DARK_FROM ? 97 - (reach / DARK_FROM) * 32 : 42 - ((reach - DARK_FROM) / (1 - DARK_FROM)) * 17;
  return `hsl(213, 70%, ${Math.round(light)}%)`;
}

function RetentionHeatmap({
  rows,
  label,
  format,
}: {
  rows: StoredRetentionRow[];
  label: (row: StoredRetentionRow) => string;
  format: Formatter;
}) {
  const { t } = useI18n();
  const deliveries = Math.min(MAX_DELIVERIES_SHOWN, Math.max(1, ...rows.map((r) => r.reach.length)));
  const cell = { padding: "4px 6px", textAlign: "right" as const, fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" as const };
  return (
    <div style={{ overflowX: "auto", maxWidth: "100%" }}>
      <table style={{ borderCollapse: "collapse", fontSize: 12 }} data-testid="retention-heatmap">
        <thead>
          <tr>
            <th style={{ ...cell, textAlign: "left" }}>{t("subscriptions.retention.group")}</th>
            <th style={cell}>{t("subscriptions.retention.subscribers")}</th>
            {Array.from({ length: deliveries }, (_, k) => (
              <th key={k} style={cell}>
                {t("subscriptions.retention.delivery", { delivery: k + 1 })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.cohort}|${row.sellingPlanId}`}>
              <td style={{ ...cell, textAlign: "left" }}>{label(row)}</td>
              <td style={cell}>{format.number(row.subscribers)}</td>
              {Array.from({ length: deliveries }, (_, k) => {
                const reach = row.reach[k];
                // a wall after delivery k lowers the reach of delivery k + 1: outline that cell
                const wall = row.walls.includes(k);
                return (
                  <td
                    key={k}
                    style={{
                      ...cell,
                      background: reach === undefined ? undefined : heat(reach),
                      color: reach !== undefined && reach > DARK_FROM ? "white" : undefined,
                      outline: wall ? "2px solid #c5280c" : undefined,
                      outlineOffset: -2,
                    }}
                    title={wall ? t("subscriptions.retention.wall", { delivery: k }) : undefined}
                    data-wall={wall ? "true" : undefined}
                  >
                    {reach === undefined ? "" : format.percent(reach)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FitTable({
  rows,
  label,
  format,
  report,
}: {
  rows: StoredRetentionRow[];
  label: (row: StoredRetentionRow) => string;
  format: Formatter;
  report: StoredSubscriptionReport;
}) {
  const { t } = useI18n();
  const cell = { padding: "4px 8px", verticalAlign: "top" as const, fontSize: 12 };
  const num = (v: number | null, digits = 3) => (v === null || !Number.isFinite(v) ? "—" : format.number(v, digits));
  return (
    <div style={{ overflowX: "auto", maxWidth: "100%" }}>
      <table style={{ borderCollapse: "collapse" }}>
        <thead>
          <tr>
            {[
              "retention.group",
              "fit.alphaBeta",
              "fit.logLikelihood",
              "fit.projected",
              "fit.remaining",
              "fit.value",
              "fit.diagnostics",
            ].map((key) => (
              <th key={key} style={{ ...cell, textAlign: "left" }}>
                {t(`subscriptions.${key}` as MessageKey)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const fit = row.fit;
            return (
              <tr key={`${row.cohort}|${row.sellingPlanId}`} style={{ borderTop: "1px solid #e1e3e5" }}>
                <td style={cell}>{label(row)}</td>
                {fit.ok ? (
                  <>
                    <td style={cell}>
                      {num(fit.alpha)} (± {num(fit.standardErrors?.alpha ?? null)}), {num(fit.beta)} (±{" "}
                      {num(fit.standardErrors?.beta ?? null)})
                    </td>
                    <td style={cell}>{num(fit.logLikelihood, 1)}</td>
                    <td style={cell}>
                      {fit.projected
                        .map((p, j) =>
                          // Stored before projectedFromDelivery existed: percentages only.
                          fit.projectedFromDelivery ? `#${fit.projectedFromDelivery + j} ${format.percent(p)}` : format.percent(p),
                        )
                        .join(" · ")}
                    </td>
                    <td style={cell}>
                      {fit.expectedRemainingDeliveries === null ? t("subscriptions.fit.infinite") : num(fit.expectedRemainingDeliveries, 1)}
                    </td>
                    <td style={cell}>{fit.discountedExpectedValue === null ? "—" : format.money(fit.discountedExpectedValue)}</td>
                    <td style={cell}>
                      {t("subscriptions.fit.diagnosticsValue", {
                        subscribers: format.number(fit.subscribers),
                        cancellations: format.number(fit.cancellations),
                        evaluations: format.number(fit.evaluations ?? 0),
                        gradient: (fit.gradientMax ?? 0).toExponential(1),
                      })}
                      {fit.firstObservedDelivery && fit.firstObservedDelivery > 1
                        ? t("subscriptions.fit.firstObserved", { delivery: format.number(fit.firstObservedDelivery) })
                        : null}
                    </td>
                  </>
                ) : (
                  <td style={cell} colSpan={6}>
                    {t("subscriptions.fit.failed", { reason: t(`subscriptions.fit.reason.${fit.failure}` as MessageKey) })}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      <Text as="p" variant="bodySm" tone="subdued">
        {t("subscriptions.fit.definition", { rate: format.percent(report.annualDiscountRate) })}
      </Text>
      {rows.some((row) => row.fit.ok && row.fit.expectedRemainingDeliveries === null) ? (
        <Text as="p" variant="bodySm" tone="subdued">
          {t("subscriptions.fit.infiniteNote")}
        </Text>
      ) : null}
    </div>
  );
}

function Kpi({ title, value, detail, definition }: { title: string; value: string; detail?: string; definition: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm">
          {title}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
        {detail ? (
          <Text as="p" variant="bodySm">
            {detail}
          </Text>
        ) : null}
        <Text as="p" variant="bodySm" tone="subdued">
          {definition}
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function SubscriptionsPage() {
  const { report, currencyCode, timeZone } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const format = createFormatter({ locale, currencyCode, timeZone });
  const title = t("subscriptions.title");
  const share = (v: number | null) => (v === null ? "—" : format.percent(v));
  const of = (part: number, whole: number) => t("subscriptions.kpi.of", { part: format.number(part), whole: format.number(whole) });
  if (!report || report.totals.subscribers === 0) {
    return (
      <Page title={title}>
        <TitleBar title={title} />
        <Card>
          <BlockStack gap="200">
            <Text as="p">{t("subscriptions.intro")}</Text>
            <Text as="p">{t("subscriptions.none")}</Text>
          </BlockStack>
        </Card>
      </Page>
    );
  }
  const planName = (id: string | null) => (id === null ? "" : (report.planNames[id] ?? id.split("/").pop()!));
  const derived = Object.values(report.planNames).some((name) => name.includes("[Derived]"));
  const continuationAt = (delivery: number) => report.kpis.continuation.find((c) => c.delivery === delivery);
  return (
    <Page title={title}>
      <TitleBar title={title} />
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="200">
            <Text as="p">{t("subscriptions.intro")}</Text>
            <Text as="p" variant="bodySm" tone="subdued">
              {t("subscriptions.computedAt", { date: format.dateTime(report.asOf) })}{" "}
              {t("subscriptions.totals", {
                subscribers: format.number(report.totals.subscribers),
                active: format.number(report.totals.active),
                paused: format.number(report.totals.paused),
                ended: format.number(report.totals.ended),
              })}
            </Text>
          </BlockStack>
        </Card>
        {derived ? <Banner tone="info">{t("subscriptions.derived")}</Banner> : null}

        <Text as="h2" variant="headingMd">
          {t("subscriptions.kpis.title")}
        </Text>
        <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="300">
          {report.kpis.f2.map((f) => (
            <Kpi
              key={`f2-${f.days}`}
              title={t("subscriptions.kpi.f2", { days: f.days })}
              value={share(f.rate)}
              detail={of(f.converted, f.eligible)}
              definition={t("subscriptions.kpi.f2.definition", { days: f.days })}
            />
          ))}
          {report.kpis.upgrade.map((u) => (
            <Kpi
              key={`up-${u.days}`}
              title={t("subscriptions.kpi.upgrade", { days: u.days })}
              value={share(u.rate)}
              detail={of(u.upgraded, u.eligible)}
              definition={t("subscriptions.kpi.upgrade.definition", { days: u.days })}
            />
          ))}
          {[2, 3, 6].map((delivery) => {
            const c = continuationAt(delivery);
            // Stored before continuationFrom existed: every delivery was counted from the first.
            const from = report.kpis.continuationFrom ?? 1;
            return (
              <Kpi
                key={`cont-${delivery}`}
                title={t("subscriptions.kpi.continuation", { delivery })}
                value={c && c.reach !== null ? format.percent(c.reach) : "—"}
                detail={
                  from === 1
                    ? undefined
                    : t(delivery <= from ? "subscriptions.kpi.continuation.notObserved" : "subscriptions.kpi.continuation.from", {
                        delivery: from,
                      })
                }
                definition={t("subscriptions.kpi.continuation.definition")}
              />
            );
          })}
          <Kpi
            title={t("subscriptions.kpi.dormancy")}
            value={share(report.kpis.dormancy.rate)}
            detail={of(report.kpis.dormancy.dormant, report.kpis.dormancy.base)}
            definition={t("subscriptions.kpi.dormancy.definition")}
          />
        </InlineGrid>

        <SectionCard title={t("subscriptions.ltv.title")} description={t("subscriptions.ltv.definition")} gap="200">
          <div style={{ overflowX: "auto" }}>
            <table style={{ borderCollapse: "collapse", fontSize: 13 }}>
              <thead>
                <tr>
                  {["cohort", "customers", "realised", "predicted"].map((key) => (
                    <th key={key} style={{ padding: "4px 10px", textAlign: key === "cohort" ? "left" : "right" }}>
                      {t(`subscriptions.ltv.${key}` as MessageKey)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.kpis.ltv.map((row) => (
                  <tr key={row.cohort} style={{ borderTop: "1px solid #e1e3e5" }}>
                    <td style={{ padding: "4px 10px" }}>{row.cohort}</td>
                    <td style={{ padding: "4px 10px", textAlign: "right" }}>{format.number(row.customers)}</td>
                    <td style={{ padding: "4px 10px", textAlign: "right" }}>
                      {format.money(row.realised)} ({t(row.complete ? "subscriptions.ltv.complete" : "subscriptions.ltv.soFar")})
                    </td>
                    <td style={{ padding: "4px 10px", textAlign: "right" }}>{format.money(row.predicted)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </SectionCard>

        <SectionCard title={t("subscriptions.retention.title")} description={t("subscriptions.retention.definition")}>
          <Text as="h3" variant="headingSm">
            {t("subscriptions.retention.byCohort")}
          </Text>
          <RetentionHeatmap rows={report.byCohort} label={(row) => row.cohort ?? ""} format={format} />
          <Text as="h3" variant="headingSm">
            {t("subscriptions.retention.byPlan")}
          </Text>
          <RetentionHeatmap rows={report.byPlan} label={(row) => planName(row.sellingPlanId)} format={format} />
        </SectionCard>

        <SectionCard title={t("subscriptions.fit.title")}>
          <FitTable rows={report.byPlan} label={(row) => planName(row.sellingPlanId)} format={format} report={report} />
          <FitTable rows={report.byCohort} label={(row) => row.cohort ?? ""} format={format} report={report} />
        </SectionCard>

        <SectionCard
          title={t("subscriptions.monthly.title")}
          action={
            <InlineStack gap="200">
              <DownloadButton
                href={`/app/subscriptions/monthly-csv?locale=${locale}`}
                label={t("subscriptions.monthly.csv")}
                failedMessage={t("subscriptions.monthly.downloadFailed")}
              />
              <RemixLink to="/app/subscriptions/monthly">{t("subscriptions.monthly.print")}</RemixLink>
            </InlineStack>
          }
        >
          <MonthlyTable rows={report.monthly} format={format} />
          <Text as="p" variant="bodySm" tone="subdued">
            {t("subscriptions.monthly.definition")}
          </Text>
        </SectionCard>
      </BlockStack>
    </Page>
  );
}
