// Reviews: moderate what shoppers wrote (approve, hide, reply) and read the NPS of the thank-you pages.
import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  Divider,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Pagination,
  Text,
  TextField,
} from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { readForm } from "../http/read-form";
import { isReviewStatus, REVIEW_LIMITS, type ReviewStatus } from "../domain/reviews";
import { loadReviewsPage, moderateReview } from "../storefront/reviews-admin.server";
import { useI18n } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/i18n";
import { pageTitleMeta } from "../i18n/page-title";
import { SectionCard } from "../components/section-card";

export const meta = pageTitleMeta("reviews.title");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const requested = url.searchParams.get("status");
  return json(
    await loadReviewsPage(
      { shop: session.shop, accessToken: session.accessToken ?? "" },
      { status: isReviewStatus(requested) ? requested : undefined, page: Math.max(1, Number(url.searchParams.get("page")) || 1) },
    ),
  );
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = await moderateReview(session.shop, await readForm(request));
  return json(result, { status: result.ok ? 200 : result.status });
};

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type ReviewRow = LoaderData["reviews"][number];

const TABS: { id: string; status: ReviewStatus | null; label: MessageKey }[] = [
  { id: "all", status: null, label: "reviews.tab.all" },
  { id: "pending", status: "pending", label: "reviews.tab.pending" },
  { id: "published", status: "published", label: "reviews.tab.published" },
  { id: "hidden", status: "hidden", label: "reviews.tab.hidden" },
];

const STATUS_TONE: Record<ReviewStatus, "attention" | "success" | undefined> = {
  pending: "attention",
  published: "success",
  hidden: undefined,
};

function Stars({ rating }: { rating: number }) {
  const { t } = useI18n();
  return (
    <span role="img" aria-label={t("reviews.stars", { rating })}>
      <Text as="span" tone={rating <= 2 ? "critical" : undefined}>
        {"★".repeat(rating) + "☆".repeat(5 - rating)}
      </Text>
    </span>
  );
}

function ReviewItem({ review, productTitle, format }: { review: ReviewRow; productTitle?: string; format: (iso: string) => string }) {
  const { t } = useI18n();
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const [reply, setReply] = useState(review.reply ?? "");
  const busy = fetcher.state !== "idle";
  const productNumber = review.productId.split("/").at(-1);

  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state === "idle" && data && "intent" in data)
      shopify.toast.show(t(`reviews.toast.${data.intent as "approve" | "hide" | "reply"}`));
  }, [fetcher.state, fetcher.data, shopify, t]);

  const submit = (intent: "approve" | "hide" | "reply") =>
    fetcher.submit({ id: String(review.id), intent, ...(intent === "reply" ? { reply } : {}) }, { method: "post" });

  const titleId = `review-${review.id}-title`;
  return (
    <section aria-labelledby={titleId}>
      <Box paddingBlock="300">
        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <InlineStack gap="200" blockAlign="center">
              <Stars rating={review.rating} />
              <Text as="h3" variant="headingSm" id={titleId}>
                {review.title || t("reviews.untitled")}
              </Text>
              <Badge tone={STATUS_TONE[review.status]}>{t(`reviews.status.${review.status}`)}</Badge>
            </InlineStack>
            <Text as="span" tone="subdued">
              <Link url={`shopify://admin/products/${productNumber}`} target="_top">
                {productTitle ?? t("reviews.product", { id: productNumber ?? "" })}
              </Link>
              {` · ${format(review.createdAt)}`}
            </Text>
          </InlineStack>
          <Text as="p">{review.body}</Text>
          <InlineStack gap="200">
            {review.status !== "published" && (
              <Button
                onClick={() => submit("approve")}
                loading={busy}
                accessibilityLabel={t("reviews.approveLabel", { title: review.title || t("reviews.untitled") })}
              >
                {t("reviews.approve")}
              </Button>
            )}
            {review.status !== "hidden" && (
              <Button
                tone="critical"
                variant="secondary"
                onClick={() => submit("hide")}
                loading={busy}
                accessibilityLabel={t("reviews.hideLabel", { title: review.title || t("reviews.untitled") })}
              >
                {t("reviews.hide")}
              </Button>
            )}
          </InlineStack>
          <TextField
            label={t("reviews.reply")}
            value={reply}
            onChange={setReply}
            multiline={2}
            maxLength={REVIEW_LIMITS.replyMax}
            autoComplete="off"
            helpText={t("reviews.replyHelp")}
          />
          <InlineStack align="end">
            <Button onClick={() => submit("reply")} loading={busy} disabled={reply === (review.reply ?? "")}>
              {t("reviews.saveReply")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Box>
    </section>
  );
}

function NpsCard({
  nps,
  npsPeriodDays,
  comments,
  format,
}: Pick<LoaderData, "nps" | "npsPeriodDays" | "comments"> & { format: (iso: string) => string }) {
  const { t, formatNumber } = useI18n();
  const share = (n: number) =>
    nps.responses === 0 ? "—" : formatNumber(n / nps.responses, { style: "percent", maximumFractionDigits: 0 });
  return (
    <SectionCard title={t("reviews.nps.heading", { days: npsPeriodDays })}>
      {nps.score === null ? (
        <Text as="p" tone="subdued">
          {t("reviews.nps.empty")}
        </Text>
      ) : (
        <>
          <Text as="p" variant="heading2xl">
            {formatNumber(Math.round(nps.score), { signDisplay: "exceptZero" })}
          </Text>
          <InlineGrid columns={3} gap="200">
            {(["promoters", "passives", "detractors"] as const).map((kind) => (
              <BlockStack key={kind} gap="050">
                <Text as="span" tone="subdued">
                  {t(`reviews.nps.${kind}`)}
                </Text>
                <Text as="span" variant="headingSm">
                  {`${nps[kind]} (${share(nps[kind])})`}
                </Text>
              </BlockStack>
            ))}
          </InlineGrid>
          <Text as="p" tone="subdued">
            {t("reviews.nps.responses", { count: nps.responses })}
          </Text>
        </>
      )}
      {comments.length > 0 && (
        <BlockStack gap="200">
          <Divider />
          <Text as="h3" variant="headingSm">
            {t("reviews.nps.comments")}
          </Text>
          {comments.map((c) => (
            <BlockStack key={c.id} gap="050">
              <Text as="span" tone="subdued">
                {t("reviews.nps.commentMeta", { score: c.score, date: format(c.createdAt) })}
              </Text>
              <Text as="p">{c.comment}</Text>
            </BlockStack>
          ))}
        </BlockStack>
      )}
    </SectionCard>
  );
}

export default function Reviews() {
  const { status, page, pages, counts, reviews, productTitles, nps, npsPeriodDays, comments, rules, timeZone } =
    useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const [, setSearchParams] = useSearchParams();
  const format = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone }).format(new Date(iso));
  const selected = Math.max(
    0,
    TABS.findIndex((tab) => tab.status === status),
  );
  const total = counts.pending + counts.published + counts.hidden;
  const go = (next: { status?: ReviewStatus | null; page?: number }) => {
    const params = new URLSearchParams();
    const nextStatus = next.status === undefined ? status : next.status;
    if (nextStatus) params.set("status", nextStatus);
    if (next.page && next.page > 1) params.set("page", String(next.page));
    setSearchParams(params);
  };

  return (
    <Page title={t("reviews.title")}>
      <TitleBar title={t("reviews.title")} />
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              {/* Server-rendered like the rest of the page (Polaris Tabs measure themselves after
                  hydration, which shifted the list down as the tabs appeared). */}
              <ButtonGroup variant="segmented">
                {TABS.map((tab, index) => (
                  <Button key={tab.id} pressed={index === selected} onClick={() => go({ status: tab.status, page: 1 })}>
                    {`${t(tab.label)} (${tab.status ? counts[tab.status] : total})`}
                  </Button>
                ))}
              </ButtonGroup>
              {reviews.length === 0 ? (
                <Box paddingBlock="800">
                  <BlockStack gap="200" inlineAlign="center">
                    <Text as="p" variant="headingMd" alignment="center">
                      {t("reviews.empty.heading")}
                    </Text>
                    <Text as="p" tone="subdued" alignment="center">
                      {t("reviews.empty.body")}
                    </Text>
                  </BlockStack>
                </Box>
              ) : (
                <BlockStack gap="0">
                  {reviews.map((review, i) => (
                    <BlockStack key={review.id}>
                      {i > 0 && <Divider />}
                      <ReviewItem review={review} productTitle={productTitles[review.productId]} format={format} />
                    </BlockStack>
                  ))}
                </BlockStack>
              )}
              {pages > 1 && (
                <InlineStack align="center">
                  <Pagination
                    hasPrevious={page > 1}
                    onPrevious={() => go({ page: page - 1 })}
                    hasNext={page < pages}
                    onNext={() => go({ page: page + 1 })}
                    label={t("reviews.page", { page, pages })}
                  />
                </InlineStack>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <NpsCard nps={nps} npsPeriodDays={npsPeriodDays} comments={comments} format={format} />
            {rules && (
              <SectionCard title={t("reviews.rules.heading")} gap="200">
                <Text as="p">{t("reviews.rules.publish", { rating: rules.autoPublishMinRating })}</Text>
                <Text as="p">{t("reviews.rules.hold", { rating: rules.holdMaxRating })}</Text>
                <Text as="p">{t("reviews.rules.delay", { days: rules.reviewDelayDays })}</Text>
                <Text as="p" tone="subdued">
                  {t("reviews.rules.fairness")}
                </Text>
              </SectionCard>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
