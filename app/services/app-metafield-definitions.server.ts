// The app's metafield definitions on a shop, created once: the database remembers which exist (and the
// namespace Shopify resolved), and a definition the shop already has (TAKEN) counts as made.
import { listAppMetafieldDefinitions, recordAppMetafieldDefinition } from "../models/storefront-state.server";
import type { AdminClient } from "../shopify/admin-client.server";
import { createAppMetafieldDefinition, type AppMetafieldDefinition } from "../shopify/metafields.server";

/** Create those of `definitions` the shop does not have yet; returns how many were created now. */
export async function ensureAppMetafieldDefinitions(
  shop: string,
  admin: AdminClient,
  definitions: readonly AppMetafieldDefinition[],
): Promise<number> {
  const existing = await listAppMetafieldDefinitions(shop);
  let created = 0;
  for (const definition of definitions) {
    if (existing.has(`${definition.ownerType}/${definition.key}`)) continue;
    const made = await createAppMetafieldDefinition(admin, definition);
    await recordAppMetafieldDefinition(shop, {
      ownerType: definition.ownerType,
      key: definition.key,
      definitionId: made?.id ?? null,
      namespace: made?.namespace ?? null,
    });
    if (made) created += 1;
  }
  return created;
}
