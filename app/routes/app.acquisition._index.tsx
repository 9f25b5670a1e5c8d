// 獲得分析 / Acquisition: which channel and which first product bring customers who buy again, and what
// they buy next (docs/touchpoints.md §5–6). The figures are computed by the sync, the daily refresh and
// after a channel-rule edit (app/jobs/acquisition-report.server.ts); the loader reads one stored row, which
// holds the titles of the products it shows.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link as RemixLink, useLoaderData, useNavigate } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, ButtonGroup, Card, DataTable, InlineStack, Page, Select, Text } from "@shopify/polaris";
import { SectionCard } from "../components/section-card";
import { useState } from "react";
import { AcquisitionTable, f2Rate } from "../components/acquisition/acquisition-table";
import { BarChart, ColumnChart } from "../components/acquisition/bar-chart";
import { ChartFrame } from "../components/charts/chart-frame";
import { DownloadButton } from "../components/download-button";
import { appEnv } from "../env.server";
import {
  DAYS_TO_CONVERSION_BUCKETS,
  PRODUCT_ROWS_SHOWN,
  REPORT_CHANNELS,
  type AcquisitionReport,
  type AcquisitionRow,
  type ChannelJourney,
} from "../domain/touchpoints/acquisition-report";
import type { CohortCount } from "../domain/journey/cohort-conversion";
import { createFormatter, type Formatter } from "../i18n/format";
import type { MessageKey } from "../i18n/i18n";
import { useI18n } from "../i18n/i18n-context";
import { pageTitleMeta } from "../i18n/page-title";
import { loadAcquisitionReport } from "../models/acquisition.server";
import { getShopSettings } from "../models/shop.server";
import { authenticate } from "../shopify.server";

const CHANNEL_FILTERS = ["all", ...REPORT_CHANNELS] as const;
type ChannelFilter = (typeof CHANNEL_FILTERS)[number];
const isChannelFilter = (value: string): value is ChannelFilter => (CHANNEL_FILTERS as readonly string[]).includes(value);

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const channel = new URL(request.url).searchParams.get("channel") ?? "all";
  if (!isChannelFilter(channel)) throw json({ error: "unknown_channel", channels: CHANNEL_FILTERS }, { status: 400 });
  const [stored, settings] = await Promise.all([loadAcquisitionReport(session.shop), getShopSettings(session.shop)]);
  const report = stored?.value ?? null;
  return json({
    report,
    computedAt: stored?.computedAt ?? null,
    channel,
    productTitles: report?.productTitles ?? {},
    currencyCode: settings.currencyCode,
    timeZone: settings.ianaTimezone,
    // The demo's visits are synthesized by the local emulator (docs/touchpoints.md §3): every figure built on them says so.
    synthesized: appEnv().TSUNAGU_DEMO_DATA === "synthesized",
  });
};

export const meta = pageTitleMeta("acquisition.title");

type T = ReturnType<typeof useI18n>["t"];

const channelName = (t: T, key: string) => t(`acquisition.channel.${key}` as MessageKey);
const productNumber = (id: string) => id.split("/").pop() ?? id;

function rateText(t: T, format: Formatter, count: Pick<CohortCount, "eligible" | "converted">): string {
  const rate = f2Rate(count);
  return rate === null
    ? "—"
    : `${format.percent(rate)} ${t("acquisition.ofEligible", { converted: format.number(count.converted), eligible: format.number(count.eligible) })}`;
}

/** The F2 of each group as bars (90 days: long enough to mean something, short enough to have elapsed for most). */
function F2Bars({
  rows,
  label,
  format,
  all,
}: {
  rows: AcquisitionRow[];
  label: (key: string) => string;
  format: Formatter;
  all: AcquisitionRow;
}) {
  const { t } = useI18n();
  const at = (row: AcquisitionRow) => row.f2.find((w) => w.days === 90)!;
  const overall = f2Rate(at(all));
  return (
    <BarChart
      summary={t("acquisition.f2Chart.summary", {
        groups: rows
          .map((row) => `${label(row.key)} ${f2Rate(at(row)) === null ? "—" : format.percent(f2Rate(at(row))!)}`)
          .join(t("acquisition.list.separator")),
      })}
      bars={rows.map((row) => ({
        key: row.key,
        label: label(row.key),
        value: f2Rate(at(row)),
        note:
          at(row).eligible === 0 ? t("acquisition.allOpen") : `(${format.number(at(row).converted)}/${format.number(at(row).eligible)})`,
      }))}
      format={(v) => format.percent(v)}
      reference={
        overall === null ? undefined : { value: overall, label: t("acquisition.f2Chart.overall", { rate: format.percent(overall) }) }
      }
    />
  );
}

function GroupSection({
  title,
  description,
  rows,
  all,
  label,
  format,
  groupHeading,
}: {
  title: string;
  description: string;
  rows: AcquisitionRow[];
  all: AcquisitionRow;
  label: (key: string) => string;
  format: Formatter;
  groupHeading: string;
}) {
  const { t } = useI18n();
  return (
    <BlockStack gap="300">
      <Text as="h3" variant="headingSm">
        {title}
      </Text>
      <Text as="p" variant="bodySm" tone="subdued">
        {description}
      </Text>
      {rows.length === 0 ? (
        <Text as="p">{t("acquisition.noRows")}</Text>
      ) : (
        <ChartFrame
          chart={<F2Bars rows={rows} label={label} format={format} all={all} />}
          table={<AcquisitionTable rows={rows} label={label} format={format} groupHeading={groupHeading} />}
        />
      )}
    </BlockStack>
  );
}

function JourneyCard({
  journey,
  channel,
  format,
  windows,
}: {
  journey: ChannelJourney;
  channel: ChannelFilter;
  format: Formatter;
  windows: AcquisitionReport["windows"];
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const stages = [
    { key: "purchase", volume: journey.purchase, step: journey.steps.purchase, window: windows.purchase },
    { key: "retention", volume: journey.retention, step: journey.steps.retention, window: windows.retention },
    { key: "advocacy", volume: journey.advocacy, step: null, window: null },
  ] as const;
  const buckets = [...DAYS_TO_CONVERSION_BUCKETS.map((b) => b.key), "unknown"] as const;
  const bucketLabel = (key: string) => t(`acquisition.days.${key}` as MessageKey);
  return (
    <SectionCard
      title={t("acquisition.journey.title")}
      description={t("acquisition.journey.description")}
      gap="400"
      action={
        <div style={{ minWidth: 240 }}>
          <Select
            label={t("acquisition.journey.channel")}
            labelInline
            options={CHANNEL_FILTERS.map((c) => ({
              value: c,
              label: c === "all" ? t("acquisition.journey.allChannels") : channelName(t, c),
            }))}
            value={channel}
            onChange={(value) => navigate(value === "all" ? "?" : `?channel=${value}`, { preventScrollReset: true, replace: true })}
          />
        </div>
      }
    >
      <ChartFrame
        chart={
          <BarChart
            summary={t("acquisition.journey.summary", {
              channel: channel === "all" ? t("acquisition.journey.allChannels") : channelName(t, channel),
              purchase: format.number(journey.purchase),
              retention: format.number(journey.retention),
              advocacy: format.number(journey.advocacy),
            })}
            bars={stages.map((s) => ({ key: s.key, label: t(`journey.stage.${s.key}` as MessageKey), value: s.volume }))}
            format={(v) => format.number(v)}
          />
        }
        table={
          <DataTable
            columnContentTypes={["text", "numeric", "numeric"]}
            headings={[t("acquisition.journey.stage"), t("acquisition.column.customers"), t("acquisition.journey.conversion")]}
            rows={stages.map((s) => [
              t(`journey.stage.${s.key}` as MessageKey),
              format.number(s.volume),
              s.step === null ? "—" : rateText(t, format, s.step),
            ])}
          />
        }
      />
      <BlockStack gap="100">
        {stages.map((s) =>
          s.step === null ? null : (
            <Text key={s.key} as="p">
              {t(`acquisition.journey.step.${s.key}` as MessageKey, { days: format.number(s.window!) })}:{" "}
              <strong>{rateText(t, format, s.step)}</strong>
              {s.step.reached - s.step.eligible > 0
                ? ` · ${t("acquisition.stillOpen", { count: format.number(s.step.reached - s.step.eligible) })}`
                : ""}
            </Text>
          ),
        )}
      </BlockStack>
      <Text as="h3" variant="headingSm">
        {t("acquisition.days.title")}
      </Text>
      <Text as="p" variant="bodySm" tone="subdued">
        {t("acquisition.days.description")}
      </Text>
      <ChartFrame
        chart={
          <ColumnChart
            summary={t("acquisition.days.summary", {
              counts: buckets
                .map((b) => t("acquisition.days.item", { label: bucketLabel(b), count: format.number(journey.daysToConversion[b]) }))
                .join(t("acquisition.list.separator")),
            })}
            columns={buckets.map((b) => ({ key: b, label: bucketLabel(b), value: journey.daysToConversion[b] }))}
            format={(v) => format.number(v)}
          />
        }
        table={
          <DataTable
            columnContentTypes={["text", "numeric", "numeric"]}
            headings={[t("acquisition.days.bucket"), t("acquisition.column.customers"), t("acquisition.days.share")]}
            rows={buckets.map((b) => [
              bucketLabel(b),
              format.number(journey.daysToConversion[b]),
              journey.purchase === 0 ? "—" : format.percent(journey.daysToConversion[b] / journey.purchase),
            ])}
          />
        }
      />
    </SectionCard>
  );
}

function NextProductsCard({
  report,
  productLabel,
  format,
}: {
  report: AcquisitionReport;
  productLabel: (id: string) => string;
  format: Formatter;
}) {
  const { t } = useI18n();
  const rows = report.nextProducts.slice(0, PRODUCT_ROWS_SHOWN);
  return (
    <SectionCard
      title={t("acquisition.next.title")}
      description={t("acquisition.next.description")}
      action={
        <DownloadButton
          href="/app/acquisition/csv?table=next-products"
          label={t("acquisition.csv.download")}
          failedMessage={t("acquisition.csv.failed")}
        />
      }
    >
      {rows.length === 0 ? (
        <Text as="p">{t("acquisition.noRows")}</Text>
      ) : (
        <DataTable
          increasedTableDensity
          columnContentTypes={["text", "numeric", "numeric", "text"]}
          headings={[
            t("acquisition.next.firstProduct"),
            t("acquisition.next.firstOrderCustomers"),
            t("acquisition.next.secondOrderCustomers"),
            t("acquisition.next.next"),
          ]}
          rows={rows.map((row) => [
            productLabel(row.productId),
            format.number(row.firstOrderCustomers),
            format.number(row.secondOrderCustomers),
            <BlockStack key="next" gap="050">
              {row.next.map((next) => (
                <InlineStack key={next.productId} gap="100" blockAlign="center" wrap={false}>
                  <Text as="span">
                    {productLabel(next.productId)} — {format.percent(next.share)} ({format.number(next.customers)})
                  </Text>
                  {next.repurchase ? <Badge>{t("acquisition.next.repurchase")}</Badge> : null}
                </InlineStack>
              ))}
            </BlockStack>,
          ])}
        />
      )}
    </SectionCard>
  );
}

export default function AcquisitionPage() {
  const { report, computedAt, channel, productTitles, currencyCode, timeZone, synthesized } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const format = createFormatter({ locale, currencyCode, timeZone });
  const [productView, setProductView] = useState<"type" | "product">("type");
  const title = t("acquisition.title");
  const rulesLink = <RemixLink to="/app/acquisition/channels">{t("acquisition.rules.link")}</RemixLink>;
  if (!report || report.all.customers === 0) {
    return (
      <Page title={title}>
        <TitleBar title={title} />
        <Card>
          <BlockStack gap="200">
            <Text as="p">{t("acquisition.intro")}</Text>
            <Text as="p">{t("acquisition.none")}</Text>
            {rulesLink}
          </BlockStack>
        </Card>
      </Page>
    );
  }
  const productLabel = (id: string) => productTitles[id] ?? t("acquisition.product", { id: productNumber(id) });
  const typeLabel = (type: string) => (type === "" ? t("acquisition.noType") : type);
  return (
    <Page title={title}>
      <TitleBar title={title} />
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="200">
            <Text as="p">{t("acquisition.intro")}</Text>
            <Text as="p" variant="bodySm" tone="subdued">
              {t("acquisition.computedAt", { date: format.dateTime(computedAt!), customers: format.number(report.all.customers) })}
            </Text>
            <Text as="p" variant="bodySm" tone="subdued">
              {t("acquisition.rule")}
            </Text>
            <InlineStack gap="300" blockAlign="center">
              <DownloadButton
                href="/app/acquisition/csv"
                label={t("acquisition.csv.download")}
                failedMessage={t("acquisition.csv.failed")}
              />
              {rulesLink}
            </InlineStack>
          </BlockStack>
        </Card>
        {synthesized ? <Banner tone="info">{t("acquisition.synthesized")}</Banner> : null}
        {report.predictionsPublished ? null : <Banner tone="warning">{t("acquisition.predictionsWithheld")}</Banner>}

        <Card>
          <GroupSection
            title={t("acquisition.byChannel.title")}
            description={t("acquisition.byChannel.description")}
            rows={report.byChannel}
            all={report.all}
            label={(key) => channelName(t, key)}
            format={format}
            groupHeading={t("acquisition.column.channel")}
          />
        </Card>

        <Card>
          <BlockStack gap="300">
            <InlineStack align="end">
              <ButtonGroup variant="segmented">
                <Button pressed={productView === "type"} onClick={() => setProductView("type")}>
                  {t("acquisition.byProductType.button")}
                </Button>
                <Button pressed={productView === "product"} onClick={() => setProductView("product")}>
                  {t("acquisition.byProduct.button")}
                </Button>
              </ButtonGroup>
            </InlineStack>
            {productView === "type" ? (
              <GroupSection
                title={t("acquisition.byProductType.title")}
                description={t("acquisition.byProductType.description")}
                rows={report.byProductType}
                all={report.all}
                label={typeLabel}
                format={format}
                groupHeading={t("acquisition.column.productType")}
              />
            ) : (
              <GroupSection
                title={t("acquisition.byProduct.title")}
                description={t("acquisition.byProduct.description", { count: PRODUCT_ROWS_SHOWN })}
                rows={report.byProduct.slice(0, PRODUCT_ROWS_SHOWN)}
                all={report.all}
                label={productLabel}
                format={format}
                groupHeading={t("acquisition.column.product")}
              />
            )}
            {report.withoutProducts > 0 ? (
              <Text as="p" variant="bodySm" tone="subdued">
                {t("acquisition.withoutProducts", { count: format.number(report.withoutProducts) })}
              </Text>
            ) : null}
          </BlockStack>
        </Card>

        <JourneyCard journey={report.journeyByChannel[channel]} channel={channel} format={format} windows={report.windows} />

        <NextProductsCard report={report} productLabel={productLabel} format={format} />
      </BlockStack>
    </Page>
  );
}
