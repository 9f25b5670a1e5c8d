import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useLocation, useNavigate } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  DataTable,
  Form,
  InlineStack,
  Link,
  Page,
  Pagination,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { authenticate } from "../shopify.server";
import { appNow } from "../clock.server";
import { listCustomers, parseCustomerFilter } from "../models/segments-report.server";
import { CUSTOMER_SORT_KEYS, parseCustomerListView } from "../domain/customer-list-view";
import type { LifecycleStage } from "../domain/types";
import { useI18n } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/i18n";
import { createFormatter } from "../i18n/format";
import { DownloadButton } from "../components/download-button";
import { pageTitleMeta } from "../i18n/page-title";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const filter = parseCustomerFilter(params);
  const view = parseCustomerListView(params);
  const page = Number(params.get("page") ?? "1");
  const [after, before] = [params.get("after"), params.get("before")];
  const cursor = after !== null ? { after } : before !== null ? { before } : null;
  const list =
    filter !== null && view !== null && Number.isInteger(page) && page >= 1
      ? await listCustomers(session.shop, filter, { page, cursor, view, now: appNow() })
      : null;
  if (filter === null || view === null || list === null) throw new Response("Unknown customer list", { status: 400 });
  return json({ filter, view, ...list });
};

/** The list's URL with another sort or search: from its first page. */
function withView(search: string, changes: { sort?: string; q?: string }): string {
  const params = new URLSearchParams(withPath(search, "").slice(1));
  params.delete("page");
  if (changes.sort !== undefined) {
    const [sort, direction] = changes.sort.split(".");
    params.set("sort", sort!);
    params.set("direction", direction!);
  }
  if (changes.q !== undefined) {
    if (changes.q.trim() === "") params.delete("q");
    else params.set("q", changes.q.trim());
  }
  return `/app/segments/customers?${params.toString()}`;
}

/** The same list's URL with another page (from a cursor when the list has one), or the CSV route, keeping its filter. */
function withPath(search: string, pathname: string, page?: number, cursor?: { after: string } | { before: string } | null): string {
  const params = new URLSearchParams(search);
  for (const key of ["embedded", "hmac", "host", "id_token", "locale", "session", "shop", "timestamp", "page", "after", "before"])
    params.delete(key);
  if (page !== undefined) params.set("page", String(page));
  if (cursor) for (const [key, value] of Object.entries(cursor)) params.set(key, value);
  return `${pathname}?${params.toString()}`;
}

export const meta = pageTitleMeta("segments.title");

export default function SegmentCustomers() {
  const { filter, view, rows, total, page, pageCount, currencyCode, nextCursor, previousCursor } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const [query, setQuery] = useState(view.idPrefix ?? "");
  useEffect(() => setQuery(view.idPrefix ?? ""), [view.idPrefix]);
  const searchValid = /^\d{0,20}$/.test(query.trim());
  const { search } = useLocation();
  const navigate = useNavigate();
  const format = createFormatter({ locale, currencyCode, timeZone: "UTC" });
  const stageName = (stage: LifecycleStage | "none") => (stage === "none" ? t("segments.moves.none") : t(`stage.${stage}` as MessageKey));
  const title =
    filter.kind === "stage"
      ? filter.subscriber === "all"
        ? t("segments.customers.titleStage", { stage: stageName(filter.stage) })
        : t("segments.customers.titleStageSubscriber", {
            stage: stageName(filter.stage),
            who: t(`segments.subscriber.${filter.subscriber}`),
          })
      : t("segments.customers.titleMove", { from: stageName(filter.from), to: stageName(filter.to), days: filter.periodDays });
  const score = (value: number | null) => (value === null ? "—" : String(value));

  return (
    <Page
      title={title}
      backAction={{
        content: t("segments.customers.back"),
        url: filter.kind === "stage" && filter.subscriber !== "all" ? `/app/segments?subscriber=${filter.subscriber}` : "/app/segments",
      }}
    >
      <TitleBar title={title} />
      <Card>
        <BlockStack gap="300">
          <InlineStack gap="400" blockAlign="end" wrap>
            <Select
              label={t("segments.customers.sort")}
              options={CUSTOMER_SORT_KEYS.flatMap((key) =>
                (["desc", "asc"] as const).map((direction) => ({
                  value: `${key}.${direction}`,
                  label: t(`segments.customers.sort.${key}.${direction}` as MessageKey),
                })),
              )}
              value={`${view.sort}.${view.direction}`}
              onChange={(value) => navigate(withView(search, { sort: value }))}
            />
            <Form
              onSubmit={() => {
                if (searchValid) navigate(withView(search, { q: query }));
              }}
            >
              <InlineStack gap="200" blockAlign="end">
                <TextField
                  label={t("segments.customers.search")}
                  type="search"
                  inputMode="numeric"
                  autoComplete="off"
                  value={query}
                  onChange={setQuery}
                  helpText={t("segments.customers.searchHint")}
                  error={searchValid ? undefined : t("segments.customers.searchHint")}
                  clearButton
                  onClearButtonClick={() => {
                    setQuery("");
                    navigate(withView(search, { q: "" }));
                  }}
                />
                <Button submit disabled={!searchValid}>
                  {t("segments.customers.searchButton")}
                </Button>
              </InlineStack>
            </Form>
          </InlineStack>
          <InlineStack align="space-between" blockAlign="center">
            <Text as="p">
              {view.idPrefix === null
                ? t("segments.customers.count", { count: format.number(total) })
                : t("segments.customers.searchCount", { count: format.number(total), query: view.idPrefix })}
            </Text>
            <DownloadButton
              href={withPath(search, "/app/segments/export")}
              label={t("segments.csv.download")}
              failedMessage={t("segments.csv.failed")}
            />
          </InlineStack>
          {rows.length === 0 ? (
            <Text as="p">{t("segments.customers.empty")}</Text>
          ) : (
            <DataTable
              columnContentTypes={[
                "text",
                "text",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
              ]}
              headings={[
                t("segments.customers.customer"),
                t("segments.customers.stage"),
                "R",
                "F",
                "M",
                t("segments.customers.recency"),
                t("segments.customers.orders"),
                t("segments.customers.spend"),
                t("segments.customers.predicted"),
                t("segments.customers.pAlive"),
                t("segments.customers.atRisk"),
              ]}
              rows={rows.map((row) => [
                <Link key={row.id} url={`shopify:admin/customers/${row.legacyId}`} target="_top">
                  {t("segments.customers.customerLink", { id: row.legacyId })}
                </Link>,
                stageName(row.stage),
                score(row.r),
                score(row.f),
                score(row.m),
                row.recencyDays === null ? "—" : format.number(row.recencyDays),
                format.number(row.orders),
                format.money(row.netSpent),
                row.predictedClv12m === null ? "—" : format.money(row.predictedClv12m),
                row.pAlive === null ? "—" : format.percent(row.pAlive),
                row.atRisk ? <Badge tone="warning">{t("segments.customers.atRisk")}</Badge> : "",
              ])}
            />
          )}
          <InlineStack align="center" blockAlign="center" gap="300">
            <Pagination
              hasPrevious={page > 1}
              onPrevious={() =>
                navigate(withPath(search, "/app/segments/customers", page - 1, previousCursor === null ? null : { before: previousCursor }))
              }
              hasNext={filter.kind === "stage" ? nextCursor !== null : page < pageCount}
              onNext={() =>
                navigate(withPath(search, "/app/segments/customers", page + 1, nextCursor === null ? null : { after: nextCursor }))
              }
              label={t("segments.customers.page", { page, pages: pageCount })}
            />
          </InlineStack>
          <Text as="p" variant="bodySm" tone="subdued">
            {t("segments.csv.note")}
          </Text>
        </BlockStack>
      </Card>
    </Page>
  );
}
