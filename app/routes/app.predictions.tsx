// Model check: which purchase model the shop's predictions come from, and how it did on a holdout of
// the shop's own orders (app/domain/clv/model-check.ts). Predictions and P(alive) elsewhere are shown
// only when this check passed; otherwise this page says why. Candidates that could not be fitted say why in
// the merchant's words (the domain's cause code), and the chosen model's holdout prediction for the
// customers dormant at the calibration end is set against what they did (docs/decisions/035).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Card, DataTable, List, Page, Text } from "@shopify/polaris";
import { formatEpochDay } from "../domain/calendar";
import type { ModelCheck } from "../domain/clv/model-check";
import type { MessageKey } from "../i18n/i18n";
import { useI18n } from "../i18n/i18n-context";
import { pageTitleMeta } from "../i18n/page-title";
import { createFormatter } from "../i18n/format";
import { loadModelCheck } from "../models/prediction.server";
import { getShopSettings } from "../models/shop.server";
import { authenticate } from "../shopify.server";
import { SectionCard } from "../components/section-card";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [stored, settings] = await Promise.all([loadModelCheck(session.shop), getShopSettings(session.shop)]);
  return json({
    check: stored?.check ?? null,
    ok: stored?.fit.ok ?? false,
    showPAlive: stored?.fit.showPAlive ?? false,
    currencyCode: settings.currencyCode,
    timeZone: settings.ianaTimezone,
  });
};

export const meta = pageTitleMeta("predictions.title");

const fixed = (v: number | null | undefined, digits: number) => (v == null || !Number.isFinite(v) ? "—" : v.toFixed(digits));

/** Actual (bars) and predicted (line) holdout purchases per customer by calibration frequency (docs/decisions/006: hand-written SVG). */
function FrequencyChart({ rows, predicted, label }: { rows: ModelCheck["byFrequency"]; predicted: number[]; label: string }) {
  const width = 480;
  const height = 180;
  const pad = 24;
  const max = Math.max(1e-9, ...rows.map((r) => r.actual), ...predicted);
  const step = (width - 2 * pad) / rows.length;
  const y = (v: number) => height - pad - (v / max) * (height - 2 * pad);
  const points = predicted.map((v, i) => `${pad + step * (i + 0.5)},${y(v)}`).join(" ");
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: width }}>
      {rows.map((r, i) => (
        <rect
          key={r.x}
          x={pad + step * i + step * 0.15}
          y={y(r.actual)}
          width={step * 0.7}
          height={height - pad - y(r.actual)}
          fill="#9fc4f0"
        />
      ))}
      <polyline points={points} fill="none" stroke="#1f5199" strokeWidth={2} />
      {rows.map((r, i) => (
        <text key={r.x} x={pad + step * (i + 0.5)} y={height - 6} fontSize={11} textAnchor="middle">
          {i === rows.length - 1 ? `${r.x}+` : r.x}
        </text>
      ))}
    </svg>
  );
}

export default function ModelCheckPage() {
  const { check, ok, showPAlive, currencyCode, timeZone } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const format = createFormatter({ locale, currencyCode, timeZone });
  const title = t("predictions.title");
  const modelName = (m: string) => t(`predictions.model.${m}` as MessageKey);
  const reasons = (codes: readonly string[]) => (
    <List>
      {codes.map((c) => (
        <List.Item key={c}>{t(`predictions.reason.${c}` as MessageKey)}</List.Item>
      ))}
    </List>
  );
  const chosen = check?.candidates.find((c) => c.model === check.chosen);
  const notFitted = check?.candidates.flatMap((c) => (c.ok ? [] : [c])) ?? [];
  // Checks stored before the dormant row existed have no `dormant` field.
  const dormant = check?.dormant ?? null;
  return (
    <Page title={title}>
      <TitleBar title={title} />
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="200">
            <Text as="p">{t("predictions.intro")}</Text>
            {check === null ? (
              <Text as="p">{t("predictions.none")}</Text>
            ) : (
              <>
                {check.withheld.length === 0 && ok ? (
                  <Text as="p" fontWeight="semibold">
                    {t("predictions.published", { model: modelName(check.chosen ?? "") })}
                  </Text>
                ) : (
                  <>
                    <Text as="p" fontWeight="semibold" tone="critical">
                      {t("predictions.withheld")}
                    </Text>
                    {reasons(check.withheld)}
                  </>
                )}
                {ok && showPAlive && <Text as="p">{t("predictions.pAliveShown")}</Text>}
                {ok && !showPAlive && (
                  <>
                    <Text as="p">{t("predictions.pAliveWithheld")}</Text>
                    {reasons(check.pAliveWithheld)}
                  </>
                )}
                {check.candidates.length > 0 && (
                  <Text as="p" tone="subdued">
                    {t("predictions.periods", {
                      from: formatEpochDay(check.calibrationFromDay),
                      to: formatEpochDay(check.calibrationToDay),
                      end: formatEpochDay(check.holdoutToDay),
                    })}
                  </Text>
                )}
              </>
            )}
          </BlockStack>
        </Card>
        {check !== null && check.candidates.length > 0 && (
          <SectionCard title={t("predictions.candidates")} gap="200">
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
              headings={[
                t("predictions.col.model"),
                t("predictions.col.rmse"),
                t("predictions.col.aggregate"),
                t("predictions.col.auc"),
                t("predictions.col.aucPAlive"),
              ]}
              rows={check.candidates.map((c) => [
                <span key={c.model}>
                  {modelName(c.model)} {c.model === check.chosen && <Badge tone="success">{t("predictions.chosen")}</Badge>}
                </span>,
                c.ok ? fixed(c.rmse, 3) : t("predictions.notFitted"),
                c.ok ? `${fixed(100 * c.aggregateError, 1)} %` : "—",
                c.ok ? fixed(c.aucExpected, 3) : "—",
                c.ok && c.model !== "nbd" ? fixed(c.aucPAlive, 3) : "—",
              ])}
            />
            {notFitted.some((c) => c.cause) && (
              <List>
                {notFitted.map((c) => (
                  <List.Item key={c.model}>
                    {t("predictions.notFittedBecause", {
                      model: modelName(c.model),
                      reason: t(`predictions.cause.${c.cause}` as MessageKey),
                    })}
                  </List.Item>
                ))}
              </List>
            )}
            <Text as="p" tone="subdued">
              {t("predictions.baselines", {
                recency: fixed(check.baselines.recencyAuc, 3),
                zero: fixed(check.baselines.zeroRmse, 3),
                past: fixed(check.baselines.pastRateRmse, 3),
              })}
            </Text>
          </SectionCard>
        )}
        {check !== null && chosen?.ok && dormant !== null && (
          <SectionCard title={t("predictions.dormant.title")} gap="200">
            <Text as="p">
              {t("predictions.dormant.intro", {
                from: dormant.afterDays + 1,
                to: dormant.untilDays,
                date: formatEpochDay(check.calibrationToDay),
                model: modelName(chosen.model),
              })}
            </Text>
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
              headings={[
                t("predictions.dormant.col.group"),
                t("predictions.col.customers"),
                t("predictions.dormant.col.buyers"),
                t("predictions.dormant.col.predictedPurchases"),
                t("predictions.dormant.col.actualPurchases"),
                t("predictions.dormant.col.predictedSpend"),
                t("predictions.dormant.col.actualSpend"),
              ]}
              rows={[
                [
                  t("predictions.dormant.row"),
                  format.number(dormant.customers),
                  format.number(dormant.buyers),
                  format.number(dormant.predictedPurchases, 1),
                  format.number(dormant.actualPurchases),
                  format.money(dormant.predictedSpend),
                  format.money(dormant.actualSpend),
                ],
              ]}
            />
            <Text as="p" fontWeight="semibold" tone={dormant.overPredicted ? "critical" : undefined}>
              {t(
                dormant.overPredicted
                  ? "predictions.dormant.overPredicted"
                  : dormant.predictedPurchases < dormant.actualPurchases
                    ? "predictions.dormant.errsLow"
                    : "predictions.dormant.close",
              )}
            </Text>
            <Text as="p" tone="subdued">
              {t("predictions.dormant.spendNote")}
            </Text>
          </SectionCard>
        )}
        {check !== null && chosen?.ok && (
          <SectionCard title={t("predictions.byFrequency", { model: modelName(chosen.model) })} gap="200">
            <FrequencyChart rows={check.byFrequency} predicted={chosen.predictedByFrequency} label={t("predictions.chartLabel")} />
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric"]}
              headings={[
                t("predictions.col.frequency"),
                t("predictions.col.customers"),
                t("predictions.col.actual"),
                t("predictions.col.predicted"),
              ]}
              rows={check.byFrequency.map((r, i) => [
                i === check.byFrequency.length - 1 ? `${r.x}+` : String(r.x),
                String(r.customers),
                fixed(r.actual, 2),
                fixed(chosen.predictedByFrequency[i], 2),
              ])}
            />
          </SectionCard>
        )}
      </BlockStack>
    </Page>
  );
}
