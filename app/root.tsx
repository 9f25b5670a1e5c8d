import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import type { LinksFunction } from "@remix-run/node";
// Polaris's stylesheet, trimmed to the components the app uses (scripts/polaris-css.mjs).
import polarisStyles from "./styles/polaris.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export default function App() {
  // The embedded pages' language (the admin's locale, resolved by routes/app.tsx), for screen readers and fonts.
  const lang = useRouteLoaderData<{ locale?: string }>("routes/app")?.locale ?? "en";
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
