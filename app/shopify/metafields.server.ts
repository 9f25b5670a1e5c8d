// The app-owned metafields Tsunagu writes, and the calls that write them. Namespace `$app:tsunagu` is
// reserved to this app: only it can write there, so nothing the theme renders or a segment filters on
// can be changed by another app or by staff (merchants read them: admin MERCHANT_READ).
// - Storefront metafields (docs/decisions/009): the theme blocks read them; Liquid reads a metafield
//   only when its definition grants storefront PUBLIC_READ.
// - Customer metafields for Shopify's own segments and Flow (docs/decisions/044): admin only, never on
//   the storefront (a predicted value is not for the customer's eyes).
import { chunks } from "../domain/chunks";
import type { AdminClient } from "./admin-client.server";
import { AdminApiError } from "./admin-client.server";
import { runBulkMutation } from "./bulk-mutation.server";
import type { BulkWaitOptions } from "./bulk-operation.server";
import { MetafieldDefinitionCreate } from "./graphql/metafield-definition-create.mutation";
import { MetafieldsDelete } from "./graphql/metafields-delete.mutation";
import { MetafieldsSet } from "./graphql/metafields-set.mutation";
import type { MetafieldsSetInput } from "./graphql/generated/admin.types";

export const APP_METAFIELD_NAMESPACE = "$app:tsunagu";

/** Shopify's limit per metafieldsSet call (and the batch we use for metafieldsDelete too). */
export const METAFIELDS_PER_CALL = 25;

export interface AppMetafieldDefinition {
  ownerType: "CUSTOMER" | "PRODUCT";
  key: string;
  type: string;
  /** Shown in Shopify's admin (and as the segment editor's filter name): English. */
  name: string;
  description: string;
  storefront: "PUBLIC_READ" | "NONE";
}

/** The storefront blocks' metafields (docs/decisions/009). */
export const APP_METAFIELD_DEFINITIONS = {
  reviewableProducts: {
    ownerType: "CUSTOMER",
    key: "reviewable_products",
    type: "list.product_reference",
    name: "Tsunagu: products to review",
    description: "Products this customer bought and may review now (written by Tsunagu; read by the review request block).",
    storefront: "PUBLIC_READ",
  },
  welcomeBack: {
    ownerType: "CUSTOMER",
    key: "welcome_back",
    type: "boolean",
    name: "Tsunagu: returning after dormancy",
    description: "Set while a customer who came back from dormancy is greeted as returning (written by Tsunagu).",
    storefront: "PUBLIC_READ",
  },
  reviewSummary: {
    ownerType: "PRODUCT",
    key: "review_summary",
    type: "json",
    name: "Tsunagu: review summary",
    description: "Average rating, count and recent published reviews (written by Tsunagu; read by the reviews block).",
    storefront: "PUBLIC_READ",
  },
} as const satisfies Record<string, AppMetafieldDefinition>;

/**
 * The customer metafields for Shopify's own segments and Flow (app/domain/customer-metafields.ts), by
 * the domain's field names. Segment filters accept date, number, text and true/false metafields.
 */
export const CUSTOMER_SEGMENT_METAFIELDS = {
  lifecycleSegment: {
    ownerType: "CUSTOMER",
    key: "lifecycle_segment",
    type: "single_line_text_field",
    name: "Tsunagu: lifecycle segment",
    description: "new (first-time), regular, vip, dormant or churned, by Tsunagu's lifecycle rules. Empty for customers without an order.",
    storefront: "NONE",
  },
  predictedValue12m: {
    ownerType: "CUSTOMER",
    key: "predicted_value_12m",
    type: "number_decimal",
    name: "Tsunagu: predicted 12-month value",
    description:
      "Expected revenue from this customer in the next 12 months, discounted, in the shop's currency (2 significant digits). Empty while Tsunagu's prediction check withholds predictions.",
    storefront: "NONE",
  },
  pAlive: {
    ownerType: "CUSTOMER",
    key: "p_alive",
    type: "number_decimal",
    name: "Tsunagu: probability still active",
    description:
      "P(alive): the probability (0 to 1) that this customer still buys from the shop. Empty while Tsunagu's prediction check withholds it.",
    storefront: "NONE",
  },
  expectedNextOrderDate: {
    ownerType: "CUSTOMER",
    key: "expected_next_order_date",
    type: "date",
    name: "Tsunagu: expected next order date",
    description:
      "Last order date plus this customer's expected days between purchases while active. A past date means overdue. Empty when P(alive) is withheld or fewer than one order a year is expected.",
    storefront: "NONE",
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
  field?: string[] | null;
  message: string;
}

function failIfUserErrors(operation: string, userErrors: readonly UserErrorShape[]): void {
  if (userErrors.length === 0) return;
  throw new AdminApiError(`${operation}: ${userErrors.map((e) => `${(e.field ?? []).join(".")} ${e.message}`.trim()).join("; ")}`);
}

/** Set app-owned metafields, 25 per call (each call is atomic on Shopify). */
export async function setAppMetafields(admin: AdminClient, writes: readonly MetafieldWrite[]): Promise<void> {
  for (const batch of chunks(writes, METAFIELDS_PER_CALL)) {
    const metafields: MetafieldsSetInput[] = batch.map((write) => ({ ...write, namespace: APP_METAFIELD_NAMESPACE }));
    const { metafieldsSet } = await admin.request(MetafieldsSet, { metafields });
    failIfUserErrors("metafieldsSet", metafieldsSet?.userErrors ?? []);
  }
}

/** Delete app-owned metafields, 25 per call (deleting one that does not exist is not an error). */
export async function deleteAppMetafields(admin: AdminClient, identifiers: readonly MetafieldIdentifier[]): Promise<void> {
  for (const batch of chunks(identifiers, METAFIELDS_PER_CALL)) {
    const metafields = batch.map((id) => ({ ...id, namespace: APP_METAFIELD_NAMESPACE }));
    const { metafieldsDelete } = await admin.request(MetafieldsDelete, { metafields });
    failIfUserErrors("metafieldsDelete", metafieldsDelete?.userErrors ?? []);
  }
}

/**
 * Many metafieldsSet (or metafieldsDelete) calls as one bulk mutation (docs/shopify.md §3; any Admin
 * mutation may run in bulk): each line is one call's inputs, at most 25. Returns the indexes of the
 * lines Shopify did not apply (user errors, or no result line), for the caller to write again.
 */
export async function writeAppMetafieldsInBulk(
  admin: AdminClient,
  mutation: "metafieldsSet" | "metafieldsDelete",
  lines: readonly (readonly (MetafieldWrite | MetafieldIdentifier)[])[],
  bulk?: BulkWaitOptions,
): Promise<Set<number>> {
  if (lines.some((line) => line.length > METAFIELDS_PER_CALL))
    throw new RangeError(`A ${mutation} line holds at most ${METAFIELDS_PER_CALL} inputs.`);
  const outcome = await runBulkMutation(
    admin,
    {
      mutation: mutation === "metafieldsSet" ? MetafieldsSet : MetafieldsDelete,
      mutationField: mutation,
      variables: lines.map((line) => ({ metafields: line.map((input) => ({ ...input, namespace: APP_METAFIELD_NAMESPACE })) })),
    },
    bulk,
  );
  return new Set(outcome.failed.keys());
}

export interface CreatedDefinition {
  /** Shopify GID */
  id: string;
  /** `$app:tsunagu` as Shopify resolved it: `app--<api client id>--tsunagu` */
  namespace: string;
}

/**
 * Create the definition (merchants read, only this app writes; storefront as the definition says).
 * Returns the created definition; `null` when the shop already has it (code TAKEN), which is not an error.
 */
export async function createAppMetafieldDefinition(
  admin: AdminClient,
  definition: AppMetafieldDefinition,
): Promise<CreatedDefinition | null> {
  const { storefront, ...fields } = definition;
  const { metafieldDefinitionCreate } = await admin.request(MetafieldDefinitionCreate, {
    definition: { ...fields, namespace: APP_METAFIELD_NAMESPACE, access: { admin: "MERCHANT_READ", storefront } },
  });
  const userErrors = metafieldDefinitionCreate?.userErrors ?? [];
  if (userErrors.some((e) => e.code === "TAKEN")) return null;
  failIfUserErrors(`metafieldDefinitionCreate ${definition.ownerType} ${definition.key}`, userErrors);
  const created = metafieldDefinitionCreate?.createdDefinition;
  if (!created) throw new AdminApiError(`metafieldDefinitionCreate ${definition.key}: no definition and no error`);
  return created;
}
