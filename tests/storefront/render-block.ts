// Render the theme app extension's blocks with liquidjs as Shopify would render them on a page:
// the Shopify-only `{% schema %}` tag, the `t` filter over the extension's locale files (plural
// forms by `count`, interpolated values escaped unless the key ends in `_html`), snippets from
// snippets/, and the globals a block sees (customer, product, routes, block).
import fs from "node:fs";
import path from "node:path";
import { Liquid, Tag, type Context, type Emitter, type TagToken, type TopLevelToken } from "liquidjs";

export const EXTENSION_DIR = path.resolve(__dirname, "../../extensions/tsunagu-theme");

type Translations = { [key: string]: string | Translations };

function readLocale(locale: "en" | "ja"): Translations {
  const file = locale === "en" ? "en.default.json" : "ja.json";
  return JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, "locales", file), "utf8"));
}

const escapeHtml = (value: unknown) =>
  String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** Shopify's `t` filter over one locale: a missing key renders as Shopify does ("translation missing: …"). */
function translate(translations: Translations, key: string, variables: Record<string, unknown>): string {
  let entry: string | Translations | undefined = translations;
  for (const part of key.split(".")) entry = typeof entry === "object" ? entry[part] : undefined;
  if (entry !== undefined && typeof entry === "object" && "count" in variables) {
    entry = Number(variables.count) === 1 ? (entry.one ?? entry.other) : entry.other;
  }
  if (typeof entry !== "string") return `translation missing: ${key}`;
  const isHtml = key.endsWith("_html");
  return entry.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const value = variables[name] ?? "";
    return isHtml ? String(value) : escapeHtml(value);
  });
}

class SchemaTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    while (remainTokens.length > 0) {
      const next = remainTokens.shift()!;
      if (next.getText().replace(/\s/g, "") === "{%endschema%}") return;
    }
    throw new Error("{% schema %} is not closed");
  }
  render(_ctx: Context, _emitter: Emitter): void {}
}

export interface BlockScope {
  customer?: Record<string, unknown> | null;
  product?: Record<string, unknown> | null;
  settings?: Record<string, unknown>;
}

export type BlockName = "review-request" | "thank-you" | "reviews-display";

/** The schema's setting defaults, as the theme editor fills them for a newly added block. */
export function schemaDefaults(block: BlockName): Record<string, unknown> {
  const source = fs.readFileSync(path.join(EXTENSION_DIR, "blocks", `${block}.liquid`), "utf8");
  const schema = JSON.parse(/\{% schema %\}([\s\S]*)\{% endschema %\}/.exec(source)![1]) as {
    settings: { id?: string; default?: unknown }[];
  };
  return Object.fromEntries(schema.settings.filter((s) => s.id).map((s) => [s.id, s.default ?? null]));
}

export async function renderBlock(
  block: BlockName,
  { customer = null, product = null, settings = {} }: BlockScope,
  locale: "en" | "ja" = "en",
) {
  const translations = readLocale(locale);
  const engine = new Liquid({
    root: path.join(EXTENSION_DIR, "blocks"),
    partials: path.join(EXTENSION_DIR, "snippets"),
    extname: ".liquid",
  });
  engine.registerTag("schema", SchemaTag);
  engine.registerFilter("t", (key: string, ...args: [string, unknown][]) => translate(translations, key, Object.fromEntries(args)));
  const source = fs.readFileSync(path.join(EXTENSION_DIR, "blocks", `${block}.liquid`), "utf8");
  return engine.parseAndRender(source, {
    customer,
    product,
    routes: { account_login_url: "/account/login", root_url: "/" },
    block: { id: "AbC123", shopify_attributes: "", settings: { ...schemaDefaults(block), ...settings } },
  });
}
