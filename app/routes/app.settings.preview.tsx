// Settings → lifecycle rules: who would move where under the submitted settings (nothing is written).
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { readForm } from "../http/read-form";
import { validateSettingsForm } from "../domain/shop-settings";
import { previewSettings } from "../models/settings-page.server";
import { getShopSettings } from "../models/shop.server";
import { rawRulesForm } from "../components/settings/rules-form-values";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const validation = validateSettingsForm(rawRulesForm(await readForm(request)));
  if (!validation.ok) return json({ ok: false as const, errors: validation.errors }, { status: 422 });
  const { tagPrefix, taggingEnabled } = await getShopSettings(session.shop);
  const prefixChange =
    taggingEnabled && tagPrefix !== validation.settings.tagPrefix ? { from: tagPrefix, to: validation.settings.tagPrefix } : null;
  return json({ ok: true as const, preview: await previewSettings(session.shop, validation.settings), prefixChange });
};
