import { Banner, BlockStack, ProgressBar, Text } from "@shopify/polaris";
import type { SettingsRunView } from "../../models/settings-run.server";
import { useI18n } from "../../i18n/i18n-context";

const PHASE_PROGRESS = { segments: 15, tags: 50, flow: 90, done: 100 } as const;

/** A run is queued or running: the page polls, and saving or removing tags waits for it. */
export function isRunning(run: SettingsRunView | null): boolean {
  return run?.status === "queued" || run?.status === "running";
}

/** Progress of the last settings change or tag removal; the page polls while it runs. */
export function SettingsRunBanner({ run }: { run: SettingsRunView }) {
  const { t, formatNumber } = useI18n();
  const apply = run.kind === "apply-settings";
  const phase = t(`settings.run.phase.${run.phase}`);
  if (run.status === "failed") {
    return (
      <Banner tone="critical">
        <Text as="p">{t("settings.run.failed", { error: run.error ?? "" })}</Text>
      </Banner>
    );
  }
  if (run.status === "completed") {
    return (
      <Banner tone="success">
        <Text as="p">
          {apply
            ? t("settings.run.apply.completed", { transitions: formatNumber(run.transitions), tags: formatNumber(run.tagsWritten) })
            : t("settings.run.remove.completed", { tags: formatNumber(run.tagsWritten) })}
        </Text>
      </Banner>
    );
  }
  return (
    <Banner tone="info">
      <BlockStack gap="200">
        <Text as="p">{t(apply ? "settings.run.apply.running" : "settings.run.remove.running", { phase })}</Text>
        <ProgressBar progress={run.status === "queued" ? 5 : PHASE_PROGRESS[run.phase]} size="small" />
      </BlockStack>
    </Banner>
  );
}
