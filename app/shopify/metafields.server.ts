// The app-owned metafields the storefront blocks read (extensions/tsunagu-theme), and the calls that
// write them. Namespace `$app:tsunagu` is reserved to this app: only it can write there, so nothing
// the theme renders can be changed by another app or by staff. Liquid reads them only when a
// definition grants storefront PUBLIC_READ, hence the definitions below.
import type { AdminClient } from "./admin-client.server";
import { AdminApiError } from "./admin-client.server";
import { MetafieldDefinitionCreate } from "./graphql/metafield-definition-create.mutation";
import { MetafieldsDelete } from "./graphql/metafields-delete.mutation";
import { MetafieldsSet } from "./graphql/metafields-set.mutation";

export const APP_METAFIELD_NAMESPACE = "$app:tsunagu";

/** Shopify's limit per metafieldsSet call (and the batch we use for metafieldsDelete too). */
export const METAFIELDS_PER_CALL = 25;

export interface AppMetafieldDefinition {
  ownerType: "CUSTOMER" | "PRODUCT";
  key: string;
  type: string;
  name: string;
  description: string;
}

export const APP_METAFIELD_DEFINITIONS = {
  reviewableProducts: {
    ownerType: "CUSTOMER",
    key: "reviewable_products",
    type: "list.product_reference",
    name: "Tsunagu: products to review",
    description: "Products this customer bought and may review now (written by Tsunagu; read by the review request block).",
  },
  welcomeBack: {
    ownerType: "CUSTOMER",
    key: "welcome_back",
    type: "boolean",
    name: "Tsunagu: returning after dormancy",
    description: "Set while a customer who came back from dormancy is greeted as returning (written by Tsunagu).",
  },
  reviewSummary: {
    ownerType: "PRODUCT",
    key: "review_summary",
    type: "json",
    name: "Tsunagu: review summary",
    description: "Average rating, count and recent published reviews (written by Tsunagu; read by the reviews block).",
  },
} as const satisfies Record<string, AppMetafieldDefinition>;

export interface MetafieldWrite {
  ownerId: string;
  key: string;
  type: string;
  value: string;
}

export interface MetafieldIdentifier {
  ownerId: string;
  key: string;
}

interface UserErrorShape {
  field: string[] | null;
  message: string;
  code?: string | null;
}

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += METAFIELDS_PER_CALL) out.push(items.slice(i, i + METAFIELDS_PER_CALL));
  return out;
}

function failIfUserErrors(operation: string, userErrors: readonly UserErrorShape[]): void {
  if (userErrors.length === 0) return;
  throw new AdminApiError(`${operation}: ${userErrors.map((e) => `${(e.field ?? []).join(".")} ${e.message}`.trim()).join("; ")}`);
}

/** Set app-owned metafields, 25 per call (each call is atomic on Shopify). */
export async function setAppMetafields(admin: AdminClient, writes: readonly MetafieldWrite[]): Promise<void> {
  for (const batch of batches(writes)) {
    const metafields = batch.map((write) => ({ ...write, namespace: APP_METAFIELD_NAMESPACE }));
    const result = await admin.request<{ metafieldsSet: { userErrors: UserErrorShape[] } }>(MetafieldsSet, { metafields });
    failIfUserErrors("metafieldsSet", result.metafieldsSet.userErrors);
  }
}

/** Delete app-owned metafields, 25 per call (deleting one that does not exist is not an error). */
export async function deleteAppMetafields(admin: AdminClient, identifiers: readonly MetafieldIdentifier[]): Promise<void> {
  for (const batch of batches(identifiers)) {
    const metafields = batch.map((id) => ({ ...id, namespace: APP_METAFIELD_NAMESPACE }));
    const result = await admin.request<{ metafieldsDelete: { userErrors: UserErrorShape[] } }>(MetafieldsDelete, { metafields });
    failIfUserErrors("metafieldsDelete", result.metafieldsDelete.userErrors);
  }
}

/**
 * Create the definition with storefront PUBLIC_READ (so Liquid can read the metafield). Returns the
 * definition's GID; `null` when the shop already has it (code TAKEN), which is not an error.
 */
export async function createAppMetafieldDefinition(admin: AdminClient, definition: AppMetafieldDefinition): Promise<string | null> {
  const result = await admin.request<{
    metafieldDefinitionCreate: { createdDefinition: { id: string } | null; userErrors: UserErrorShape[] };
  }>(MetafieldDefinitionCreate, {
    definition: { ...definition, namespace: APP_METAFIELD_NAMESPACE, access: { storefront: "PUBLIC_READ" } },
  });
  const { createdDefinition, userErrors } = result.metafieldDefinitionCreate;
  if (userErrors.some((e) => e.code === "TAKEN")) return null;
  failIfUserErrors(`metafieldDefinitionCreate ${definition.ownerType} ${definition.key}`, userErrors);
  if (!createdDefinition) throw new AdminApiError(`metafieldDefinitionCreate ${definition.key}: no definition and no error`);
  return createdDefinition.id;
}
