// UCI "Online Retail" (Chen, Sain & Guo 2012): one CSV line per invoice line, optionally gzipped.
// Columns: InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country.
//
// Mapping to orders (decisions):
// - An order = one InvoiceNo; its total = Σ Quantity × UnitPrice of its lines (GBP, exact in 1/10000);
//   its time = the earliest InvoiceDate among its lines (a few invoices span two consecutive minutes).
//   InvoiceDate is UTC "YYYY-MM-DD HH:MM:SS" (data README).
// - InvoiceNo starting with "C" = a credit note: not an order, but refunds of what it reverses on the
//   same customer's earlier invoices (the rule of online-retail-credit-notes.ts, shared with the demo
//   store: matched by StockCode and quantity, the latest earlier invoice first; lines that name no goods
//   and unmatched remainders as money against the latest earlier invoice; the rest dropped). A refunded
//   invoice keeps its total; totalRefunded = Σ its refunds, financial status PARTIALLY_REFUNDED or
//   REFUNDED (a fully refunded order does not qualify). Refunds count whatever their date, as Shopify's
//   totalRefunded does. A credit note's quantities must all be negative.
// - InvoiceNo starting with "A" = "Adjust bad debt" accounting entries (3 lines, StockCode "B", no
//   customer). They are not sales: skipped entirely and reported in the notes.
// - A numeric invoice with only negative quantities is a stock write-off ("damaged", "missing"…; in
//   this data all guest invoices at price 0), not a sale: skipped and reported in the notes. One that
//   mixes sold and negative quantities is an error.
// - Any other non-numeric invoice prefix is an error (unknown kind of document).
// - Empty CustomerID = a guest purchase: ignored for customers (counted in the stats).
// - Customers who only have credit notes are still customers (they will be prospects), created at
//   their first document.
// - An invoice whose lines name different customers is an error.

import type { OrderFact } from "../domain/types";
import { refundsFromCreditNotes, type RetailDocument, type RetailLine } from "./online-retail-credit-notes";
import { forEachCsvRecord, indexHeader } from "./read-csv";
import { HistoryCollector, type ReadOptions, type ReadResult } from "./read-history-collector";
import { InputError } from "./read-lines";

const COLUMNS = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"] as const;
const DATE_TIME = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*$/;
const INVOICE_NO = /^C?\d+$/;
const INTEGER = /^\s*-?\d+\s*$/;
const DECIMAL = /^\s*-?\d+(\.\d+)?\s*$/;
const UNITS = 10_000;

interface Invoice extends RetailDocument {
  invoiceNo: string;
  lines: RetailLine[];
  line: number;
  sold: boolean;
  returned: boolean;
}

const money = (units: number) => `£${(units / UNITS).toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export async function readOnlineRetail(path: string, _options: ReadOptions): Promise<ReadResult> {
  const invoices = new Map<string, Invoice>();
  let columns: Map<string, number> | null = null;
  let lines = 0;
  let adjustments = 0;
  let lastDateText = "";
  let lastDateMs = 0;

  let col = { invoice: 0, stockCode: 0, quantity: 0, date: 0, price: 0, customer: 0, count: 0 };

  const readRecord = (fields: string[], line: number): void => {
    if (columns === null) {
      columns = indexHeader({ fields, line }, COLUMNS, [], { allowUnknown: true });
      col = {
        invoice: columns.get("InvoiceNo")!,
        stockCode: columns.get("StockCode")!,
        quantity: columns.get("Quantity")!,
        date: columns.get("InvoiceDate")!,
        price: columns.get("UnitPrice")!,
        customer: columns.get("CustomerID")!,
        count: columns.size,
      };
      return;
    }
    lines += 1;
    if (fields.length !== col.count) {
      throw new InputError(`line ${line}: expected ${col.count} columns, found ${fields.length}.`, line);
    }
    const invoiceNo = fields[col.invoice]!.trim();
    if (invoiceNo === "") throw new InputError(`line ${line}: InvoiceNo is empty.`, line);
    const kind = invoiceNo.charCodeAt(0);
    if (kind === 65 /* A */) {
      adjustments += 1;
      return;
    }
    const creditNote = kind === 67; /* C */
    if (!invoices.has(invoiceNo) && !INVOICE_NO.test(invoiceNo)) {
      throw new InputError(
        `line ${line}: unknown kind of invoice "${invoiceNo}" (expected a number, C… for a credit note or A… for an adjustment).`,
        line,
      );
    }

    const quantityText = fields[col.quantity]!;
    if (!INTEGER.test(quantityText)) throw new InputError(`line ${line}: Quantity "${quantityText}" is not a whole number.`, line);
    const priceText = fields[col.price]!;
    if (!DECIMAL.test(priceText)) throw new InputError(`line ${line}: UnitPrice "${priceText}" is not a number.`, line);
    const dateText = fields[col.date]!;
    if (dateText !== lastDateText) {
      const m = DATE_TIME.exec(dateText);
      const ms = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)) : Number.NaN;
      if (!m || new Date(ms).getUTCDate() !== +m[3]! || +m[4]! > 23 || +m[5]! > 59 || +(m[6] ?? 0) > 59) {
        throw new InputError(`line ${line}: InvoiceDate "${dateText}" is not a date-time YYYY-MM-DD HH:MM:SS.`, line);
      }
      lastDateText = dateText;
      lastDateMs = ms;
    }
    const rawCustomer = fields[col.customer]!.trim();
    const customerId = rawCustomer === "" ? null : rawCustomer.replace(/^(\d+)\.0+$/, "$1");
    const quantity = Number(quantityText);
    const unitPrice = Math.round(Number(priceText) * UNITS);
    if (unitPrice < 0) throw new InputError(`line ${line}: UnitPrice "${priceText}" is negative (only A… adjustments may be).`, line);
    if (!Number.isSafeInteger(quantity * unitPrice))
      throw new InputError(`line ${line}: Quantity × UnitPrice (${quantityText} × ${priceText}) is out of range.`, line);

    let invoice = invoices.get(invoiceNo);
    if (invoice === undefined) {
      invoice = {
        invoiceNo,
        number: Number(invoiceNo.slice(creditNote ? 1 : 0)),
        at: lastDateMs,
        customerId,
        creditNote,
        lines: [],
        line,
        sold: false,
        returned: false,
      };
      invoices.set(invoiceNo, invoice);
    } else {
      if (invoice.customerId !== customerId) {
        throw new InputError(
          `line ${line}: invoice ${invoiceNo} is for customer ${customerId ?? "(guest)"} but line ${invoice.line} put it on ${invoice.customerId ?? "(guest)"}.`,
          line,
        );
      }
      if (lastDateMs < invoice.at) invoice.at = lastDateMs;
    }
    if (quantity > 0) invoice.sold = true;
    if (quantity < 0) invoice.returned = true;
    if (creditNote && invoice.sold)
      throw new InputError(
        `line ${line}: credit note ${invoiceNo} has a positive Quantity; a credit note's quantities are negative.`,
        line,
      );
    if (!creditNote && invoice.sold && invoice.returned) {
      throw new InputError(`line ${line}: invoice ${invoiceNo} mixes sold and negative quantities; returns are C… credit notes.`, line);
    }
    invoice.lines.push({ stockCode: fields[col.stockCode]!, quantity: Math.abs(quantity), unitPrice });
  };

  await forEachCsvRecord(path, readRecord);
  if (columns === null) throw new InputError(`${path}: the file is empty.`);

  const documents: Invoice[] = [];
  let writeOffs = 0;
  for (const invoice of invoices.values()) {
    if (!invoice.creditNote && invoice.returned) writeOffs += 1;
    else documents.push(invoice);
  }
  const refunds = refundsFromCreditNotes(documents);

  const collector = new HistoryCollector();
  collector.stats.lines = lines;
  documents.forEach((invoice, i) => {
    if (invoice.creditNote) {
      if (invoice.customerId !== null) collector.seeCustomer(invoice.customerId, new Date(invoice.at));
      return;
    }
    let units = 0;
    for (const l of invoice.lines) units += l.quantity * l.unitPrice;
    const refunded = refunds.refunded[i]!;
    const order: OrderFact = {
      id: `online-retail:${invoice.invoiceNo}`,
      customerId: invoice.customerId,
      processedAt: new Date(invoice.at),
      totalPrice: units / UNITS,
      totalRefunded: refunded / UNITS,
      cancelled: false,
      test: false,
      financialStatus: refunded === 0 ? "PAID" : refunded === units ? "REFUNDED" : "PARTIALLY_REFUNDED",
    };
    collector.add(order);
  });
  if (adjustments > 0) collector.stats.notes.push(`${adjustments} bad-debt adjustment line(s) (invoices A…) skipped: not sales`);
  if (writeOffs > 0)
    collector.stats.notes.push(
      `${writeOffs} invoice(s) with only negative quantities and no C prefix (stock write-offs) skipped: not sales`,
    );
  if (refunds.creditNotes > 0) {
    collector.stats.notes.push(
      `${refunds.creditNotes} credit note(s) (invoices C…) applied as refunds of earlier invoices: ${money(refunds.refundedByLine)} matched by goods, ` +
        `${money(refunds.refundedAsMoney)} as money against the latest earlier invoice, ${money(refunds.dropped)} not refundable; ` +
        `${refunds.guestCreditNotes} guest credit note(s) dropped`,
    );
  }
  return { histories: collector.histories(), stats: collector.stats, currency: "GBP" };
}
