import { useLocation } from "@remix-run/react";
import { Button, ButtonGroup } from "@shopify/polaris";
import { useI18n } from "../../i18n/i18n-context";

const TABS = [
  { path: "/app/settings", label: "settings.tab.rules" },
  { path: "/app/settings/shopify", label: "settings.tab.shopify" },
  { path: "/app/settings/jobs", label: "settings.tab.jobs" },
] as const;

/** The settings page's sections, one nested route each (server-rendered like the reviews page's tabs). */
export function SettingsTabs() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const current = pathname.replace(/\/$/, "");
  return (
    <ButtonGroup variant="segmented">
      {TABS.map((tab) => (
        <Button key={tab.path} url={tab.path} pressed={current === tab.path}>
          {t(tab.label)}
        </Button>
      ))}
    </ButtonGroup>
  );
}
