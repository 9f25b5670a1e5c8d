// What the emulator knows of the app it serves: its credentials and URL, and the webhook
// subscriptions declared in shopify.app.toml (read from the file, as Shopify reads the deployed config).
import fs from "node:fs";
import path from "node:path";

export interface AppRegistration {
  apiKey: string;
  apiSecret: string;
  /** Where the app listens, e.g. http://127.0.0.1:3000 */
  appUrl: string;
  handle: string;
  scopes: string[];
  /** topic (e.g. "app/uninstalled") → path on the app (e.g. "/webhooks/app/uninstalled") */
  webhookSubscriptions: Map<string, string>;
  webhookApiVersion: string;
}

const REPO_ROOT = path.resolve(__dirname, "../..");

/** The small part of TOML that shopify.app.toml uses for these keys. */
export function readAppToml(file = path.join(REPO_ROOT, "shopify.app.toml")) {
  const text = fs.readFileSync(file, "utf8");
  const scopes = /^\s*scopes\s*=\s*"([^"]*)"/m.exec(text)?.[1] ?? "";
  const handle = /^\s*handle\s*=\s*"([^"]*)"/m.exec(text)?.[1] ?? "app";
  const webhookApiVersion = /\[webhooks\][^[]*?api_version\s*=\s*"([^"]+)"/s.exec(text)?.[1] ?? "2026-10";
  const webhookSubscriptions = new Map<string, string>();
  for (const block of text.split(/\[\[webhooks\.subscriptions\]\]/).slice(1)) {
    const body = block.split(/^\s*\[/m)[0];
    const uri = /^\s*uri\s*=\s*"([^"]+)"/m.exec(body)?.[1];
    const topicList = /^\s*(?:topics|compliance_topics)\s*=\s*\[([^\]]*)\]/gm;
    for (const match of body.matchAll(topicList)) {
      for (const topic of match[1].matchAll(/"([^"]+)"/g)) if (uri) webhookSubscriptions.set(topic[1], uri);
    }
  }
  return {
    handle,
    scopes: scopes
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    webhookSubscriptions,
    webhookApiVersion,
  };
}

export function registerApp(options: { apiKey: string; apiSecret: string; appUrl: string }): AppRegistration {
  return { ...options, ...readAppToml() };
}
