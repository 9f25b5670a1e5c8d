// The document <title> of an app page in the admin's language (axe: every document needs a title),
// read from the messages the app layout (routes/app.tsx) already loaded.
import type { MetaFunction } from "@remix-run/node";
import { translate, type MessageKey, type Messages } from "./i18n";

export function pageTitleMeta(key: MessageKey): MetaFunction {
  return ({ matches }) => {
    const layout = matches.find((match) => match.id === "routes/app")?.data as { messages?: Messages } | undefined;
    const page = layout?.messages ? translate(layout.messages, key) : null;
    return [{ title: page ? `${page} · Tsunagu` : "Tsunagu" }];
  };
}
