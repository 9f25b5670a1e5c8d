// The generic "orders-csv" format: one order per line, for shops exporting from anywhere.
//
//   customer_id,order_id,processed_at,total,currency,cancelled,test[,total_refunded][,financial_status]
//
// - customer_id: any text; empty = guest order (ignored for customers)
// - order_id: any non-empty text, unique in the file
// - processed_at: an ISO 8601 instant with Z or an offset (2025-01-02T10:00:00Z, 2025-01-02T19:00:00+09:00),
//   or a date YYYY-MM-DD meaning that local date in the shop's --time-zone. A date-time WITHOUT an offset
//   is refused: it would be ambiguous.
// - total: the order total as charged, a decimal >= 0 in major units (4800, 12.50)
// - currency: ISO 4217 code (JPY, USD); every line must use the same one (amounts are not converted)
// - cancelled, test: true/false (also 1/0, yes/no; empty = false)
// - total_refunded (optional): decimal >= 0, empty = 0
// - financial_status (optional): Shopify displayFinancialStatus, e.g. PAID, PARTIALLY_REFUNDED, REFUNDED,
//   VOIDED; empty = unknown
// Columns may come in any order; unknown columns are an error (a typo would otherwise be silently ignored).

import { parseLocalDate, startOfLocalDay } from "../domain/calendar";
import { indexHeader, readCsv } from "./read-csv";
import { HistoryCollector, type ReadOptions, type ReadResult } from "./read-history-collector";
import { InputError } from "./read-lines";

const ORDERS_CSV_REQUIRED = ["customer_id", "order_id", "processed_at", "total", "currency", "cancelled", "test"] as const;
const ORDERS_CSV_OPTIONAL = ["total_refunded", "financial_status"] as const;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const AMOUNT = /^\d+(\.\d+)?$/;
const CURRENCY = /^[A-Z]{3}$/;

export function parseBoolean(value: string, column: string, line: number): boolean {
  switch (value.trim().toLowerCase()) {
    case "":
    case "false":
    case "0":
    case "no":
      return false;
    case "true":
    case "1":
    case "yes":
      return true;
    default:
      throw new InputError(`line ${line}: ${column} must be true or false, got "${value}".`, line);
  }
}

function parseAmount(value: string, column: string, line: number): number {
  const text = value.trim();
  // A digit string too long for a double reads as Infinity: refused like any other bad amount.
  if (!AMOUNT.test(text) || !Number.isFinite(Number(text)))
    throw new InputError(`line ${line}: ${column} must be a decimal number >= 0 such as 4800 or 12.50, got "${value}".`, line);
  return Number(text);
}

/**
 * processed_at: a date YYYY-MM-DD (the start of that local date in `timeZone`) or an ISO 8601 instant
 * with Z or an offset. A date-time without an offset is refused: it would be ambiguous.
 */
export function parseProcessedAt(value: string, line: number, timeZone: string): Date {
  const text = value.trim();
  if (DATE_ONLY.test(text)) {
    const day = parseLocalDate(text);
    if (day === null) throw new InputError(`line ${line}: processed_at "${text}" is not a real date.`, line);
    return startOfLocalDay(day, timeZone);
  }
  if (INSTANT.test(text) && parseLocalDate(text.slice(0, 10)) !== null && !Number.isNaN(Date.parse(text))) return new Date(text);
  throw new InputError(
    `line ${line}: processed_at must be YYYY-MM-DD or an ISO 8601 time with Z or an offset (2025-01-02T10:00:00Z), got "${text}".`,
    line,
  );
}

export async function readOrdersCsv(path: string, { timeZone }: ReadOptions): Promise<ReadResult> {
  const collector = new HistoryCollector();
  const orderIds = new Map<string, number>();
  let columns: Map<string, number> | null = null;
  let currency: { code: string; line: number } | null = null;

  for await (const record of readCsv(path)) {
    const { fields, line } = record;
    if (columns === null) {
      columns = indexHeader(record, ORDERS_CSV_REQUIRED, ORDERS_CSV_OPTIONAL);
      continue;
    }
    collector.stats.lines += 1;
    if (fields.length !== columns.size) {
      throw new InputError(`line ${line}: expected ${columns.size} columns, found ${fields.length}.`, line);
    }
    const get = (name: string): string => {
      const i = columns!.get(name);
      return i === undefined ? "" : fields[i]!;
    };

    const orderId = get("order_id").trim();
    if (orderId === "") throw new InputError(`line ${line}: order_id is empty.`, line);
    const seenAt = orderIds.get(orderId);
    if (seenAt !== undefined) throw new InputError(`line ${line}: order_id "${orderId}" already appeared on line ${seenAt}.`, line);
    orderIds.set(orderId, line);

    const processedAt = parseProcessedAt(get("processed_at"), line, timeZone);

    const code = get("currency").trim();
    if (!CURRENCY.test(code)) throw new InputError(`line ${line}: currency must be a 3-letter code such as JPY, got "${code}".`, line);
    if (currency === null) currency = { code, line };
    else if (currency.code !== code) {
      throw new InputError(
        `line ${line}: currency ${code} differs from ${currency.code} on line ${currency.line}; one shop has one currency.`,
        line,
      );
    }

    const totalPrice = parseAmount(get("total"), "total", line);
    const refundedText = get("total_refunded");
    const totalRefunded = refundedText.trim() === "" ? 0 : parseAmount(refundedText, "total_refunded", line);
    const status = get("financial_status").trim();
    const customerId = get("customer_id").trim();

    collector.add({
      id: orderId,
      customerId: customerId === "" ? null : customerId,
      processedAt,
      totalPrice,
      totalRefunded,
      cancelled: parseBoolean(get("cancelled"), "cancelled", line),
      test: parseBoolean(get("test"), "test", line),
      financialStatus: status === "" ? null : status.toUpperCase(),
    });
  }
  if (columns === null) throw new InputError(`${path}: the file is empty; expected the header ${ORDERS_CSV_REQUIRED.join(",")}.`);
  return { histories: collector.histories(), stats: collector.stats, currency: currency?.code ?? null };
}
