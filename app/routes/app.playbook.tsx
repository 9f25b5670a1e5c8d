import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { SaveBar, TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Layout,
  List,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { authenticate } from "../shopify.server";
import { readForm } from "../http/read-form";
import { loadPlaybookPage, saveSegmentPlaybook } from "../models/playbook.server";
import { parsePlaybookEntry, type PlaybookEntry, type PlaybookError } from "../domain/journey/playbook";
import { ensureNativeSegment } from "../services/native-segments.server";
import { adminClientFor } from "../services/shop-sessions.server";
import { LIFECYCLE_STAGES, STAGES_IN_JOURNEY_ORDER, type LifecycleStage } from "../domain/types";
import { useI18n } from "../i18n/i18n-context";
import { pageTitleMeta } from "../i18n/page-title";
import type { MessageKey } from "../i18n/i18n";
import { createFormatter } from "../i18n/format";
import { CrossSellCard } from "../components/acquisition/cross-sell-card";
import { SectionCard } from "../components/section-card";
import { loadCrossSell } from "../models/acquisition.server";
import { createAdminClient } from "../shopify/admin-client.server";
import { fetchProductTitles } from "../shopify/product-titles.server";

// Journey order, from not-yet-bought to lost (the playbook is read top to bottom).

export const meta = pageTitleMeta("playbook.title");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [page, crossSell] = await Promise.all([loadPlaybookPage(session.shop), loadCrossSell(session.shop)]);
  const productIds = crossSell.flatMap((row) => [row.productId, ...row.suggestions.map((s) => s.productId)]);
  const productTitles =
    productIds.length > 0 && session.accessToken
      ? await fetchProductTitles(createAdminClient({ shop: session.shop, accessToken: session.accessToken, maxRetries: 1 }), productIds)
      : {};
  return json({ ...page, crossSell, productTitles });
};

type ActionResult =
  | { intent: "save"; segment: LifecycleStage; ok: true }
  | { intent: "save"; segment: LifecycleStage; ok: false; errors: PlaybookError[] }
  | { intent: "createSegment"; segment: LifecycleStage; ok: true; created: boolean }
  | { intent: "createSegment"; segment: LifecycleStage; ok: false; error: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await readForm(request);
  const segment = String(form.get("segment"));
  if (!(LIFECYCLE_STAGES as readonly string[]).includes(segment)) return json({ error: "unknown segment" }, { status: 400 });
  const stage = segment as LifecycleStage;
  if (form.get("intent") === "createSegment") {
    try {
      // The offline token: the segment belongs to the shop, not to the staff member who clicked.
      const { created } = await ensureNativeSegment(session.shop, await adminClientFor(session.shop), stage);
      return json<ActionResult>({ intent: "createSegment", segment: stage, ok: true, created });
    } catch (error) {
      return json<ActionResult>(
        { intent: "createSegment", segment: stage, ok: false, error: String(error instanceof Error ? error.message : error) },
        { status: 502 },
      );
    }
  }
  const parsed = parsePlaybookEntry({
    brand: form.get("brand"),
    product: form.get("product"),
    offer: form.get("offer"),
    actions: form.get("actions"),
  });
  if (!parsed.ok) return json<ActionResult>({ intent: "save", segment: stage, ok: false, errors: parsed.errors }, { status: 400 });
  await saveSegmentPlaybook(session.shop, stage, parsed.entry);
  return json<ActionResult>({ intent: "save", segment: stage, ok: true });
};

function MixBar({ entry }: { entry: PlaybookEntry }) {
  const { t } = useI18n();
  const parts = [
    ["brand", entry.mix.brand, "var(--p-color-bg-fill-magic)"],
    ["product", entry.mix.product, "var(--p-color-bg-fill-info)"],
    ["offer", entry.mix.offer, "var(--p-color-bg-fill-warning)"],
  ] as const;
  return (
    <BlockStack gap="100">
      <div aria-hidden="true" style={{ display: "flex", height: 12, borderRadius: 6, overflow: "hidden" }}>
        {parts.map(([key, share, color]) => (
          <div key={key} style={{ width: `${share}%`, background: color }} />
        ))}
      </div>
      <InlineStack gap="300">
        {parts.map(([key, share]) => (
          <Text key={key} as="span" variant="bodySm">
            {t(`playbook.mix.${key}`)} {share}%
          </Text>
        ))}
      </InlineStack>
    </BlockStack>
  );
}

type Draft = Record<"brand" | "product" | "offer" | "actions", string>;

const draftOf = (entry: PlaybookEntry): Draft => ({
  brand: String(entry.mix.brand),
  product: String(entry.mix.product),
  offer: String(entry.mix.offer),
  actions: (entry.actions ?? []).join("\n"),
});

interface Editing {
  segment: LifecycleStage;
  draft: Draft;
}

function SegmentCard({
  segment,
  entry,
  size,
  segmentId,
  draft,
  canEdit,
  onEdit,
  onChange,
  onClose,
  saveResult,
}: {
  segment: LifecycleStage;
  entry: PlaybookEntry;
  size: number;
  segmentId: string | undefined;
  /** the edit in progress on this card (saved or discarded through the admin's save bar) */
  draft: Draft | undefined;
  canEdit: boolean;
  onEdit: () => void;
  onChange: (draft: Draft) => void;
  onClose: () => void;
  saveResult: ActionResult | undefined;
}) {
  const { t, formatNumber } = useI18n();
  const fetcher = useFetcher<ActionResult>();
  const result = fetcher.data;
  const actions = entry.actions ?? t(`playbook.actions.${segment}` as MessageKey).split("\n");
  const busy = fetcher.state !== "idle";
  const segmentReady = segmentId !== undefined || (result?.intent === "createSegment" && result.ok);
  const saved = saveResult?.intent === "save" && saveResult.segment === segment ? saveResult : undefined;

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t(`stage.${segment}` as MessageKey)}
          </Text>
          <Badge>{t("playbook.customers", { count: formatNumber(size) })}</Badge>
        </InlineStack>
        {!draft ? (
          <>
            <Text as="h3" variant="headingSm">
              {t("playbook.mix.heading")}
            </Text>
            <MixBar entry={entry} />
            <Text as="h3" variant="headingSm">
              {t("playbook.actions.heading")}
            </Text>
            <List>
              {actions.map((a) => (
                <List.Item key={a}>{a}</List.Item>
              ))}
            </List>
            <InlineStack gap="200">
              <Button onClick={onEdit} disabled={!canEdit}>
                {t("playbook.edit")}
              </Button>
              {segmentReady ? (
                <Badge tone="success">{t("playbook.nativeSegment.ready")}</Badge>
              ) : (
                <fetcher.Form method="post">
                  <input type="hidden" name="segment" value={segment} />
                  <input type="hidden" name="intent" value="createSegment" />
                  <Button submit loading={busy}>
                    {t("playbook.nativeSegment.create")}
                  </Button>
                </fetcher.Form>
              )}
            </InlineStack>
            {result?.intent === "createSegment" && !result.ok && (
              <Banner tone="critical">{t("playbook.nativeSegment.failed", { error: result.error })}</Banner>
            )}
            {saved?.ok && <Banner tone="success">{t("playbook.saved")}</Banner>}
          </>
        ) : (
          <BlockStack gap="300">
            <InlineGrid columns={3} gap="200">
              {(["brand", "product", "offer"] as const).map((key) => (
                <TextField
                  key={key}
                  label={t(`playbook.mix.${key}`)}
                  type="number"
                  min={0}
                  max={100}
                  suffix="%"
                  autoComplete="off"
                  value={draft[key]}
                  onChange={(value) => onChange({ ...draft, [key]: value })}
                />
              ))}
            </InlineGrid>
            <TextField
              label={t("playbook.actions.heading")}
              helpText={t("playbook.actions.hint")}
              multiline={4}
              autoComplete="off"
              placeholder={t(`playbook.actions.${segment}` as MessageKey)}
              value={draft.actions}
              onChange={(value) => onChange({ ...draft, actions: value })}
            />
            {saved && !saved.ok && (
              <Banner tone="critical">
                {saved.errors.map((e) => (
                  <p key={e}>{t(`playbook.error.${e}`)}</p>
                ))}
              </Banner>
            )}
            <InlineStack gap="200">
              <Button onClick={onClose}>{t("playbook.cancel")}</Button>
            </InlineStack>
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}

const SAVE_BAR_ID = "playbook-save-bar";

export default function PlaybookPage() {
  const { playbook, sizes, nativeSegments, needsCare, currencyCode, timeZone, crossSell, productTitles } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const format = createFormatter({ locale, currencyCode, timeZone });
  // One segment is edited at a time; the admin's contextual save bar saves or discards it.
  const [editing, setEditing] = useState<Editing | null>(null);
  const saveFetcher = useFetcher<ActionResult>();
  const saving = saveFetcher.state !== "idle";
  const changed = editing !== null && JSON.stringify(editing.draft) !== JSON.stringify(draftOf(playbook[editing.segment]));
  const saveResult = saveFetcher.data;
  // A saved edit closes the form; the revalidated loader data shows the new entry.
  useEffect(() => {
    if (saveResult?.intent === "save" && saveResult.ok && saveFetcher.state === "idle") setEditing(null);
  }, [saveResult, saveFetcher.state]);
  const save = () => {
    if (!editing) return;
    saveFetcher.submit({ intent: "save", segment: editing.segment, ...editing.draft }, { method: "post" });
  };
  return (
    <Page title={t("playbook.title")}>
      <TitleBar title={t("playbook.title")} />
      <SaveBar id={SAVE_BAR_ID} open={changed || saving}>
        <button variant="primary" onClick={save} loading={saving ? "" : undefined}></button>
        <button onClick={() => setEditing(null)} disabled={saving}></button>
      </SaveBar>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" tone="subdued">
              {t("playbook.intro")}
            </Text>
            <Link to="/app/scenarios">{t("scenarios.playbook.link")}</Link>
            <Text as="p" variant="bodySm" tone="subdued">
              {t("playbook.mix.description")}
            </Text>
            <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
              {STAGES_IN_JOURNEY_ORDER.map((segment) => (
                <SegmentCard
                  key={segment}
                  segment={segment}
                  entry={playbook[segment]}
                  size={sizes[segment]}
                  segmentId={nativeSegments[segment]}
                  draft={editing?.segment === segment ? editing.draft : undefined}
                  canEdit={editing === null}
                  onEdit={() => setEditing({ segment, draft: draftOf(playbook[segment]) })}
                  onChange={(draft) => setEditing({ segment, draft })}
                  onClose={() => setEditing(null)}
                  saveResult={saveResult}
                />
              ))}
            </InlineGrid>
            <CrossSellCard crossSell={crossSell} productTitles={productTitles} format={format} />
            <SectionCard title={t("playbook.needsCare.heading")} description={t("playbook.needsCare.description")}>
              {needsCare.total === 0 ? (
                <Text as="p">{t("playbook.needsCare.empty")}</Text>
              ) : (
                <>
                  <DataTable
                    columnContentTypes={["text", "text", "numeric", "text"]}
                    headings={[
                      t("playbook.needsCare.customer"),
                      t("playbook.needsCare.segment"),
                      t("playbook.needsCare.orders"),
                      t("playbook.needsCare.lastOrder"),
                    ]}
                    rows={needsCare.customers.map((c) => [
                      <a key={c.id} href={`shopify://admin/customers/${c.id.split("/").pop()}`} target="_top">
                        {c.id.split("/").pop()}
                      </a>,
                      t(`stage.${c.stage}` as MessageKey),
                      format.number(c.ordersCount),
                      c.lastOrderAt ? format.date(c.lastOrderAt) : "—",
                    ])}
                  />
                  {needsCare.total > needsCare.customers.length && (
                    <Text as="p" variant="bodySm" tone="subdued">
                      {t("playbook.needsCare.more", {
                        shown: format.number(needsCare.customers.length),
                        count: format.number(needsCare.total),
                      })}
                    </Text>
                  )}
                </>
              )}
            </SectionCard>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
