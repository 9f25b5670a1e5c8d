// The scenario editor's cards: entry, steps (content, time, brief, offer), exit and measurement. It edits
// a definition in memory; numbers left empty are NaN, which the server answers with "invalid" on the field.
import { BlockStack, Button, Card, Checkbox, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import type {
  OfferSettings,
  ScenarioDefinition,
  ScenarioEntry,
  ScenarioError,
  ScenarioStepDefinition,
} from "../../domain/scenarios/definition";
import { ENTRY_KINDS, MAX_STEPS } from "../../domain/scenarios/definition";
import { STAGES_IN_JOURNEY_ORDER, type LifecycleStage } from "../../domain/types";
import { useI18n } from "../../i18n/i18n-context";
import type { MessageKey } from "../../i18n/i18n";
import { copyText } from "./scenario-text";
import { SectionCard } from "../section-card";

const numberValue = (value: number) => (Number.isNaN(value) ? "" : String(value));
const parseNumber = (text: string) => (text.trim() === "" ? NaN : Number(text));

function defaultEntry(kind: ScenarioEntry["kind"], reviewDelayDays: number): ScenarioEntry {
  switch (kind) {
    case "segment-transition":
      return { kind, to: "dormant" };
    case "nth-order":
      return { kind, n: 2 };
    case "days-after-fulfilment":
      return { kind, days: reviewDelayDays };
    case "f2-window-closing":
      return { kind, windowDays: 90, daysBefore: 14 };
    default:
      return { kind };
  }
}

const DEFAULT_OFFER: OfferSettings = { kind: "unique-code", value: { type: "percentage", percent: 10 }, expiryDays: 14 };

export function ScenarioEditor({
  definition,
  onChange,
  errors,
  currencyCode,
  reviewDelayDays,
}: {
  definition: ScenarioDefinition;
  onChange: (definition: ScenarioDefinition) => void;
  errors: readonly ScenarioError[];
  currencyCode: string;
  reviewDelayDays: number;
}) {
  const { t } = useI18n();
  const errorFor = (path: string) => {
    const error = errors.find((e) => e.path === path);
    return error ? t(`scenarios.error.${error.code}`) : undefined;
  };
  const set = (changes: Partial<ScenarioDefinition>) => onChange({ ...definition, ...changes });
  const setStep = (index: number, changes: Partial<ScenarioStepDefinition>) =>
    set({ steps: definition.steps.map((step, i) => (i === index ? { ...step, ...changes } : step)) });
  const segmentOptions = STAGES_IN_JOURNEY_ORDER.map((s) => ({ label: t(`stage.${s}` as MessageKey), value: s }));
  const { entry } = definition;

  return (
    <BlockStack gap="400">
      <SectionCard title={t("scenarios.entry.heading")}>
        <FormLayout>
          <TextField
            label={t("scenarios.name")}
            autoComplete="off"
            value={copyText(t, definition.name)}
            onChange={(text) => set({ name: { text } })}
            error={errorFor("name.text") ?? errorFor("name")}
          />
          <Select
            label={t("scenarios.entry.kind")}
            options={ENTRY_KINDS.map((kind) => ({ label: t(`scenarios.entry.${kind}`), value: kind }))}
            value={entry.kind}
            onChange={(kind) => set({ entry: defaultEntry(kind as ScenarioEntry["kind"], reviewDelayDays) })}
          />
          {entry.kind === "segment-transition" ? (
            <Select
              label={t("scenarios.entry.segment")}
              options={segmentOptions}
              value={entry.to}
              onChange={(to) => set({ entry: { ...entry, to: to as LifecycleStage } })}
            />
          ) : null}
          {entry.kind === "nth-order" ? (
            <TextField
              label={t("scenarios.entry.n")}
              type="number"
              autoComplete="off"
              value={numberValue(entry.n)}
              onChange={(v) => set({ entry: { ...entry, n: parseNumber(v) } })}
              error={errorFor("entry.n")}
            />
          ) : null}
          {entry.kind === "days-after-fulfilment" ? (
            <TextField
              label={t("scenarios.entry.days")}
              type="number"
              autoComplete="off"
              value={numberValue(entry.days)}
              onChange={(v) => set({ entry: { ...entry, days: parseNumber(v) } })}
              error={errorFor("entry.days")}
            />
          ) : null}
          {entry.kind === "f2-window-closing" ? (
            <FormLayout.Group>
              <TextField
                label={t("scenarios.entry.windowDays")}
                type="number"
                autoComplete="off"
                value={numberValue(entry.windowDays)}
                onChange={(v) => set({ entry: { ...entry, windowDays: parseNumber(v) } })}
                error={errorFor("entry.windowDays")}
              />
              <TextField
                label={t("scenarios.entry.daysBefore")}
                type="number"
                autoComplete="off"
                value={numberValue(entry.daysBefore)}
                onChange={(v) => set({ entry: { ...entry, daysBefore: parseNumber(v) } })}
                error={errorFor("entry.daysBefore")}
              />
            </FormLayout.Group>
          ) : null}
        </FormLayout>
      </SectionCard>

      <SectionCard title={t("scenarios.steps.heading")} description={t("scenarios.steps.description")}>
        {errorFor("steps") ? (
          <Text as="p" tone="critical">
            {errorFor("steps")}
          </Text>
        ) : null}
        {definition.steps.map((step, index) => (
          <StepFields
            key={index}
            index={index}
            step={step}
            onChange={(changes) => setStep(index, changes)}
            onRemove={definition.steps.length > 1 ? () => set({ steps: definition.steps.filter((_, i) => i !== index) }) : undefined}
            errorFor={(field) => errorFor(`steps.${index}.${field}`)}
            segmentOptions={segmentOptions}
            currencyCode={currencyCode}
            canLinkReviewForm={entry.kind === "days-after-fulfilment"}
          />
        ))}
        <InlineStack>
          <Button
            disabled={definition.steps.length >= MAX_STEPS}
            onClick={() => {
              const last = definition.steps.at(-1);
              set({
                steps: [
                  ...definition.steps,
                  { dayOffset: (last?.dayOffset ?? -7) + 7, content: "product", brief: { text: "" }, reviewFormLink: false },
                ],
              });
            }}
          >
            {t("scenarios.steps.add")}
          </Button>
        </InlineStack>
      </SectionCard>

      <SectionCard title={t("scenarios.exit.heading")}>
        <Checkbox
          label={t("scenarios.exit.onOrder")}
          checked={definition.exit.onOrder}
          onChange={(onOrder) => set({ exit: { ...definition.exit, onOrder } })}
        />
        <Checkbox
          label={t("scenarios.exit.onLeavingSegment")}
          checked={definition.exit.onLeavingSegment}
          onChange={(onLeavingSegment) => set({ exit: { ...definition.exit, onLeavingSegment } })}
          error={errorFor("exit.onLeavingSegment")}
        />
        <Checkbox
          label={t("scenarios.exit.onReview")}
          checked={definition.exit.onReview}
          onChange={(onReview) => set({ exit: { ...definition.exit, onReview } })}
          error={errorFor("exit.onReview")}
        />
        <Checkbox label={t("scenarios.reentry")} checked={definition.reentry} onChange={(reentry) => set({ reentry })} />
        <FormLayout>
          <FormLayout.Group>
            <TextField
              label={t("scenarios.holdoutShare")}
              type="number"
              autoComplete="off"
              suffix="%"
              value={numberValue(Math.round(definition.holdoutShare * 1000) / 10)}
              onChange={(v) => set({ holdoutShare: parseNumber(v) / 100 })}
              helpText={t("scenarios.holdoutShare.help")}
              error={errorFor("holdoutShare")}
            />
            <TextField
              label={t("scenarios.conversionWindowDays")}
              type="number"
              autoComplete="off"
              value={numberValue(definition.conversionWindowDays)}
              onChange={(v) => set({ conversionWindowDays: parseNumber(v) })}
              helpText={t("scenarios.conversionWindowDays.help")}
              error={errorFor("conversionWindowDays")}
            />
          </FormLayout.Group>
        </FormLayout>
      </SectionCard>
    </BlockStack>
  );
}

function StepFields({
  index,
  step,
  onChange,
  onRemove,
  errorFor,
  segmentOptions,
  currencyCode,
  canLinkReviewForm,
}: {
  index: number;
  step: ScenarioStepDefinition;
  onChange: (changes: Partial<ScenarioStepDefinition>) => void;
  onRemove: (() => void) | undefined;
  errorFor: (field: string) => string | undefined;
  segmentOptions: { label: string; value: string }[];
  currencyCode: string;
  canLinkReviewForm: boolean;
}) {
  const { t } = useI18n();
  const offer = step.offer;
  const setOffer = (changes: Partial<OfferSettings>) => offer && onChange({ offer: { ...offer, ...changes } as OfferSettings });
  return (
    <Card background="bg-surface-secondary">
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h3" variant="headingSm">
            {t("scenarios.steps.step", { n: index + 1 })}
          </Text>
          {onRemove ? (
            <Button variant="plain" tone="critical" onClick={onRemove}>
              {t("scenarios.steps.remove")}
            </Button>
          ) : null}
        </InlineStack>
        <FormLayout>
          <FormLayout.Group condensed>
            <TextField
              label={t("scenarios.steps.dayOffset")}
              type="number"
              autoComplete="off"
              value={numberValue(step.dayOffset)}
              onChange={(v) => onChange({ dayOffset: parseNumber(v) })}
              error={errorFor("dayOffset")}
            />
            <TextField
              label={t("scenarios.steps.localTime")}
              autoComplete="off"
              placeholder="09:00"
              value={step.localTime ?? ""}
              onChange={(v) => onChange({ localTime: v.trim() === "" ? undefined : v.trim() })}
              error={errorFor("localTime")}
            />
            <Select
              label={t("scenarios.steps.content")}
              options={(["brand", "product", "offer"] as const).map((c) => ({ label: t(`scenarios.content.${c}`), value: c }))}
              value={step.content}
              onChange={(content) =>
                onChange({
                  content: content as ScenarioStepDefinition["content"],
                  offer: content === "offer" ? (step.offer ?? DEFAULT_OFFER) : undefined,
                })
              }
            />
          </FormLayout.Group>
          <TextField
            label={t("scenarios.steps.brief")}
            autoComplete="off"
            value={copyText(t, step.brief)}
            onChange={(text) => onChange({ brief: { text } })}
            error={errorFor("brief.text") ?? errorFor("brief")}
          />
          {canLinkReviewForm || step.reviewFormLink ? (
            <Checkbox
              label={t("scenarios.steps.reviewFormLink")}
              checked={step.reviewFormLink}
              onChange={(reviewFormLink) => onChange({ reviewFormLink })}
              error={errorFor("reviewFormLink")}
            />
          ) : null}
          {offer ? (
            <>
              <FormLayout.Group condensed>
                <Select
                  label={t("scenarios.offer.kind")}
                  options={(["unique-code", "segment-code"] as const).map((k) => ({ label: t(`scenarios.offer.${k}`), value: k }))}
                  value={offer.kind}
                  onChange={(kind) =>
                    onChange({
                      offer:
                        kind === "segment-code"
                          ? { kind: "segment-code", segment: "dormant", value: offer.value, expiryDays: offer.expiryDays }
                          : { kind: "unique-code", value: offer.value, expiryDays: offer.expiryDays },
                    })
                  }
                />
                {offer.kind === "segment-code" ? (
                  <Select
                    label={t("scenarios.offer.segment")}
                    options={segmentOptions}
                    value={offer.segment}
                    onChange={(segment) => setOffer({ segment: segment as LifecycleStage })}
                  />
                ) : null}
              </FormLayout.Group>
              <FormLayout.Group condensed>
                <Select
                  label={t("scenarios.offer.valueType")}
                  options={[
                    { label: t("scenarios.offer.percentage"), value: "percentage" },
                    { label: t("scenarios.offer.amount"), value: "amount" },
                  ]}
                  value={offer.value.type}
                  onChange={(type) =>
                    setOffer({ value: type === "amount" ? { type: "amount", amount: 500 } : { type: "percentage", percent: 10 } })
                  }
                />
                {offer.value.type === "percentage" ? (
                  <TextField
                    label={t("scenarios.offer.percent")}
                    type="number"
                    autoComplete="off"
                    value={numberValue(offer.value.percent)}
                    onChange={(v) => setOffer({ value: { type: "percentage", percent: parseNumber(v) } })}
                    error={errorFor("offer.value.percent")}
                  />
                ) : (
                  <TextField
                    label={t("scenarios.offer.amountValue", { currency: currencyCode })}
                    type="number"
                    autoComplete="off"
                    value={numberValue(offer.value.amount)}
                    onChange={(v) => setOffer({ value: { type: "amount", amount: parseNumber(v) } })}
                    error={errorFor("offer.value.amount")}
                  />
                )}
                <TextField
                  label={t("scenarios.offer.expiryDays")}
                  type="number"
                  autoComplete="off"
                  value={numberValue(offer.expiryDays)}
                  onChange={(v) => setOffer({ expiryDays: parseNumber(v) })}
                  error={errorFor("offer.expiryDays")}
                />
              </FormLayout.Group>
            </>
          ) : null}
          {errorFor("offer") ? (
            <Text as="p" tone="critical">
              {errorFor("offer")}
            </Text>
          ) : null}
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
