// UCI "Online Retail" (Chen, Sain & Guo 2012): one CSV line per invoice line, optionally gzipped.
// Columns: InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country.
//
// Mapping to orders (decisions):
// - An order = one InvoiceNo; its total = Σ Quantity × UnitPrice of its lines (GBP, exact in 1/10000);
//   its time = the earliest InvoiceDate among its lines (a few invoices span two consecutive minutes).
//   InvoiceDate is UTC "YYYY-MM-DD HH:MM:SS" (data README).
// - InvoiceNo starting with "C" = a cancellation: a CANCELLED order, which never qualifies. Its (negative)
//   amount is not netted against earlier invoices: the data does not link a credit note to the invoice
//   it cancels.
// - InvoiceNo starting with "A" = "Adjust bad debt" accounting entries (3 lines, StockCode "B", no
//   customer). They are not sales: skipped entirely and reported in the notes.
// - A numeric invoice whose total is NEGATIVE is a stock write-off ("damaged", "missing"…; in this data
//   they are all guest invoices), not a sale: skipped and reported in the notes.
// - Any other non-numeric invoice prefix is an error (unknown kind of document).
// - Empty CustomerID = a guest purchase: ignored for customers (counted in the stats).
// - Customers who only have cancellations are still customers (they will be prospects).
// - An invoice whose lines name different customers is an error.

import type { OrderFact } from "../domain/types";
import { forEachCsvRecord, indexHeader } from "./read-csv";
import { HistoryCollector, type ReadOptions, type ReadResult } from "./read-history-collector";
import { InputError } from "./read-lines";

const COLUMNS = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"] as const;
const DATE_TIME = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*$/;
const INTEGER = /^\s*-?\d+\s*$/;
const DECIMAL = /^\s*-?\d+(\.\d+)?\s*$/;
const UNITS = 10_000;

interface Invoice {
  invoiceNo: string;
  customerId: string | null;
  firstMs: number;
  units: number;
  line: number;
}

export async function readOnlineRetail(path: string, _options: ReadOptions): Promise<ReadResult> {
  const invoices = new Map<string, Invoice>();
  let columns: Map<string, number> | null = null;
  let lines = 0;
  let adjustments = 0;
  let lastDateText = "";
  let lastDateMs = 0;

  let col = { invoice: 0, quantity: 0, date: 0, price: 0, customer: 0, count: 0 };

  const readRecord = (fields: string[], line: number): void => {
    if (columns === null) {
      columns = indexHeader({ fields, line }, COLUMNS, [], { allowUnknown: true });
      col = {
        invoice: columns.get("InvoiceNo")!,
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
    if (kind !== 67 /* C */ && !(kind >= 48 && kind <= 57)) {
      throw new InputError(`line ${line}: unknown kind of invoice "${invoiceNo}" (expected a number, C… for a cancellation or A… for an adjustment).`, line);
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
    const units = Number(quantityText) * Math.round(Number(priceText) * UNITS);
    if (!Number.isSafeInteger(units)) throw new InputError(`line ${line}: Quantity × UnitPrice (${quantityText} × ${priceText}) is out of range.`, line);

    const invoice = invoices.get(invoiceNo);
    if (invoice === undefined) {
      invoices.set(invoiceNo, { invoiceNo, customerId, firstMs: lastDateMs, units, line });
    } else {
      if (invoice.customerId !== customerId) {
        throw new InputError(
          `line ${line}: invoice ${invoiceNo} is for customer ${customerId ?? "(guest)"} but line ${invoice.line} put it on ${invoice.customerId ?? "(guest)"}.`,
          line,
        );
      }
      invoice.units += units;
      if (lastDateMs < invoice.firstMs) invoice.firstMs = lastDateMs;
    }
  };

  await forEachCsvRecord(path, readRecord);
  if (columns === null) throw new InputError(`${path}: the file is empty.`);

  const collector = new HistoryCollector();
  collector.stats.lines = lines;
  let writeOffs = 0;
  for (const invoice of invoices.values()) {
    const cancelled = invoice.invoiceNo.charCodeAt(0) === 67;
    if (!cancelled && invoice.units < 0) {
      writeOffs += 1;
      continue;
    }
    const order: OrderFact = {
      id: `online-retail:${invoice.invoiceNo}`,
      customerId: invoice.customerId,
      processedAt: new Date(invoice.firstMs),
      totalPrice: invoice.units / UNITS,
      totalRefunded: 0,
      cancelled,
      test: false,
      financialStatus: null,
    };
    collector.add(order);
  }
  if (adjustments > 0) collector.stats.notes.push(`${adjustments} bad-debt adjustment line(s) (invoices A…) skipped: not sales`);
  if (writeOffs > 0) collector.stats.notes.push(`${writeOffs} invoice(s) with a negative total and no C prefix (stock write-offs) skipped: not sales`);
  return { histories: collector.histories(), stats: collector.stats, currency: "GBP" };
}
