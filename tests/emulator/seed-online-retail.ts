// The default demo store, derived from the real UCI "Online Retail" log (tests/data/online-retail,
// 541,909 invoice lines, 2010-12-01 .. 2011-12-09; Chen, Sain & Guo 2012, CC BY 4.0).
//
// Derivation (every number below is asserted in seed-online-retail.test.ts):
// - Shop: online-retail.myshopify.com, GBP, Europe/London; now = 2011-12-10T00:00:00Z.
// - CustomerID → gid://shopify/Customer/<CustomerID>; createdAt = the customer's first invoice date.
//   Names and e-mails are synthetic and deterministic (store.ts), the data has none.
// - InvoiceNo → an order, gid://shopify/Order/<invoice digits>, name "#536365"; processedAt = createdAt =
//   the invoice date as published (UTC). Rows of an invoice → line items (StockCode → Product,
//   Description → title, Quantity, UnitPrice). The 43 invoices whose rows carry two timestamps a minute
//   apart take the earliest.
// - Invoices "C…" (credit notes, 3,836) are not orders: each refunds what it reverses on the same
//   customer's earlier orders, by the rule of app/cli/online-retail-credit-notes.ts (the CLI's reader
//   applies the same rule; README "The demo store"), in pence.
//   A refunded order keeps its lines and total; totalRefunded = Σ refunds, refundedAt = the latest credit
//   note applied, displayFinancialStatus PARTIALLY_REFUNDED or REFUNDED (the app counts net spend and
//   treats a fully refunded order as not qualifying). A customer whose only documents are credit notes
//   stays a customer without orders (createdAt = the first credit note).
// - Invoices "A…" (3 "Adjust bad debt" bookkeeping entries, no customer): skipped, they are not sales.
// - Invoices that are not "C…" and have only negative quantities (1,336 stock write-offs such as
//   "damaged", all without customer and at price 0): skipped, Shopify has no negative orders.
// - Rows without CustomerID → guest orders (customer null).
// - Unit prices are rounded to pence (4 lines at £0.001 become £0.00; GBP has two decimals).
// - scale: N → N copies, copy k with customer and order ids + k × 1,000,000 and the same dates.
import fs from "node:fs";
import zlib from "node:zlib";
import { refundsFromCreditNotes, type RetailDocument, type RetailLine } from "../../app/cli/online-retail-credit-notes";
import { datasetPath } from "../helpers/datasets";
import { createEmptyShop, EmulatedShop, FINANCIAL_STATUSES, type EmulatorOptions, type SeedData } from "./store";

export { createEmptyShop };

export const ONLINE_RETAIL_DOMAIN = "online-retail.myshopify.com";
export const ONLINE_RETAIL_NOW = new Date("2011-12-10T00:00:00Z");

export function onlineRetailCsvPath(): string {
  return datasetPath("online-retail", "online_retail.csv.gz");
}

/**
 * Splits one CSV record (RFC 4180: quoted fields, "" escapes, commas inside quotes) into `out`.
 * Returns the number of fields.
 */
export function splitCsvLine(line: string, out: string[]): number {
  let n = 0;
  let i = 0;
  const len = line.length;
  for (;;) {
    if (i < len && line.charCodeAt(i) === 34 /* " */) {
      let value = "";
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) {
          value += line.slice(j);
          j = len;
          break;
        }
        if (line.charCodeAt(q + 1) === 34) {
          value += line.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        value += line.slice(j, q);
        j = q + 1;
        break;
      }
      out[n++] = value;
      i = j + 1; // skip the comma
    } else {
      let k = line.indexOf(",", i);
      if (k < 0) k = len;
      out[n++] = line.slice(i, k);
      i = k + 1;
    }
    if (i > len) break;
  }
  return n;
}

/** "2010-12-01 08:26:00" (UTC) → ms */
function parseUtc(text: string): number {
  return Date.UTC(
    Number(text.slice(0, 4)),
    Number(text.slice(5, 7)) - 1,
    Number(text.slice(8, 10)),
    Number(text.slice(11, 13)),
    Number(text.slice(14, 16)),
    Number(text.slice(17, 19)),
  );
}

export interface OnlineRetailStats {
  rows: number;
  invoices: number;
  skippedAdjustmentInvoices: number;
  skippedStockWriteOffInvoices: number;
  /** Orders = sales invoices (credit notes are refunds, not orders). */
  orders: number;
  /** Credit notes ("C…" invoices), guest ones included. */
  creditNotes: number;
  /** Credit notes without CustomerID: dropped. */
  guestCreditNotes: number;
  refundedOrders: number;
  fullyRefundedOrders: number;
  guestOrders: number;
  customers: number;
  lineItems: number;
  products: number;
  /** Σ order totals in pence, before refunds. */
  totalCents: number;
  /** Σ credit notes of customers in pence (guest credit notes excluded). */
  creditCents: number;
  /** Refunded by matching credited goods to sold lines. */
  refundedByLineCents: number;
  /** Refunded as money against the latest earlier order (lines that name no goods, unmatched goods). */
  refundedAsMoneyCents: number;
  /** Credited but not refundable: no earlier order, or beyond what that order had left. */
  droppedCreditCents: number;
}

let cachedSeed: Promise<{ seed: SeedData; stats: OnlineRetailStats }> | undefined;

/** Parses the published file once per process (streamed gunzip, ~1 s). */
export function loadOnlineRetailSeed(): Promise<{ seed: SeedData; stats: OnlineRetailStats }> {
  cachedSeed ??= parseOnlineRetail(onlineRetailCsvPath()).catch((error) => {
    cachedSeed = undefined;
    throw error;
  });
  return cachedSeed;
}

async function parseOnlineRetail(file: string): Promise<{ seed: SeedData; stats: OnlineRetailStats }> {
  // Row columns (growable)
  let cap = 1 << 16;
  let rowInvoice = new Int32Array(cap);
  let rowProduct = new Int32Array(cap);
  let rowQuantity = new Int32Array(cap);
  let rowCents = new Int32Array(cap);
  let rowTitle = new Int32Array(cap);
  let rows = 0;

  const invoiceIndex = new Map<string, number>();
  const invoiceNo: string[] = [];
  const invoiceAt: number[] = [];
  const invoiceCustomer: number[] = [];

  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const intern = (s: string) => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    return i;
  };
  const productIndex = new Map<string, number>();
  const productSkus: string[] = [];
  const productTitles: string[] = [];

  const fields: string[] = new Array(8);
  let header = true;
  let lastDateText = "";
  let lastDateMs = 0;

  const handleLine = (line: string) => {
    if (header) {
      header = false;
      return;
    }
    if (!line) return;
    const n = splitCsvLine(line, fields);
    if (n !== 8) throw new Error(`online_retail.csv: expected 8 fields, got ${n}: ${line}`);
    const [no, stock, description, quantity, date, price, customer] = fields;
    let inv = invoiceIndex.get(no);
    if (inv === undefined) {
      inv = invoiceNo.length;
      invoiceIndex.set(no, inv);
      invoiceNo.push(no);
      invoiceAt.push(Infinity);
      invoiceCustomer.push(customer === "" ? -1 : Number(customer));
    }
    if (date !== lastDateText) {
      lastDateText = date;
      lastDateMs = parseUtc(date);
    }
    if (lastDateMs < invoiceAt[inv]) invoiceAt[inv] = lastDateMs;
    let product = productIndex.get(stock);
    if (product === undefined) {
      product = productSkus.length;
      productIndex.set(stock, product);
      productSkus.push(stock);
      productTitles.push(description || stock);
    } else if (!productTitles[product] || productTitles[product] === stock) {
      if (description) productTitles[product] = description;
    }
    if (rows === cap) {
      cap *= 2;
      const g = (a: Int32Array) => {
        const b = new Int32Array(cap);
        b.set(a);
        return b;
      };
      rowInvoice = g(rowInvoice);
      rowProduct = g(rowProduct);
      rowQuantity = g(rowQuantity);
      rowCents = g(rowCents);
      rowTitle = g(rowTitle);
    }
    rowInvoice[rows] = inv;
    rowProduct[rows] = product;
    rowQuantity[rows] = Number(quantity);
    rowCents[rows] = Math.round(Number(price) * 100);
    rowTitle[rows] = intern(description || stock);
    rows++;
  };

  const stream = fs.createReadStream(file).pipe(zlib.createGunzip());
  stream.setEncoding("utf8");
  let rest = "";
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest + chunk;
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      if (nl < 0) break;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      handleLine(text.slice(start, end));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest) handleLine(rest.replace(/\r$/, ""));

  // Classify invoices.
  const nInv = invoiceNo.length;
  const negative = new Uint8Array(nInv); // has a negative quantity
  const positive = new Uint8Array(nInv);
  const rowCount = new Int32Array(nInv + 1);
  for (let r = 0; r < rows; r++) {
    const inv = rowInvoice[r];
    if (rowQuantity[r] < 0) negative[inv] = 1;
    else positive[inv] = 1;
    rowCount[inv + 1]++;
  }
  let skippedAdjustments = 0;
  let skippedWriteOffs = 0;
  const kept: number[] = [];
  for (let inv = 0; inv < nInv; inv++) {
    const no = invoiceNo[inv];
    if (no.startsWith("A")) {
      skippedAdjustments++;
      continue;
    }
    if (!no.startsWith("C") && negative[inv] && !positive[inv]) {
      skippedWriteOffs++;
      continue;
    }
    if (!/^C?\d+$/.test(no)) throw new Error(`online_retail.csv: unexpected InvoiceNo ${no}`);
    kept.push(inv);
  }
  const invoiceId = (inv: number) => Number(invoiceNo[inv].replace(/^C/, ""));
  kept.sort((a, b) => invoiceId(a) - invoiceId(b));

  // Rows grouped by invoice (counting sort, stable).
  for (let i = 0; i < nInv; i++) rowCount[i + 1] += rowCount[i];
  const rowOrder = new Int32Array(rows);
  const fill = rowCount.slice(0, nInv);
  for (let r = 0; r < rows; r++) rowOrder[fill[rowInvoice[r]]++] = r;

  // Customers: sorted by id, createdAt = first document (invoice or credit note).
  const firstSeen = new Map<number, number>();
  for (const inv of kept) {
    const c = invoiceCustomer[inv];
    if (c < 0) continue;
    const at = invoiceAt[inv];
    const prev = firstSeen.get(c);
    if (prev === undefined || at < prev) firstSeen.set(c, at);
  }
  const customerIds = [...firstSeen.keys()].sort((a, b) => a - b);
  const customerIndex = new Map(customerIds.map((id, i) => [id, i]));
  const customers = {
    length: customerIds.length,
    id: Float64Array.from(customerIds),
    createdAt: Float64Array.from(customerIds.map((id) => firstSeen.get(id)!)),
  };

  const isCredit = (inv: number) => invoiceNo[inv].charCodeAt(0) === 67; /* C */
  const sales = kept.filter((inv) => !isCredit(inv));
  const invoiceCents = new Float64Array(nInv);
  for (const inv of kept) {
    let total = 0;
    for (let k = rowCount[inv]; k < rowCount[inv + 1]; k++) {
      const r = rowOrder[k];
      total += Math.abs(rowQuantity[r]) * Math.abs(rowCents[r]);
    }
    invoiceCents[inv] = total;
  }
  // The sales and credit notes of the file as the shared rule reads them (app/cli/online-retail-credit-notes.ts).
  const documents: RetailDocument[] = kept.map((inv) => {
    const lines: RetailLine[] = [];
    for (let k = rowCount[inv]; k < rowCount[inv + 1]; k++) {
      const r = rowOrder[k];
      lines.push({ stockCode: productSkus[rowProduct[r]], quantity: Math.abs(rowQuantity[r]), unitPrice: Math.abs(rowCents[r]) });
    }
    const c = invoiceCustomer[inv];
    return { number: invoiceId(inv), at: invoiceAt[inv], customerId: c < 0 ? null : String(c), creditNote: isCredit(inv), lines };
  });
  const credit = refundsFromCreditNotes(documents);
  const refundedCents = new Float64Array(nInv);
  const refundedAt = new Float64Array(nInv).fill(NaN);
  kept.forEach((inv, d) => {
    refundedCents[inv] = credit.refunded[d];
    refundedAt[inv] = credit.refundedAt[d];
  });

  // Orders and their lines (laid out in order id order).
  const no = sales.length;
  const orders: SeedData["orders"] = {
    length: no,
    id: new Float64Array(no),
    number: new Float64Array(no),
    namePrefix: new Uint8Array(no),
    processedAt: new Float64Array(no),
    cancelledAt: new Float64Array(no).fill(NaN),
    cancelReason: new Uint8Array(no),
    customer: new Int32Array(no),
    totalCents: new Float64Array(no),
    refundedCents: new Float64Array(no),
    refundedAt: new Float64Array(no),
    financial: new Uint8Array(no),
    lineStart: new Int32Array(no),
    lineEnd: new Int32Array(no),
  };
  let lineCount = 0;
  for (const inv of sales) lineCount += rowCount[inv + 1] - rowCount[inv];
  const lines = {
    length: lineCount,
    product: new Int32Array(lineCount),
    quantity: new Int32Array(lineCount),
    unitCents: new Int32Array(lineCount),
    title: new Int32Array(lineCount),
  };
  const PAID = FINANCIAL_STATUSES.indexOf("PAID");
  const PARTIALLY_REFUNDED = FINANCIAL_STATUSES.indexOf("PARTIALLY_REFUNDED");
  const REFUNDED = FINANCIAL_STATUSES.indexOf("REFUNDED");
  let l = 0;
  let guests = 0;
  let refundedOrders = 0;
  let fullyRefundedOrders = 0;
  let grandTotal = 0;
  sales.forEach((inv, j) => {
    orders.id[j] = invoiceId(inv);
    orders.number[j] = invoiceId(inv);
    orders.processedAt[j] = invoiceAt[inv];
    const c = invoiceCustomer[inv];
    orders.customer[j] = c < 0 ? -1 : customerIndex.get(c)!;
    if (c < 0) guests++;
    orders.lineStart[j] = l;
    for (let k = rowCount[inv]; k < rowCount[inv + 1]; k++) {
      const r = rowOrder[k];
      lines.product[l] = rowProduct[r];
      lines.quantity[l] = Math.abs(rowQuantity[r]);
      lines.unitCents[l] = Math.abs(rowCents[r]);
      lines.title[l] = rowTitle[r];
      l++;
    }
    orders.lineEnd[j] = l;
    const total = invoiceCents[inv];
    const refunded = refundedCents[inv];
    orders.totalCents[j] = total;
    grandTotal += total;
    orders.refundedCents[j] = refunded;
    orders.refundedAt[j] = refunded > 0 ? refundedAt[inv] : NaN;
    orders.financial[j] = refunded === 0 ? PAID : refunded === total ? REFUNDED : PARTIALLY_REFUNDED;
    if (refunded > 0) refundedOrders++;
    if (refunded > 0 && refunded === total) fullyRefundedOrders++;
  });

  const seed: SeedData = {
    source: "UCI Online Retail (Chen, Sain & Guo 2012), CC BY 4.0",
    customers,
    orders,
    lines,
    products: { titles: productTitles, skus: productSkus },
    strings,
  };
  const stats: OnlineRetailStats = {
    rows,
    invoices: nInv,
    skippedAdjustmentInvoices: skippedAdjustments,
    skippedStockWriteOffInvoices: skippedWriteOffs,
    orders: no,
    creditNotes: credit.creditNotes,
    guestCreditNotes: credit.guestCreditNotes,
    refundedOrders,
    fullyRefundedOrders,
    guestOrders: guests,
    customers: customers.length,
    lineItems: lineCount,
    products: productSkus.length,
    totalCents: grandTotal,
    creditCents: credit.credited,
    refundedByLineCents: credit.refundedByLine,
    refundedAsMoneyCents: credit.refundedAsMoney,
    droppedCreditCents: credit.dropped,
  };
  return { seed, stats };
}

/** Keeps the `limit` customers with the smallest ids and their orders (guest orders are dropped). */
function limitSeed(seed: SeedData, limit: number): SeedData {
  const n = Math.max(0, Math.min(limit, seed.customers.length));
  const keep: number[] = [];
  for (let j = 0; j < seed.orders.length; j++) {
    const c = seed.orders.customer[j];
    if (c >= 0 && c < n) keep.push(j);
  }
  const pick = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
    const Ctor = a.constructor as { new (n: number): T };
    const out = new Ctor(keep.length);
    keep.forEach((j, k) => (out[k] = a[j]));
    return out;
  };
  const o = seed.orders;
  return {
    ...seed,
    customers: { length: n, id: seed.customers.id.slice(0, n), createdAt: seed.customers.createdAt.slice(0, n) },
    orders: {
      length: keep.length,
      id: pick(o.id),
      number: pick(o.number),
      namePrefix: pick(o.namePrefix),
      processedAt: pick(o.processedAt),
      cancelledAt: pick(o.cancelledAt),
      cancelReason: pick(o.cancelReason),
      customer: pick(o.customer),
      totalCents: pick(o.totalCents),
      refundedCents: pick(o.refundedCents),
      refundedAt: pick(o.refundedAt),
      financial: pick(o.financial),
      lineStart: pick(o.lineStart),
      lineEnd: pick(o.lineEnd),
    },
  };
}

/** The demo store from the real Online Retail data. */
export async function seedOnlineRetail(options: EmulatorOptions & { limitCustomers?: number } = {}): Promise<EmulatedShop> {
  const { seed } = await loadOnlineRetailSeed();
  const shop = createEmptyShop({
    name: "Online Retail",
    currencyCode: "GBP",
    ianaTimezone: "Europe/London",
    now: ONLINE_RETAIL_NOW,
    ...options,
    domain: options.domain ?? ONLINE_RETAIL_DOMAIN,
  });
  shop.loadSeed(
    options.limitCustomers !== undefined ? limitSeed(seed, options.limitCustomers) : seed,
    options.scale ?? 1,
    options.historyYears,
  );
  return shop;
}
