import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError, type ShouldRevalidateFunction } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisJa from "@shopify/polaris/locales/ja.json";
import { authenticate } from "../shopify.server";
import { appEnv } from "../env.server";
import { messagesFor, resolveLocale } from "../i18n/messages.server";
import { I18nProvider, useI18n } from "../i18n/i18n-context";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  const locale = resolveLocale(request);
  const env = appEnv();
  return json({
    apiKey: env.SHOPIFY_API_KEY ?? "",
    // Unset in production (Shopify's CDN); the local emulator serves a stand-in.
    appBridgeUrl: env.APP_BRIDGE_URL,
    locale,
    messages: messagesFor(locale),
    // Polaris's own strings travel as data, in the admin's language only; English is AppProvider's default.
    polarisTranslations: locale === "ja" ? polarisJa : undefined,
  });
};

// The admin's locale arrives on the first document request only; keep it for the session.
export const shouldRevalidate: ShouldRevalidateFunction = () => false;

function Navigation() {
  const { t } = useI18n();
  return (
    <NavMenu>
      <Link to="/app" rel="home">
        {t("nav.home")}
      </Link>
      <Link to="/app/segments">{t("nav.segments")}</Link>
      <Link to="/app/cohorts">{t("nav.cohorts")}</Link>
      <Link to="/app/acquisition">{t("nav.acquisition")}</Link>
      <Link to="/app/playbook">{t("nav.playbook")}</Link>
      <Link to="/app/scenarios">{t("nav.scenarios")}</Link>
      <Link to="/app/reviews">{t("nav.reviews")}</Link>
      <Link to="/app/subscriptions">{t("nav.subscriptions")}</Link>
      <Link to="/app/predictions">{t("nav.predictions")}</Link>
      <Link to="/app/settings">{t("nav.settings")}</Link>
      <Link to="/app/privacy">{t("nav.privacy")}</Link>
    </NavMenu>
  );
}

export default function App() {
  const { apiKey, appBridgeUrl, locale, messages, polarisTranslations } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} i18n={polarisTranslations} {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}>
      <I18nProvider locale={locale} messages={messages}>
        <Navigation />
        <Outlet />
      </I18nProvider>
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses, so that their headers are included.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
