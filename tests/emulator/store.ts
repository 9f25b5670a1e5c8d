// The emulated shop: customers, orders, line items and products of one Shopify store, kept as
// columns of typed arrays so that a store derived from real data at scale (250k customers,
// 1M orders) fits in a few hundred megabytes. Everything the GraphQL resolvers and the webhook
// payloads print is read from here; mutations go through methods that emit change events.
import { LeakyBucket, realClock } from "./leaky-bucket";
import type { CostModel } from "./cost";
import { formatUtcIso } from "./time";

// ---------------------------------------------------------------------------------------------
// Public types

export interface ShopPlan {
  /** maximumAvailable of the leaky bucket (Standard plan: 2000). */
  bucketSize: number;
  /** restoreRate in points per second (Standard plan: 100). */
  restoreRate: number;
}

export const STANDARD_PLAN: ShopPlan = { bucketSize: 2000, restoreRate: 100 };

/** Every scope the app may be granted; a shop gets all of them unless `scopes` says otherwise. */
export const DEFAULT_SCOPES = [
  "read_customers",
  "write_customers",
  "read_orders",
  "write_orders",
  "read_all_orders",
  "read_products",
  "write_products",
  "write_discounts",
  "write_marketing_events",
  "read_reports",
] as const;

const YEAR_OF_WEEKS_MS = 52 * 7 * 86_400_000;

export interface EmulatorOptions {
  /** The shop's "now" at creation; shop time then flows with `clock`. */
  now?: Date;
  plan?: Partial<ShopPlan>;
  /** Granted access scopes (default DEFAULT_SCOPES). write_x implies read_x. */
  scopes?: string[];
  /** The app's protected customer data level on this shop: 0 none, 1 (customer data), 2 (with name, address, phone, e-mail). Default 2. */
  protectedCustomerDataLevel?: 0 | 1 | 2;
  /** Number of copies of the seed data, each with fresh ids (see the seed files). */
  scale?: number;
  /**
   * Copies of a scaled store spread over this many years: copy k is moved k mod historyYears years
   * (52 weeks each, so weekdays stay) into the past. Default 1: every copy has the seed's dates.
   */
  historyYears?: number;
  accessToken?: string;
  domain?: string;
  name?: string;
  currencyCode?: string;
  ianaTimezone?: string;
  /** Milliseconds, monotonic; drives the leaky bucket and shop time. Default performance.now(). */
  clock?: () => number;
  /** "shopify-observed" (default) or "linear" connection costs; see cost.ts. */
  costModel?: CostModel;
}

export type ShopChangeTopic =
  | "customers/create"
  | "customers/update"
  | "customers/purchasing_summary"
  | "customer.tags_added"
  | "customer.tags_removed"
  | "orders/create"
  | "orders/updated"
  | "orders/paid"
  | "orders/cancelled"
  | "orders/fulfilled"
  | "refunds/create";

export interface ShopChangeEvent {
  topic: ShopChangeTopic;
  /** GID of the resource, e.g. gid://shopify/Customer/17850 */
  resourceId: string;
  occurredAt: Date;
  /** For customer.tags_added / customer.tags_removed: the tags that changed. */
  tags?: string[];
}

export type FinancialStatus =
  "PAID" | "REFUNDED" | "PARTIALLY_REFUNDED" | "VOIDED" | "PENDING" | "AUTHORIZED" | "PARTIALLY_PAID" | "EXPIRED";
export const FINANCIAL_STATUSES: readonly FinancialStatus[] = [
  "PAID",
  "REFUNDED",
  "PARTIALLY_REFUNDED",
  "VOIDED",
  "PENDING",
  "AUTHORIZED",
  "PARTIALLY_PAID",
  "EXPIRED",
];
export const CANCEL_REASONS = [null, "CUSTOMER", "DECLINED", "FRAUD", "INVENTORY", "OTHER", "STAFF"] as const;
export type CancelReason = Exclude<(typeof CANCEL_REASONS)[number], null>;
export const MARKETING_STATES = ["NOT_SUBSCRIBED", "SUBSCRIBED", "UNSUBSCRIBED", "PENDING", "INVALID"] as const;
export type MarketingState = (typeof MARKETING_STATES)[number];

/** Shopify: "A customer can have up to 250 tags. Each tag can have up to 255 characters." */
export const MAX_TAGS = 250;
export const MAX_TAG_LENGTH = 255;
/** Without read_all_orders an app sees the last 60 days of orders. */
export const ORDER_WINDOW_DAYS = 60;
const DAY_MS = 86_400_000;
/** Seeded orders ship two days after they are processed (the seeds carry no shipping data). */
export const SEED_FULFILMENT_DELAY_MS = 2 * DAY_MS;

export interface NewCustomerInput {
  /** Numeric id; default: one above the highest id in the shop. */
  id?: number;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  createdAt?: Date | string;
  tags?: string[];
  marketingState?: MarketingState;
}

export interface NewLineItemInput {
  title?: string;
  /** Product identity; lines with the same sku share a product. Default: the title. */
  sku?: string;
  quantity: number;
  /** Unit price in the shop's currency, e.g. "12.50" or 12.5. */
  unitPrice: string | number;
}

export interface NewOrderInput {
  id?: number;
  /** Customer GID or numeric id; null/undefined for a guest order. */
  customerId?: string | number | null;
  processedAt: Date | string;
  createdAt?: Date | string;
  lineItems: NewLineItemInput[];
  test?: boolean;
  tags?: string[];
  /** "#1001"; default "#<id>". */
  name?: string;
  financialStatus?: FinancialStatus;
  cancelledAt?: Date | string | null;
  cancelReason?: CancelReason;
  /** Amount refunded (the whole order when `true`). */
  refunded?: string | number | true;
  refundedAt?: Date | string;
  /** When the order was fulfilled (one fulfilment for all lines); default: unfulfilled. */
  fulfilledAt?: Date | string | null;
}

/** A plain view of a customer, for tests and the server (PII included: it is the shop's own data). */
export interface CustomerSnapshot {
  id: string;
  legacyResourceId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  createdAt: string;
  updatedAt: string;
  tags: string[];
  numberOfOrders: number;
  amountSpent: string;
  lastOrderId: string | null;
}

export interface OrderSnapshot {
  id: string;
  legacyResourceId: string;
  name: string;
  customerId: string | null;
  createdAt: string;
  processedAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  test: boolean;
  totalPrice: string;
  totalRefunded: string;
  displayFinancialStatus: FinancialStatus;
  fulfilledAt: string | null;
  lineItems: { id: string; title: string; sku: string; quantity: number; unitPrice: string }[];
}

// ---------------------------------------------------------------------------------------------
// Money: integer minor units (cents/pence) everywhere; printed as Shopify prints Decimal.

/**
 * Shopify serialises Decimal like Ruby's BigDecimal#to_s("F"): "25.98", "12.5", "10.0", "0.0"
 * (a live 2026-08-28 order showed "25.98" and "0.0"). Two-decimal currencies only.
 */
export function formatDecimal(cents: number): string {
  const negative = cents < 0;
  const abs = Math.abs(Math.round(cents));
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  const fracText = frac === 0 ? "0" : frac % 10 === 0 ? String(frac / 10) : String(frac).padStart(2, "0");
  return `${negative ? "-" : ""}${whole}.${fracText}`;
}

/** REST payloads print money with two decimals: "12.50". */
export function formatRestMoney(cents: number): string {
  const negative = cents < 0;
  const abs = Math.abs(Math.round(cents));
  return `${negative ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** "12.50" / 12.5 → 1250 */
export function toCents(value: string | number): number {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`Not an amount: ${String(value)}`);
  return Math.round(n * 100);
}

// ---------------------------------------------------------------------------------------------
// Growable columns

function grow<T extends Float64Array | Int32Array | Uint8Array>(array: T, capacity: number): T {
  if (array.length >= capacity) return array;
  const Ctor = array.constructor as { new (n: number): T };
  const next = new Ctor(Math.max(capacity, Math.ceil(array.length * 1.5) + 16));
  next.set(array);
  return next;
}

function toMs(value: Date | string | number): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`Not a date: ${String(value)}`);
  return ms;
}

/** Lookup by numeric id: binary search over the id-sorted prefix, a Map for rows added later. */
class IdIndex {
  sortedUpTo = 0;
  private readonly tail = new Map<number, number>();
  constructor(
    private ids: () => Float64Array,
    private length: () => number,
  ) {}

  /** After bulk loading: the first `n` rows are sorted by id. */
  markSorted(n: number): void {
    this.sortedUpTo = n;
    this.tail.clear();
  }
  add(id: number, index: number): void {
    const ids = this.ids();
    if (index === this.sortedUpTo && (index === 0 || ids[index - 1] < id) && this.tail.size === 0) this.sortedUpTo++;
    else this.tail.set(id, index);
  }
  find(id: number): number {
    const ids = this.ids();
    let lo = 0;
    let hi = this.sortedUpTo - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = ids[mid];
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    const t = this.tail.get(id);
    return t === undefined || t >= this.length() ? -1 : t;
  }
  /** True while every row is in id order (then the ID sort is the identity). */
  allSorted(): boolean {
    return this.sortedUpTo === this.length();
  }
}

export class CustomerTable {
  length = 0;
  id = new Float64Array(0);
  createdAt = new Float64Array(0);
  updatedAt = new Float64Array(0);
  /** Orders of the customer (all, incl. cancelled and test). */
  ordersCount = new Int32Array(0);
  /** Σ (total − refunded) over the customer's orders, in cents. */
  spentCents = new Float64Array(0);
  /** Index of the customer's most recent order by processedAt, −1 if none. */
  lastOrder = new Int32Array(0);
  marketing = new Uint8Array(0);
  tags: (string[] | undefined)[] = [];
  /** Names and e-mails given explicitly (addCustomer); seeded customers get deterministic synthetic ones. */
  profiles = new Map<number, { firstName: string | null; lastName: string | null; email: string | null }>();
  /** Orders per customer, CSR layout from seeding plus per-customer lists for orders added later. */
  orderStart = new Int32Array(1);
  orderList = new Int32Array(0);
  extraOrders = new Map<number, number[]>();
  readonly index = new IdIndex(
    () => this.id,
    () => this.length,
  );
  insertVersion = 0;
  updateVersion = 0;

  ensure(capacity: number): void {
    this.id = grow(this.id, capacity);
    this.createdAt = grow(this.createdAt, capacity);
    this.updatedAt = grow(this.updatedAt, capacity);
    this.ordersCount = grow(this.ordersCount, capacity);
    this.spentCents = grow(this.spentCents, capacity);
    this.lastOrder = grow(this.lastOrder, capacity);
    this.marketing = grow(this.marketing, capacity);
  }

  ordersOf(index: number): number[] {
    const out: number[] = [];
    if (index + 1 < this.orderStart.length) {
      for (let k = this.orderStart[index]; k < this.orderStart[index + 1]; k++) out.push(this.orderList[k]);
    }
    const extra = this.extraOrders.get(index);
    if (extra) out.push(...extra);
    return out;
  }
}

export class OrderTable {
  length = 0;
  id = new Float64Array(0);
  /** The number in the order name (#536365). */
  number = new Float64Array(0);
  /** 1 when the name carries Online Retail's "C" cancellation prefix (#C536379). */
  namePrefix = new Uint8Array(0);
  createdAt = new Float64Array(0);
  processedAt = new Float64Array(0);
  updatedAt = new Float64Array(0);
  /** NaN when not cancelled. */
  cancelledAt = new Float64Array(0);
  cancelReason = new Uint8Array(0);
  customer = new Int32Array(0);
  totalCents = new Float64Array(0);
  refundedCents = new Float64Array(0);
  /** NaN without a refund. One refund per order is modelled. */
  refundedAt = new Float64Array(0);
  /** NaN while unfulfilled. One fulfilment (all lines) per order is modelled. */
  fulfilledAt = new Float64Array(0);
  financial = new Uint8Array(0);
  test = new Uint8Array(0);
  lineStart = new Int32Array(0);
  lineEnd = new Int32Array(0);
  /** Line item ids are lineIdOffset + line index + 1 (scaled copies share the seed's lines). */
  lineIdOffset = new Float64Array(0);
  tags: (string[] | undefined)[] = [];
  names = new Map<number, string>();
  readonly index = new IdIndex(
    () => this.id,
    () => this.length,
  );
  insertVersion = 0;
  updateVersion = 0;

  ensure(capacity: number): void {
    this.id = grow(this.id, capacity);
    this.number = grow(this.number, capacity);
    this.namePrefix = grow(this.namePrefix, capacity);
    this.createdAt = grow(this.createdAt, capacity);
    this.processedAt = grow(this.processedAt, capacity);
    this.updatedAt = grow(this.updatedAt, capacity);
    this.cancelledAt = grow(this.cancelledAt, capacity);
    this.cancelReason = grow(this.cancelReason, capacity);
    this.customer = grow(this.customer, capacity);
    this.totalCents = grow(this.totalCents, capacity);
    this.refundedCents = grow(this.refundedCents, capacity);
    this.refundedAt = grow(this.refundedAt, capacity);
    this.fulfilledAt = grow(this.fulfilledAt, capacity);
    this.financial = grow(this.financial, capacity);
    this.test = grow(this.test, capacity);
    this.lineStart = grow(this.lineStart, capacity);
    this.lineEnd = grow(this.lineEnd, capacity);
    this.lineIdOffset = grow(this.lineIdOffset, capacity);
  }

  name(index: number): string {
    return this.names.get(index) ?? `#${this.namePrefix[index] === 1 ? "C" : ""}${this.number[index]}`;
  }
}

export class LineTable {
  length = 0;
  product = new Int32Array(0);
  quantity = new Int32Array(0);
  unitCents = new Int32Array(0);
  /** Index into the shop's string table (the line's title as sold). */
  title = new Int32Array(0);

  ensure(capacity: number): void {
    this.product = grow(this.product, capacity);
    this.quantity = grow(this.quantity, capacity);
    this.unitCents = grow(this.unitCents, capacity);
    this.title = grow(this.title, capacity);
  }
}

export class ProductTable {
  /** Product id = index + 1. */
  titles: string[] = [];
  skus: string[] = [];
  bySku = new Map<string, number>();

  add(sku: string, title: string): number {
    const existing = this.bySku.get(sku);
    if (existing !== undefined) return existing;
    const index = this.titles.length;
    this.titles.push(title);
    this.skus.push(sku);
    this.bySku.set(sku, index);
    return index;
  }
}

// ---------------------------------------------------------------------------------------------
// Seed data (produced by the seed files, loaded in bulk)

export interface SeedData {
  source: string;
  customers: { id: Float64Array; createdAt: Float64Array; length: number };
  orders: {
    length: number;
    id: Float64Array;
    number: Float64Array;
    namePrefix: Uint8Array;
    processedAt: Float64Array;
    cancelledAt: Float64Array;
    cancelReason: Uint8Array;
    customer: Int32Array;
    totalCents: Float64Array;
    refundedCents: Float64Array;
    refundedAt: Float64Array;
    financial: Uint8Array;
    lineStart: Int32Array;
    lineEnd: Int32Array;
  };
  lines: { length: number; product: Int32Array; quantity: Int32Array; unitCents: Int32Array; title: Int32Array };
  products: { titles: string[]; skus: string[] };
  strings: string[];
}

/** Ids of copy k of the seed are id + k × COPY_ID_OFFSET (customers and orders). */
export const COPY_ID_OFFSET = 1_000_000;

// ---------------------------------------------------------------------------------------------
// Synthetic identity: the datasets are anonymous, but the app's privacy tests need names and
// e-mails that the app must never store. Deterministic from the customer id.

const FIRST_NAMES = [
  "Olivia",
  "Amelia",
  "Isla",
  "Ava",
  "Mia",
  "Ivy",
  "Lily",
  "Isabella",
  "Rosie",
  "Sophia",
  "Grace",
  "Freya",
  "Florence",
  "Willow",
  "Evie",
  "Poppy",
  "Ella",
  "Emily",
  "Elsie",
  "Harper",
  "Noah",
  "Oliver",
  "George",
  "Arthur",
  "Muhammad",
  "Leo",
  "Harry",
  "Oscar",
  "Archie",
  "Henry",
  "Theodore",
  "Freddie",
  "Jack",
  "Charlie",
  "Theo",
  "Alfie",
  "Jacob",
  "Thomas",
  "Finley",
  "Lucas",
  "Yui",
  "Haruto",
  "Sota",
  "Hina",
  "Ren",
  "Aoi",
  "Mei",
  "Riku",
];
const LAST_NAMES = [
  "Smith",
  "Jones",
  "Taylor",
  "Brown",
  "Williams",
  "Wilson",
  "Johnson",
  "Davies",
  "Patel",
  "Robinson",
  "Wright",
  "Thompson",
  "Evans",
  "Walker",
  "White",
  "Roberts",
  "Green",
  "Hall",
  "Thomas",
  "Clarke",
  "Jackson",
  "Wood",
  "Harris",
  "Edwards",
  "Turner",
  "Martin",
  "Cooper",
  "Hill",
  "Ward",
  "Hughes",
  "Moore",
  "Clark",
  "King",
  "Harrison",
  "Lewis",
  "Baker",
  "Lee",
  "Allen",
  "Morris",
  "Khan",
  "Sato",
  "Suzuki",
  "Takahashi",
  "Tanaka",
  "Watanabe",
  "Ito",
  "Yamamoto",
  "Nakamura",
];

function mix(id: number, salt: number): number {
  let h = (Math.floor(id) ^ salt) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export function syntheticFirstName(id: number): string {
  return FIRST_NAMES[mix(id, 0x9e37) % FIRST_NAMES.length];
}
export function syntheticLastName(id: number): string {
  return LAST_NAMES[mix(id, 0x7f4a) % LAST_NAMES.length];
}
export function syntheticEmail(id: number): string {
  return `customer-${id}@example.com`;
}
/** 40 % subscribed, 20 % unsubscribed, 40 % never subscribed. */
export function syntheticMarketingState(id: number): MarketingState {
  const r = mix(id, 0x51ed) % 5;
  return r < 2 ? "SUBSCRIBED" : r === 2 ? "UNSUBSCRIBED" : "NOT_SUBSCRIBED";
}

// ---------------------------------------------------------------------------------------------
// Shopify-generated customer statistics, derived from the customer's own history.
//
// Shopify does not publish its RFM thresholds (docs/shopify.md §5). The emulator uses this table,
// evaluated top to bottom, first match wins. R = days from the last qualifying order to shop.now(),
// F = qualifying orders (not cancelled, not test, not VOIDED/REFUNDED).
export const RFM_GROUP_RULES: readonly { group: string; when: (r: { R: number; F: number }) => boolean }[] = [
  { group: "PROSPECTS", when: ({ F }) => F === 0 },
  { group: "CHAMPIONS", when: ({ R, F }) => R <= 30 && F >= 10 },
  { group: "LOYAL", when: ({ R, F }) => R <= 90 && F >= 5 },
  { group: "NEW", when: ({ R, F }) => R <= 30 && F === 1 },
  { group: "PROMISING", when: ({ R, F }) => R <= 90 && F <= 2 },
  { group: "ACTIVE", when: ({ R }) => R <= 90 },
  { group: "NEEDS_ATTENTION", when: ({ R, F }) => R <= 180 && F >= 2 },
  { group: "PREVIOUSLY_LOYAL", when: ({ F }) => F >= 10 },
  { group: "AT_RISK", when: ({ F }) => F >= 5 },
  { group: "ALMOST_LOST", when: ({ R }) => R <= 365 },
  { group: "DORMANT", when: () => true },
];
/** predictedSpendTier from net spend in the shop's currency (null without a qualifying order). */
export const SPEND_TIER_RULES = { high: 2000, medium: 500 } as const;

// ---------------------------------------------------------------------------------------------

export function customerGid(id: number): string {
  return `gid://shopify/Customer/${id}`;
}
export function orderGid(id: number): string {
  return `gid://shopify/Order/${id}`;
}

/** The numeric id of a GID of the given type (or a bare number); undefined otherwise. */
export function parseGid(value: string | number, type: string): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) ? value : undefined;
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/.exec(value);
  if (m) return m[1] === type ? Number(m[2]) : undefined;
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

let shopCounter = 0;

export class EmulatedShop {
  readonly shopId: number;
  domain: string;
  name: string;
  accessToken: string;
  currencyCode: string;
  ianaTimezone: string;
  scopes: Set<string>;
  protectedCustomerDataLevel: 0 | 1 | 2;
  plan: ShopPlan;
  readonly clock: () => number;
  readonly bucket: LeakyBucket;
  costModel: CostModel;
  readonly createdAt: Date;

  readonly customers = new CustomerTable();
  readonly orders = new OrderTable();
  readonly lines = new LineTable();
  readonly products = new ProductTable();
  /** Interned strings (line titles). */
  readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();

  private nowBaseMs: number;
  private nowClockMs: number;
  private lastStampMs = -Infinity;
  private readonly listeners = new Set<(event: ShopChangeEvent) => void>();
  private readonly sortCache = new Map<string, { version: string; order: Int32Array }>();

  constructor(options: EmulatorOptions & { domain: string }) {
    this.shopId = 1000 + ++shopCounter;
    this.domain = options.domain;
    this.name = options.name ?? options.domain.replace(/\.myshopify\.com$/, "");
    this.accessToken = options.accessToken ?? `shpat_emulator_${options.domain.replace(/\W/g, "_")}`;
    this.currencyCode = options.currencyCode ?? "USD";
    this.ianaTimezone = options.ianaTimezone ?? "UTC";
    this.scopes = new Set(options.scopes ?? DEFAULT_SCOPES);
    this.protectedCustomerDataLevel = options.protectedCustomerDataLevel ?? 2;
    this.plan = { ...STANDARD_PLAN, ...options.plan };
    this.clock = options.clock ?? realClock;
    this.costModel = options.costModel ?? "shopify-observed";
    this.bucket = new LeakyBucket({ ...this.plan, clock: this.clock });
    this.nowBaseMs = (options.now ?? new Date()).getTime();
    this.nowClockMs = this.clock();
    this.createdAt = new Date(this.nowBaseMs);
  }

  // -- time ------------------------------------------------------------------------------------

  /** The shop's "now": the configured start plus the time elapsed on the emulator clock. */
  now(): Date {
    return new Date(this.nowBaseMs + (this.clock() - this.nowClockMs));
  }

  /** Moves shop time (e.g. to test dormancy): now() returns `date` and flows on from there. */
  setNow(date: Date): void {
    this.nowBaseMs = date.getTime();
    this.nowClockMs = this.clock();
  }

  /** A timestamp for a write: now(), strictly after the previous write. */
  private stamp(): number {
    const t = Math.max(this.now().getTime(), this.lastStampMs + 1);
    this.lastStampMs = t;
    return t;
  }

  // -- scopes ----------------------------------------------------------------------------------

  /** write_x implies read_x, as on Shopify. */
  hasScope(scope: string): boolean {
    if (this.scopes.has(scope)) return true;
    if (scope.startsWith("read_")) return this.scopes.has(`write_${scope.slice(5)}`);
    return false;
  }

  /** Whether an order is visible to the app: all orders with read_all_orders, else the last 60 days. */
  orderVisible(index: number): boolean {
    if (this.hasScope("read_all_orders")) return true;
    return this.orders.processedAt[index] >= this.now().getTime() - ORDER_WINDOW_DAYS * DAY_MS;
  }

  // -- events ----------------------------------------------------------------------------------

  onChange(listener: (event: ShopChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(topic: ShopChangeTopic, resourceId: string, at: number, tags?: string[]): void {
    const event: ShopChangeEvent = { topic, resourceId, occurredAt: new Date(at), ...(tags ? { tags } : {}) };
    for (const listener of [...this.listeners]) listener(event);
  }

  // -- strings ---------------------------------------------------------------------------------

  intern(text: string): number {
    let i = this.stringIndex.get(text);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(text);
      this.stringIndex.set(text, i);
    }
    return i;
  }

  // -- lookups ---------------------------------------------------------------------------------

  customerCount(): number {
    return this.customers.length;
  }
  orderCount(): number {
    return this.orders.length;
  }

  /** Row index of a customer GID / numeric id, −1 if unknown. */
  customerIndex(idOrGid: string | number): number {
    const id = parseGid(idOrGid, "Customer");
    return id === undefined ? -1 : this.customers.index.find(id);
  }

  orderIndex(idOrGid: string | number): number {
    const id = parseGid(idOrGid, "Order");
    return id === undefined ? -1 : this.orders.index.find(id);
  }

  customerFirstName(index: number): string | null {
    const p = this.customers.profiles.get(index);
    return p ? p.firstName : syntheticFirstName(this.customers.id[index]);
  }
  customerLastName(index: number): string | null {
    const p = this.customers.profiles.get(index);
    return p ? p.lastName : syntheticLastName(this.customers.id[index]);
  }
  customerEmail(index: number): string | null {
    const p = this.customers.profiles.get(index);
    return p ? p.email : syntheticEmail(this.customers.id[index]);
  }
  /** Shopify's displayName: "First Last", else the e-mail, else "". */
  customerDisplayName(index: number): string {
    const name = [this.customerFirstName(index), this.customerLastName(index)].filter(Boolean).join(" ");
    return name || this.customerEmail(index) || "";
  }
  customerMarketingState(index: number): MarketingState {
    return MARKETING_STATES[this.customers.marketing[index]];
  }
  customerTagList(index: number): string[] {
    return this.customers.tags[index] ?? [];
  }

  /** Qualifying orders (not cancelled, not test, not voided/refunded): count, last processedAt, net cents. */
  qualifyingHistory(index: number): { count: number; lastAt: number; netCents: number } {
    let count = 0;
    let lastAt = -Infinity;
    let netCents = 0;
    const o = this.orders;
    for (const k of this.customers.ordersOf(index)) {
      const status = FINANCIAL_STATUSES[o.financial[k]];
      if (!Number.isNaN(o.cancelledAt[k]) || o.test[k] === 1 || status === "VOIDED" || status === "REFUNDED") continue;
      count++;
      lastAt = Math.max(lastAt, o.processedAt[k]);
      netCents += o.totalCents[k] - o.refundedCents[k];
    }
    return { count, lastAt, netCents };
  }

  rfmGroup(index: number): string {
    const h = this.qualifyingHistory(index);
    const R = h.count ? Math.max(0, (this.now().getTime() - h.lastAt) / DAY_MS) : Infinity;
    return RFM_GROUP_RULES.find((rule) => rule.when({ R, F: h.count }))!.group;
  }

  predictedSpendTier(index: number): "HIGH" | "MEDIUM" | "LOW" | null {
    const h = this.qualifyingHistory(index);
    if (h.count === 0) return null;
    const spend = h.netCents / 100;
    return spend >= SPEND_TIER_RULES.high ? "HIGH" : spend >= SPEND_TIER_RULES.medium ? "MEDIUM" : "LOW";
  }

  getCustomer(gid: string | number): CustomerSnapshot | null {
    const i = this.customerIndex(gid);
    if (i < 0) return null;
    const c = this.customers;
    const last = c.lastOrder[i];
    return {
      id: customerGid(c.id[i]),
      legacyResourceId: String(c.id[i]),
      firstName: this.customerFirstName(i),
      lastName: this.customerLastName(i),
      email: this.customerEmail(i),
      createdAt: formatUtcIso(c.createdAt[i]),
      updatedAt: formatUtcIso(c.updatedAt[i]),
      tags: [...this.customerTagList(i)],
      numberOfOrders: c.ordersCount[i],
      amountSpent: formatDecimal(c.spentCents[i]),
      lastOrderId: last >= 0 ? orderGid(this.orders.id[last]) : null,
    };
  }

  customerTags(gid: string | number): string[] {
    const i = this.customerIndex(gid);
    if (i < 0) throw new Error(`No customer ${gid} in ${this.domain}`);
    return [...this.customerTagList(i)];
  }

  getOrder(gid: string | number): OrderSnapshot | null {
    const i = this.orderIndex(gid);
    if (i < 0) return null;
    const o = this.orders;
    const customer = o.customer[i];
    const lineItems = [];
    for (let l = o.lineStart[i]; l < o.lineEnd[i]; l++) {
      lineItems.push({
        id: `gid://shopify/LineItem/${o.lineIdOffset[i] + l + 1}`,
        title: this.strings[this.lines.title[l]],
        sku: this.products.skus[this.lines.product[l]],
        quantity: this.lines.quantity[l],
        unitPrice: formatDecimal(this.lines.unitCents[l]),
      });
    }
    return {
      id: orderGid(o.id[i]),
      legacyResourceId: String(o.id[i]),
      name: o.name(i),
      customerId: customer >= 0 ? customerGid(this.customers.id[customer]) : null,
      createdAt: formatUtcIso(o.createdAt[i]),
      processedAt: formatUtcIso(o.processedAt[i]),
      updatedAt: formatUtcIso(o.updatedAt[i]),
      cancelledAt: Number.isNaN(o.cancelledAt[i]) ? null : formatUtcIso(o.cancelledAt[i]),
      test: o.test[i] === 1,
      totalPrice: formatDecimal(o.totalCents[i]),
      totalRefunded: formatDecimal(o.refundedCents[i]),
      displayFinancialStatus: FINANCIAL_STATUSES[o.financial[i]],
      fulfilledAt: Number.isNaN(o.fulfilledAt[i]) ? null : formatUtcIso(o.fulfilledAt[i]),
      lineItems,
    };
  }

  // -- sorted views (cached per data version) ----------------------------------------------------

  /**
   * Row indices sorted ascending by (key, id). `version` names the data the order depends on.
   */
  sortedBy(cacheKey: string, version: string, length: number, compare: (a: number, b: number) => number): Int32Array {
    const hit = this.sortCache.get(cacheKey);
    if (hit && hit.version === version) return hit.order;
    const order = new Int32Array(length);
    for (let i = 0; i < length; i++) order[i] = i;
    order.sort(compare);
    this.sortCache.set(cacheKey, { version, order });
    return order;
  }

  // -- bulk loading ------------------------------------------------------------------------------

  /**
   * Loads `copies` copies of seed data (copy k: ids + k × COPY_ID_OFFSET, dates moved back
   * k mod historyYears years). Only for an empty shop. Customers and orders are laid out in id order.
   */
  loadSeed(seed: SeedData, copies = 1, historyYears = 1): void {
    if (this.customers.length || this.orders.length) throw new Error("loadSeed needs an empty shop");
    if (!(copies >= 1) || !Number.isInteger(copies)) throw new Error(`scale must be a positive integer, got ${copies}`);
    const maxCustomerId = seed.customers.length ? seed.customers.id[seed.customers.length - 1] : 0;
    const maxOrderId = seed.orders.length ? seed.orders.id[seed.orders.length - 1] : 0;
    if (copies > 1 && (maxCustomerId >= COPY_ID_OFFSET || maxOrderId >= COPY_ID_OFFSET)) {
      throw new Error(`seed ids reach ${Math.max(maxCustomerId, maxOrderId)}; copies would collide`);
    }

    // strings, products, lines: shared by every copy (copied into this shop so it may append)
    for (const s of seed.strings) this.intern(s);
    seed.products.titles.forEach((title, i) => this.products.add(seed.products.skus[i], title));
    const L = this.lines;
    L.ensure(seed.lines.length);
    L.product.set(seed.lines.product.subarray(0, seed.lines.length));
    L.quantity.set(seed.lines.quantity.subarray(0, seed.lines.length));
    L.unitCents.set(seed.lines.unitCents.subarray(0, seed.lines.length));
    L.title.set(seed.lines.title.subarray(0, seed.lines.length));
    L.length = seed.lines.length;

    const nc = seed.customers.length;
    const no = seed.orders.length;
    const nowMs = this.now().getTime();
    const C = this.customers;
    const O = this.orders;
    C.ensure(nc * copies);
    O.ensure(no * copies);
    for (let k = 0; k < copies; k++) {
      const cBase = k * nc;
      const oBase = k * no;
      const offset = k * COPY_ID_OFFSET;
      const back = (k % historyYears) * YEAR_OF_WEEKS_MS;
      for (let i = 0; i < nc; i++) {
        C.id[cBase + i] = seed.customers.id[i] + offset;
        C.createdAt[cBase + i] = seed.customers.createdAt[i] - back;
        C.updatedAt[cBase + i] = seed.customers.createdAt[i] - back;
        C.lastOrder[cBase + i] = -1;
        C.marketing[cBase + i] = MARKETING_STATES.indexOf(syntheticMarketingState(seed.customers.id[i] + offset));
      }
      const so = seed.orders;
      for (let i = 0; i < no; i++) {
        const j = oBase + i;
        O.id[j] = so.id[i] + offset;
        O.number[j] = so.number[i] + offset;
        O.namePrefix[j] = so.namePrefix[i];
        const processedAt = so.processedAt[i] - back;
        O.createdAt[j] = processedAt;
        O.processedAt[j] = processedAt;
        O.cancelledAt[j] = so.cancelledAt[i] - back;
        O.cancelReason[j] = so.cancelReason[i];
        O.customer[j] = so.customer[i] >= 0 ? so.customer[i] + cBase : -1;
        O.totalCents[j] = so.totalCents[i];
        O.refundedCents[j] = so.refundedCents[i];
        O.refundedAt[j] = so.refundedAt[i] - back;
        const shipsAt = processedAt + SEED_FULFILMENT_DELAY_MS;
        O.fulfilledAt[j] = Number.isNaN(so.cancelledAt[i]) && shipsAt <= nowMs ? shipsAt : NaN;
        O.financial[j] = so.financial[i];
        O.test[j] = 0;
        O.lineStart[j] = so.lineStart[i];
        O.lineEnd[j] = so.lineEnd[i];
        O.lineIdOffset[j] = k * COPY_ID_OFFSET * 10;
        let updated = processedAt;
        if (!Number.isNaN(O.cancelledAt[j])) updated = Math.max(updated, O.cancelledAt[j]);
        if (!Number.isNaN(O.refundedAt[j])) updated = Math.max(updated, O.refundedAt[j]);
        if (!Number.isNaN(O.fulfilledAt[j])) updated = Math.max(updated, O.fulfilledAt[j]);
        O.updatedAt[j] = updated;
      }
    }
    C.length = nc * copies;
    O.length = no * copies;
    C.tags = new Array(C.length);
    O.tags = new Array(O.length);
    C.index.markSorted(C.length);
    O.index.markSorted(O.length);

    // customer → orders (CSR) and aggregates
    const counts = new Int32Array(C.length + 1);
    for (let j = 0; j < O.length; j++) if (O.customer[j] >= 0) counts[O.customer[j] + 1]++;
    for (let i = 0; i < C.length; i++) counts[i + 1] += counts[i];
    const list = new Int32Array(counts[C.length]);
    const fill = counts.slice(0, C.length);
    for (let j = 0; j < O.length; j++) {
      const c = O.customer[j];
      if (c < 0) continue;
      list[fill[c]++] = j;
      C.ordersCount[c]++;
      C.spentCents[c] += O.totalCents[j] - O.refundedCents[j];
      const last = C.lastOrder[c];
      if (last < 0 || O.processedAt[j] >= O.processedAt[last]) C.lastOrder[c] = j;
      if (O.updatedAt[j] > C.updatedAt[c]) C.updatedAt[c] = O.updatedAt[j];
    }
    C.orderStart = counts;
    C.orderList = list;
    C.insertVersion++;
    O.insertVersion++;
  }

  // -- writes ------------------------------------------------------------------------------------

  addCustomer(input: NewCustomerInput = {}): string {
    const C = this.customers;
    let id = input.id;
    if (id === undefined) {
      let max = 0;
      for (let i = 0; i < C.length; i++) if (C.id[i] > max) max = C.id[i];
      id = max + 1;
    }
    if (C.index.find(id) >= 0) throw new Error(`Customer ${id} already exists in ${this.domain}`);
    const at = input.createdAt !== undefined ? toMs(input.createdAt) : this.stamp();
    const i = C.length;
    C.ensure(i + 1);
    C.id[i] = id;
    C.createdAt[i] = at;
    C.updatedAt[i] = at;
    C.ordersCount[i] = 0;
    C.spentCents[i] = 0;
    C.lastOrder[i] = -1;
    C.marketing[i] = MARKETING_STATES.indexOf(input.marketingState ?? "NOT_SUBSCRIBED");
    C.tags[i] = input.tags?.length ? normalizeTags(input.tags) : undefined;
    C.length = i + 1;
    C.index.add(id, i);
    if (input.firstName !== undefined || input.lastName !== undefined || input.email !== undefined) {
      C.profiles.set(i, {
        firstName: input.firstName ?? null,
        lastName: input.lastName ?? null,
        email: input.email ?? null,
      });
    }
    C.insertVersion++;
    this.emit("customers/create", customerGid(id), at);
    return customerGid(id);
  }

  /** Creates an order (a test's "purchase"), updating the customer's aggregates. Emits orders/create. */
  addOrder(input: NewOrderInput): string {
    const O = this.orders;
    const C = this.customers;
    let customer = -1;
    if (input.customerId !== undefined && input.customerId !== null) {
      customer = this.customerIndex(input.customerId);
      if (customer < 0) throw new Error(`No customer ${input.customerId} in ${this.domain}`);
    }
    let id = input.id;
    if (id === undefined) {
      let max = 0;
      for (let j = 0; j < O.length; j++) if (O.id[j] > max) max = O.id[j];
      id = max + 1;
    }
    if (O.index.find(id) >= 0) throw new Error(`Order ${id} already exists in ${this.domain}`);
    if (!input.lineItems.length) throw new Error("An order needs at least one line item");

    const L = this.lines;
    const lineStart = L.length;
    L.ensure(L.length + input.lineItems.length);
    let total = 0;
    for (const line of input.lineItems) {
      const title = line.title ?? line.sku ?? "Item";
      const product = this.products.add(line.sku ?? title, title);
      const unit = toCents(line.unitPrice);
      if (!Number.isInteger(line.quantity) || line.quantity <= 0) throw new Error(`Bad quantity ${line.quantity}`);
      L.product[L.length] = product;
      L.quantity[L.length] = line.quantity;
      L.unitCents[L.length] = unit;
      L.title[L.length] = this.intern(title);
      L.length++;
      total += unit * line.quantity;
    }

    const writeAt = this.stamp();
    const processedAt = toMs(input.processedAt);
    const j = O.length;
    O.ensure(j + 1);
    O.id[j] = id;
    O.number[j] = id;
    O.namePrefix[j] = 0;
    if (input.name) O.names.set(j, input.name);
    O.createdAt[j] = input.createdAt !== undefined ? toMs(input.createdAt) : processedAt;
    O.processedAt[j] = processedAt;
    O.cancelledAt[j] = input.cancelledAt ? toMs(input.cancelledAt) : NaN;
    O.cancelReason[j] = input.cancelledAt ? CANCEL_REASONS.indexOf(input.cancelReason ?? "CUSTOMER") : 0;
    O.customer[j] = customer;
    O.totalCents[j] = total;
    const refunded = input.refunded === true ? total : input.refunded !== undefined ? toCents(input.refunded) : 0;
    if (refunded > total) throw new Error(`Refund ${refunded} exceeds the order total ${total}`);
    O.refundedCents[j] = refunded;
    O.refundedAt[j] = refunded > 0 ? (input.refundedAt ? toMs(input.refundedAt) : Math.max(processedAt, writeAt)) : NaN;
    O.fulfilledAt[j] = input.fulfilledAt ? toMs(input.fulfilledAt) : NaN;
    const status: FinancialStatus =
      input.financialStatus ?? (refunded === 0 ? "PAID" : refunded === total ? "REFUNDED" : "PARTIALLY_REFUNDED");
    O.financial[j] = FINANCIAL_STATUSES.indexOf(status);
    O.test[j] = input.test ? 1 : 0;
    O.lineStart[j] = lineStart;
    O.lineEnd[j] = L.length;
    O.lineIdOffset[j] = 0;
    O.tags[j] = input.tags?.length ? normalizeTags(input.tags) : undefined;
    O.updatedAt[j] = Math.max(writeAt, O.createdAt[j]);
    O.length = j + 1;
    O.index.add(id, j);
    O.insertVersion++;

    if (customer >= 0) {
      const extra = C.extraOrders.get(customer) ?? [];
      extra.push(j);
      C.extraOrders.set(customer, extra);
      C.ordersCount[customer]++;
      C.spentCents[customer] += total - refunded;
      const last = C.lastOrder[customer];
      if (last < 0 || processedAt >= O.processedAt[last]) C.lastOrder[customer] = j;
      C.updatedAt[customer] = Math.max(C.updatedAt[customer], writeAt);
      C.updateVersion++;
    }
    const gid = orderGid(id);
    this.emit("orders/create", gid, writeAt);
    if (status === "PAID") this.emit("orders/paid", gid, writeAt);
    this.emit("orders/updated", gid, writeAt);
    if (customer >= 0) this.emit("customers/purchasing_summary", customerGid(C.id[customer]), writeAt);
    return gid;
  }

  /** Cancels an order (and refunds it in full unless `refund: false`). Emits orders/cancelled, orders/updated. */
  cancelOrder(gid: string | number, options: { at?: Date; reason?: CancelReason; refund?: boolean } = {}): void {
    const j = this.orderIndex(gid);
    if (j < 0) throw new Error(`No order ${gid} in ${this.domain}`);
    const O = this.orders;
    if (!Number.isNaN(O.cancelledAt[j])) throw new Error(`Order ${gid} is already cancelled`);
    const at = options.at ? options.at.getTime() : this.stamp();
    O.cancelledAt[j] = at;
    O.cancelReason[j] = CANCEL_REASONS.indexOf(options.reason ?? "CUSTOMER");
    if (options.refund !== false) this.applyRefund(j, O.totalCents[j] - O.refundedCents[j], at);
    else if (O.refundedCents[j] === 0) O.financial[j] = FINANCIAL_STATUSES.indexOf("VOIDED");
    O.updatedAt[j] = Math.max(O.updatedAt[j], at);
    O.updateVersion++;
    this.emit("orders/cancelled", orderGid(O.id[j]), at);
    this.emit("orders/updated", orderGid(O.id[j]), at);
  }

  /** Refunds `amount` (default: what is left) of an order. Emits refunds/create, orders/updated. */
  refundOrder(gid: string | number, amount?: string | number, at?: Date): void {
    const j = this.orderIndex(gid);
    if (j < 0) throw new Error(`No order ${gid} in ${this.domain}`);
    const O = this.orders;
    const cents = amount === undefined ? O.totalCents[j] - O.refundedCents[j] : toCents(amount);
    const when = at ? at.getTime() : this.stamp();
    this.applyRefund(j, cents, when);
    O.updatedAt[j] = Math.max(O.updatedAt[j], when);
    O.updateVersion++;
    this.emit("refunds/create", orderGid(O.id[j]), when);
    this.emit("orders/updated", orderGid(O.id[j]), when);
  }

  /** Fulfils every line of an open order at once. Emits orders/fulfilled, orders/updated. */
  fulfillOrder(gid: string | number, at?: Date): void {
    const j = this.orderIndex(gid);
    if (j < 0) throw new Error(`No order ${gid} in ${this.domain}`);
    const O = this.orders;
    if (!Number.isNaN(O.cancelledAt[j])) throw new Error(`Order ${gid} is cancelled`);
    if (!Number.isNaN(O.fulfilledAt[j])) throw new Error(`Order ${gid} is already fulfilled`);
    const when = at ? at.getTime() : this.stamp();
    O.fulfilledAt[j] = when;
    O.updatedAt[j] = Math.max(O.updatedAt[j], when);
    O.updateVersion++;
    this.emit("orders/fulfilled", orderGid(O.id[j]), when);
    this.emit("orders/updated", orderGid(O.id[j]), when);
  }

  private applyRefund(j: number, cents: number, at: number): void {
    const O = this.orders;
    if (cents <= 0) return;
    if (O.refundedCents[j] + cents > O.totalCents[j]) throw new Error("Refund exceeds the order total");
    O.refundedCents[j] += cents;
    O.refundedAt[j] = at;
    O.financial[j] = FINANCIAL_STATUSES.indexOf(O.refundedCents[j] === O.totalCents[j] ? "REFUNDED" : "PARTIALLY_REFUNDED");
    const c = O.customer[j];
    if (c >= 0) {
      this.customers.spentCents[c] -= cents;
      this.customers.updatedAt[c] = Math.max(this.customers.updatedAt[c], at);
      this.customers.updateVersion++;
      this.emit("customers/purchasing_summary", customerGid(this.customers.id[c]), at);
    }
  }

  /**
   * tagsAdd on a customer. Returns the userErrors Shopify would report ([] on success). Bumps updatedAt
   * and emits customers/update and customer.tags_added when a tag was actually added.
   */
  addCustomerTags(gid: string | number, tags: readonly string[]): { field: string[]; message: string }[] {
    const i = this.customerIndex(gid);
    if (i < 0) return [{ field: ["id"], message: "Customer does not exist" }];
    const incoming = normalizeTags(tags);
    const invalid = incoming.find((t) => t.length > MAX_TAG_LENGTH);
    if (invalid)
      return [{ field: ["tags"], message: `Tag '${invalid.slice(0, 40)}…' is too long (maximum is ${MAX_TAG_LENGTH} characters)` }];
    const current = this.customerTagList(i);
    const lower = new Set(current.map((t) => t.toLowerCase()));
    const added = incoming.filter((t) => !lower.has(t.toLowerCase()));
    if (current.length + added.length > MAX_TAGS) {
      return [{ field: ["tags"], message: `Tags cannot exceed ${MAX_TAGS} (the customer has ${current.length})` }];
    }
    if (added.length === 0) return [];
    const at = this.stamp();
    this.customers.tags[i] = normalizeTags([...current, ...added]);
    this.customers.updatedAt[i] = at;
    this.customers.updateVersion++;
    const id = customerGid(this.customers.id[i]);
    this.emit("customer.tags_added", id, at, added);
    this.emit("customers/update", id, at);
    return [];
  }

  /** tagsRemove on a customer; tags match case-insensitively. Other tags are kept. */
  removeCustomerTags(gid: string | number, tags: readonly string[]): { field: string[]; message: string }[] {
    const i = this.customerIndex(gid);
    if (i < 0) return [{ field: ["id"], message: "Customer does not exist" }];
    const remove = new Set(normalizeTags(tags).map((t) => t.toLowerCase()));
    const current = this.customerTagList(i);
    const kept = current.filter((t) => !remove.has(t.toLowerCase()));
    if (kept.length === current.length) return [];
    const removed = current.filter((t) => remove.has(t.toLowerCase()));
    const at = this.stamp();
    this.customers.tags[i] = kept.length ? kept : undefined;
    this.customers.updatedAt[i] = at;
    this.customers.updateVersion++;
    const id = customerGid(this.customers.id[i]);
    this.emit("customer.tags_removed", id, at, removed);
    this.emit("customers/update", id, at);
    return [];
  }

  /** Rough heap footprint of the columns (for the seed reports). */
  approximateBytes(): number {
    const C = this.customers;
    const O = this.orders;
    const L = this.lines;
    const arrays = [
      C.id,
      C.createdAt,
      C.updatedAt,
      C.ordersCount,
      C.spentCents,
      C.lastOrder,
      C.marketing,
      C.orderStart,
      C.orderList,
      O.id,
      O.number,
      O.namePrefix,
      O.createdAt,
      O.processedAt,
      O.updatedAt,
      O.cancelledAt,
      O.cancelReason,
      O.customer,
      O.totalCents,
      O.refundedCents,
      O.refundedAt,
      O.fulfilledAt,
      O.financial,
      O.test,
      O.lineStart,
      O.lineEnd,
      O.lineIdOffset,
      L.product,
      L.quantity,
      L.unitCents,
      L.title,
    ];
    return arrays.reduce((sum, a) => sum + a.byteLength, 0);
  }
}

/**
 * Shopify's tag normalisation: each value may hold several comma-separated tags; tags are trimmed,
 * empty ones dropped, duplicates removed case-insensitively (first spelling wins), sorted
 * alphabetically (case-insensitive), as Shopify returns customer tags.
 */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const value of tags) {
    for (const part of value.split(",")) {
      const tag = part.trim();
      if (tag && !seen.has(tag.toLowerCase())) seen.set(tag.toLowerCase(), tag);
    }
  }
  return [...seen.values()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()) || a.localeCompare(b));
}

/** A shop with no data (tests build their own customers and orders). */
export function createEmptyShop(options: EmulatorOptions & { domain: string }): EmulatedShop {
  return new EmulatedShop(options);
}
