// Emulated metafields: metafieldsSet, metafieldsDelete, metafieldDefinitionCreate, and reading
// Customer.metafield / Product.metafield. As Shopify: the reserved namespace `$app[:sub]` resolves to
// `app--<api client id>[--sub]`; metafieldsSet takes at most 25 inputs and is atomic (one bad input,
// nothing written); the value must parse as its type (a product reference must name a product of
// the shop); writing a customer's metafield needs write_customers, a product's write_products.
// Definitions keep their access: admin access may be set only on an app-owned namespace; a customer
// definition makes its metafield usable in segment queries (resolvers-flow-segments.ts).
// Stored per shop beside the store; tests read them with `storedMetafield` / `metafieldDefinitions`.
import crypto from "node:crypto";
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import type { ResolverContext } from "./resolvers";
import { customerGid, parseGid, type EmulatedShop } from "./store";
import { formatUtcIso } from "./time";

type Resolver = (source: any, args: any, ctx: ResolverContext, info: GraphQLResolveInfo) => unknown;

/** The emulated app's API client id, as it appears in resolved `$app` namespaces. */
export const EMULATED_API_CLIENT_ID = "1000001";
export const MAX_METAFIELDS_PER_SET = 25;

type OwnerType = "CUSTOMER" | "PRODUCT";

export interface StoredMetafield {
  id: number;
  ownerId: string;
  ownerType: OwnerType;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: number;
  updatedAt: number;
}

export interface StoredMetafieldDefinition {
  id: number;
  ownerType: OwnerType;
  namespace: string;
  key: string;
  name: string;
  description: string | null;
  type: string;
  storefrontAccess: "NONE" | "PUBLIC_READ";
  adminAccess: "MERCHANT_READ" | "MERCHANT_READ_WRITE" | null;
}

interface ShopMetafields {
  values: Map<string, StoredMetafield>;
  definitions: Map<string, StoredMetafieldDefinition>;
  nextId: number;
}

const byShop = new WeakMap<EmulatedShop, ShopMetafields>();

function metafieldsOf(shop: EmulatedShop): ShopMetafields {
  let value = byShop.get(shop);
  if (!value) {
    value = { values: new Map(), definitions: new Map(), nextId: 1 };
    byShop.set(shop, value);
  }
  return value;
}

/** `$app` → `app--<id>`, `$app:reviews` → `app--<id>--reviews`; other namespaces unchanged. */
export function resolveNamespace(namespace: string | null | undefined): string {
  const given = namespace ?? "$app";
  if (given === "$app") return `app--${EMULATED_API_CLIENT_ID}`;
  if (given.startsWith("$app:")) return `app--${EMULATED_API_CLIENT_ID}--${given.slice(5)}`;
  return given;
}

const valueKey = (ownerId: string, namespace: string, key: string) => `${ownerId}|${namespace}|${key}`;
const definitionKey = (ownerType: string, namespace: string, key: string) => `${ownerType}|${namespace}|${key}`;

/** A metafield as the shop holds it (namespace may be given as `$app:…`). */
export function storedMetafield(shop: EmulatedShop, ownerId: string, namespace: string, key: string): StoredMetafield | undefined {
  return metafieldsOf(shop).values.get(valueKey(ownerId, resolveNamespace(namespace), key));
}

export function metafieldDefinitions(shop: EmulatedShop): StoredMetafieldDefinition[] {
  return [...metafieldsOf(shop).definitions.values()];
}

/** The customer metafield definition a segment query names as `metafields.<namespace>.<key>`, if the shop has it. */
export function customerMetafieldDefinition(shop: EmulatedShop, namespace: string, key: string): StoredMetafieldDefinition | undefined {
  return metafieldsOf(shop).definitions.get(definitionKey("CUSTOMER", namespace, key));
}

/** Every metafield of an owner type the shop holds (for tests). */
export function storedMetafields(shop: EmulatedShop, ownerType: OwnerType): StoredMetafield[] {
  return [...metafieldsOf(shop).values.values()].filter((metafield) => metafield.ownerType === ownerType);
}

function pathOf(info: GraphQLResolveInfo): (string | number)[] {
  const out: (string | number)[] = [];
  for (let p: GraphQLResolveInfo["path"] | undefined = info.path; p; p = p.prev) out.unshift(p.key);
  return out;
}

function requireScope(ctx: ResolverContext, info: GraphQLResolveInfo, scope: string): void {
  if (ctx.shop.hasScope(scope)) return;
  const requiredAccess = `\`${scope}\` access scope.`;
  throw new GraphQLError(`Access denied for ${info.fieldName} field. Required access: ${requiredAccess}`, {
    nodes: info.fieldNodes,
    path: pathOf(info),
    extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess },
  });
}

function notImplemented(info: GraphQLResolveInfo, what: string): GraphQLError {
  return new GraphQLError(`${what} is not implemented by the Tsunagu Shopify emulator`, {
    nodes: info.fieldNodes,
    path: pathOf(info),
    extensions: { code: "EMULATOR_NOT_IMPLEMENTED", typeName: info.parentType.name, fieldName: info.fieldName },
  });
}

const OWNER_TYPES: Record<string, { ownerType: OwnerType; writeScope: string }> = {
  Customer: { ownerType: "CUSTOMER", writeScope: "write_customers" },
  Product: { ownerType: "PRODUCT", writeScope: "write_products" },
};

function productExists(shop: EmulatedShop, gid: string): boolean {
  const id = parseGid(gid, "Product");
  return id !== undefined && id >= 1 && id <= shop.products.titles.length;
}

function ownerExists(shop: EmulatedShop, ownerType: OwnerType, gid: string): boolean {
  return ownerType === "CUSTOMER" ? shop.customerIndex(gid) >= 0 : productExists(shop, gid);
}

/** The reason a value does not parse as its type, or null. */
function invalidValue(shop: EmulatedShop, type: string, value: string): string | null {
  switch (type) {
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "json":
      try {
        JSON.parse(value);
        return null;
      } catch {
        return "Value is invalid JSON.";
      }
    case "single_line_text_field":
      return /[\r\n]/.test(value) ? "Value must be a single line of text." : null;
    case "number_integer":
      return /^-?\d+$/.test(value) ? null : "Value must be an integer.";
    case "number_decimal":
      return /^-?\d+(\.\d{1,9})?$/.test(value) ? null : "Value must be a decimal with at most 9 digits after the decimal point.";
    case "date":
      return isCalendarDate(value) ? null : "Value must be in YYYY-MM-DD format.";
    case "list.product_reference": {
      let list: unknown;
      try {
        list = JSON.parse(value);
      } catch {
        return "Value is invalid JSON.";
      }
      if (!Array.isArray(list)) return "Value must be an array.";
      if (list.length > 128) return "Value has more than 128 references.";
      const bad = list.find((item) => typeof item !== "string" || !productExists(shop, item));
      return bad === undefined ? null : `Value references non-existent resource ${JSON.stringify(bad)}.`;
    }
    default:
      return null;
  }
}

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

const SUPPORTED_TYPES = new Set([
  "boolean",
  "json",
  "single_line_text_field",
  "number_integer",
  "number_decimal",
  "date",
  "list.product_reference",
]);

interface UserError {
  field: string[];
  message: string;
  code: string;
  elementIndex?: number | null;
}

function metafieldsSet(ctx: ResolverContext, info: GraphQLResolveInfo, inputs: Record<string, string | null | undefined>[]) {
  if (inputs.length > MAX_METAFIELDS_PER_SET) {
    const message = `Exceeded the maximum metafields input limit of ${MAX_METAFIELDS_PER_SET}.`;
    return { metafields: [], userErrors: [{ field: ["metafields"], message, code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }] };
  }
  const store = metafieldsOf(ctx.shop);
  const userErrors: UserError[] = [];
  const accepted: Omit<StoredMetafield, "id" | "createdAt" | "updatedAt">[] = [];
  inputs.forEach((input, index) => {
    const error = (field: string, message: string, code: string) =>
      userErrors.push({ field: ["metafields", String(index), field], message, code, elementIndex: index });
    if (input.compareDigest !== undefined) throw notImplemented(info, "compareDigest on metafieldsSet");
    const ownerId = input.ownerId as string;
    const typeName = /^gid:\/\/shopify\/([A-Za-z]+)\/\S+$/.exec(ownerId)?.[1];
    const owner = typeName ? OWNER_TYPES[typeName] : undefined;
    if (!owner) {
      if (typeName) throw notImplemented(info, `metafieldsSet on ${typeName}`);
      return error("ownerId", "Owner does not exist.", "INVALID");
    }
    requireScope(ctx, info, owner.writeScope);
    if (!ownerExists(ctx.shop, owner.ownerType, ownerId)) return error("ownerId", "Owner does not exist.", "INVALID");
    const namespace = resolveNamespace(input.namespace);
    const key = input.key as string;
    if (key.length < 2) return error("key", "Key is too short (minimum is 2 characters)", "TOO_SHORT");
    if (key.length > 64) return error("key", "Key is too long (maximum is 64 characters)", "TOO_LONG");
    if (!/^[A-Za-z0-9_-]+$/.test(key)) return error("key", "Key contains one or more invalid characters.", "INVALID");
    const definition = store.definitions.get(definitionKey(owner.ownerType, namespace, key));
    const type = input.type ?? definition?.type;
    if (!type) return error("type", "Type can't be blank", "BLANK");
    if (definition && definition.type !== type)
      return error("type", `Type must be ${definition.type} to match the definition.`, "INVALID_TYPE");
    if (!SUPPORTED_TYPES.has(type)) throw notImplemented(info, `metafield type ${type}`);
    const invalid = invalidValue(ctx.shop, type, input.value as string);
    if (invalid) return error("value", invalid, "INVALID_VALUE");
    accepted.push({ ownerId, ownerType: owner.ownerType, namespace, key, type, value: input.value as string });
  });
  if (userErrors.length > 0) return { metafields: [], userErrors };

  const now = ctx.shop.now().getTime();
  const metafields = accepted.map((metafield) => {
    const k = valueKey(metafield.ownerId, metafield.namespace, metafield.key);
    const previous = store.values.get(k);
    const stored: StoredMetafield = {
      ...metafield,
      id: previous?.id ?? store.nextId++,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
    store.values.set(k, stored);
    return stored;
  });
  return { metafields, userErrors: [] };
}

function metafieldsDelete(
  ctx: ResolverContext,
  info: GraphQLResolveInfo,
  identifiers: { ownerId: string; namespace: string; key: string }[],
) {
  const store = metafieldsOf(ctx.shop);
  const deletedMetafields = identifiers.map(({ ownerId, namespace, key }) => {
    const typeName = /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(ownerId)?.[1];
    const owner = typeName ? OWNER_TYPES[typeName] : undefined;
    if (!owner) throw notImplemented(info, `metafieldsDelete on ${typeName ?? ownerId}`);
    requireScope(ctx, info, owner.writeScope);
    const resolved = resolveNamespace(namespace);
    // Shopify answers null for a metafield that did not exist.
    return store.values.delete(valueKey(ownerId, resolved, key)) ? { ownerId, namespace: resolved, key } : null;
  });
  return { deletedMetafields, userErrors: [] };
}

function metafieldDefinitionCreate(ctx: ResolverContext, info: GraphQLResolveInfo, input: Record<string, any>) {
  const ownerType = input.ownerType as string;
  if (ownerType !== "CUSTOMER" && ownerType !== "PRODUCT") throw notImplemented(info, `metafield definitions on ${ownerType}`);
  requireScope(ctx, info, ownerType === "CUSTOMER" ? "read_customers" : "read_products");
  if (!SUPPORTED_TYPES.has(input.type)) throw notImplemented(info, `metafield type ${input.type}`);
  const store = metafieldsOf(ctx.shop);
  const namespace = resolveNamespace(input.namespace);
  const adminAccess = input.access?.admin ?? null;
  if (adminAccess !== null && !namespace.startsWith("app--")) {
    return {
      createdDefinition: null,
      userErrors: [
        {
          field: ["definition", "access", "admin"],
          message: "Admin access can only be specified for app-owned metafield definitions.",
          code: "ADMIN_ACCESS_INPUT_NOT_ALLOWED",
        },
      ],
    };
  }
  const k = definitionKey(ownerType, namespace, input.key);
  if (store.definitions.has(k)) {
    const owner = ownerType === "CUSTOMER" ? "Customer" : "Product";
    return {
      createdDefinition: null,
      userErrors: [
        { field: ["definition", "key"], message: `Key is in use for ${owner} metafields on the '${namespace}' namespace.`, code: "TAKEN" },
      ],
    };
  }
  const definition: StoredMetafieldDefinition = {
    id: store.nextId++,
    ownerType,
    namespace,
    key: input.key,
    name: input.name,
    description: input.description ?? null,
    type: input.type,
    storefrontAccess: input.access?.storefront ?? "NONE",
    adminAccess,
  };
  store.definitions.set(k, definition);
  return { createdDefinition: definition, userErrors: [] };
}

function readMetafield(ctx: ResolverContext, ownerId: string, args: { namespace?: string; key: string }) {
  return metafieldsOf(ctx.shop).values.get(valueKey(ownerId, resolveNamespace(args.namespace), args.key)) ?? null;
}

const METAFIELD_RESOLVERS: Record<string, Record<string, Resolver>> = {
  Mutation: {
    metafieldsSet: (_s, args, ctx, info) => metafieldsSet(ctx, info, args.metafields),
    metafieldsDelete: (_s, args, ctx, info) => metafieldsDelete(ctx, info, args.metafields),
    metafieldDefinitionCreate: (_s, args, ctx, info) => metafieldDefinitionCreate(ctx, info, args.definition),
  },
  Customer: {
    metafield: (s, args, ctx) => readMetafield(ctx, customerGid(ctx.shop.customers.id[s.i]), args),
  },
  Product: {
    metafield: (s, args, ctx) => readMetafield(ctx, `gid://shopify/Product/${s.p + 1}`, args),
  },
  MetafieldsSetPayload: { metafields: (s) => s.metafields, userErrors: (s) => s.userErrors },
  MetafieldsSetUserError: {
    field: (s) => s.field,
    message: (s) => s.message,
    code: (s) => s.code,
    elementIndex: (s) => s.elementIndex ?? null,
  },
  MetafieldsDeletePayload: { deletedMetafields: (s) => s.deletedMetafields, userErrors: (s) => s.userErrors },
  MetafieldIdentifier: { ownerId: (s) => s.ownerId, namespace: (s) => s.namespace, key: (s) => s.key },
  MetafieldDefinitionCreatePayload: { createdDefinition: (s) => s.createdDefinition, userErrors: (s) => s.userErrors },
  MetafieldDefinitionCreateUserError: { field: (s) => s.field, message: (s) => s.message, code: (s) => s.code },
  Metafield: {
    id: (s) => `gid://shopify/Metafield/${s.id}`,
    legacyResourceId: (s) => String(s.id),
    namespace: (s) => s.namespace,
    key: (s) => s.key,
    type: (s) => s.type,
    value: (s) => s.value,
    // Text, dates and decimals are strings in jsonValue (a decimal keeps its digits); the rest parse as JSON.
    jsonValue: (s) => (["single_line_text_field", "date", "number_decimal"].includes(s.type) ? s.value : JSON.parse(s.value)),
    ownerType: (s) => s.ownerType,
    compareDigest: (s) => crypto.createHash("sha256").update(s.value).digest("hex"),
    createdAt: (s) => formatUtcIso(s.createdAt),
    updatedAt: (s) => formatUtcIso(s.updatedAt),
  },
  MetafieldDefinition: {
    id: (s) => `gid://shopify/MetafieldDefinition/${s.id}`,
    name: (s) => s.name,
    description: (s) => s.description,
    namespace: (s) => s.namespace,
    key: (s) => s.key,
    ownerType: (s) => s.ownerType,
    type: (s) => ({ name: s.type }),
    // An app-owned definition without an admin access setting is read-only for merchants (Shopify's default).
    access: (s) => ({ storefront: s.storefrontAccess, admin: s.adminAccess ?? "MERCHANT_READ" }),
  },
  MetafieldDefinitionType: { name: (s) => s.name },
  MetafieldAccess: { storefront: (s) => s.storefront, admin: (s) => s.admin },
};

const METAFIELD_ARGUMENTS: Record<string, readonly string[]> = {
  "Mutation.metafieldsSet": ["metafields"],
  "Mutation.metafieldsDelete": ["metafields"],
  "Mutation.metafieldDefinitionCreate": ["definition"],
  "Customer.metafield": ["namespace", "key"],
  "Product.metafield": ["namespace", "key"],
};

export function installMetafieldResolvers(
  resolvers: Record<string, Record<string, Resolver>>,
  handledArguments: Record<string, readonly string[]>,
): void {
  for (const [type, fields] of Object.entries(METAFIELD_RESOLVERS)) resolvers[type] = { ...resolvers[type], ...fields };
  Object.assign(handledArguments, METAFIELD_ARGUMENTS);
}
