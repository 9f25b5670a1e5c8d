// The "order-lines-csv" format: one row per order LINE, for shops exporting what each order held.
//
//   customer_id,order_id,processed_at,product_id,product_type,quantity,amount,currency,cancelled,test
//
// - An order is every row with its order_id (the rows need not be adjacent); its total is the sum of its
//   rows' amounts (exact to 1/10000 of a unit).
// - customer_id: any text; empty = guest order (ignored for customers). All rows of an order must name the
//   same customer, currency, cancelled and test values (an error names both lines otherwise).
// - processed_at: a date YYYY-MM-DD (the start of that local date in --time-zone), an ISO 8601 instant with
//   Z or an offset, or a date-time without an offset (YYYY-MM-DD HH:MM[:SS], space or T), read as the wall
//   clock of --time-zone. When an order's rows differ (an export that spans a minute), the earliest counts.
// - product_id: any text; product_type: kept exactly as written ("" = no type; the rows of an order may
//   hold several types).
// - quantity: a number; amount: the line's total in major units (4800, 12.50; negative for a discount or
//   a return line).
// - currency: ISO 4217 code, upper or lower case. Shops selling in several currencies export orders in
//   several: amounts are summed as written (never converted) and the summary says so.
// - cancelled, test: true/false (also 1/0, yes/no; empty = false).
// Columns may come in any order; unknown columns are an error (a typo would otherwise be silently ignored).

import { zoneCalendar, type ZoneCalendar } from "../domain/calendar";
import type { OrderLineFact, OrderWithLines } from "../domain/touchpoints/first-order-products";
import { forEachCsvRecord, indexHeader } from "./read-csv";
import { HistoryCollector, type ReadOptions, type ReadResult } from "./read-history-collector";
import { InputError } from "./read-lines";
import { parseBoolean, parseProcessedAt } from "./read-orders-csv";

const ORDER_LINES_CSV_COLUMNS = [
  "customer_id",
  "order_id",
  "processed_at",
  "product_id",
  "product_type",
  "quantity",
  "amount",
  "currency",
  "cancelled",
  "test",
] as const;

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const CURRENCY = /^[A-Z]{3}$/;
const UNITS = 10_000;

interface OrderDraft {
  id: string;
  customerId: string | null;
  firstMs: number;
  units: number;
  currency: string;
  cancelled: boolean;
  test: boolean;
  lines: OrderLineFact[];
  /** the file line of the order's first row */
  line: number;
}

/** A date-time without an offset as the wall clock of the zone (the later instant on a DST overlap). */
function wallClockInstant(match: RegExpExecArray, calendar: ZoneCalendar): number | null {
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(match[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = match[7] ? Math.round(Number(match[7]) * 1000) : 0;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, fraction);
  const check = new Date(wall);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || hour > 23 || minute > 59 || second > 59) return null;
  return wall - calendar.offsetAt(wall - calendar.offsetAt(wall));
}

export async function readOrderLinesCsv(path: string, { timeZone }: ReadOptions): Promise<ReadResult> {
  const calendar = zoneCalendar(timeZone);
  const orders = new Map<string, OrderDraft>();
  let columns: Map<string, number> | null = null;
  let lines = 0;
  let lastTimeText = "";
  let lastTimeMs = 0;
  let col = { customer: 0, order: 0, time: 0, product: 0, type: 0, quantity: 0, amount: 0, currency: 0, cancelled: 0, test: 0, count: 0 };

  const parseTime = (text: string, line: number): number => {
    if (text === lastTimeText) return lastTimeMs;
    const trimmed = text.trim();
    const wall = WALL_CLOCK.exec(trimmed);
    let ms: number;
    if (wall) {
      const instant = wallClockInstant(wall, calendar);
      if (instant === null) throw new InputError(`line ${line}: processed_at "${trimmed}" is not a real date-time.`, line);
      ms = instant;
    } else {
      ms = parseProcessedAt(trimmed.replace(" ", "T"), line, timeZone).getTime();
    }
    lastTimeText = text;
    lastTimeMs = ms;
    return ms;
  };

  const readRecord = (fields: string[], line: number): void => {
    if (columns === null) {
      columns = indexHeader({ fields, line }, ORDER_LINES_CSV_COLUMNS);
      const at = (name: string) => columns!.get(name)!;
      col = {
        customer: at("customer_id"),
        order: at("order_id"),
        time: at("processed_at"),
        product: at("product_id"),
        type: at("product_type"),
        quantity: at("quantity"),
        amount: at("amount"),
        currency: at("currency"),
        cancelled: at("cancelled"),
        test: at("test"),
        count: columns.size,
      };
      return;
    }
    lines += 1;
    if (fields.length !== col.count) throw new InputError(`line ${line}: expected ${col.count} columns, found ${fields.length}.`, line);

    const orderId = fields[col.order]!.trim();
    if (orderId === "") throw new InputError(`line ${line}: order_id is empty.`, line);
    const rawCustomer = fields[col.customer]!.trim();
    const customerId = rawCustomer === "" ? null : rawCustomer;
    const ms = parseTime(fields[col.time]!, line);
    const quantityText = fields[col.quantity]!.trim();
    if (!NUMBER.test(quantityText) || !Number.isFinite(Number(quantityText)))
      throw new InputError(`line ${line}: quantity must be a number such as 2, got "${quantityText}".`, line);
    const amountText = fields[col.amount]!.trim();
    const amountUnits = Math.round(Number(amountText) * UNITS);
    if (!NUMBER.test(amountText) || !Number.isSafeInteger(amountUnits)) {
      throw new InputError(
        `line ${line}: amount must be a decimal number such as 4800 or -12.50 (no thousands separators), got "${amountText}".`,
        line,
      );
    }
    const currency = fields[col.currency]!.trim().toUpperCase();
    if (!CURRENCY.test(currency))
      throw new InputError(`line ${line}: currency must be a 3-letter code such as JPY, got "${fields[col.currency]}".`, line);
    const cancelled = parseBoolean(fields[col.cancelled]!, "cancelled", line);
    const test = parseBoolean(fields[col.test]!, "test", line);
    const orderLine: OrderLineFact = {
      productId: fields[col.product]!.trim(),
      productType: fields[col.type]!,
      quantity: Number(quantityText),
      amount: amountUnits / UNITS,
    };

    const draft = orders.get(orderId);
    if (draft === undefined) {
      orders.set(orderId, {
        id: orderId,
        customerId,
        firstMs: ms,
        units: amountUnits,
        currency,
        cancelled,
        test,
        lines: [orderLine],
        line,
      });
      return;
    }
    const differs = (what: string, here: string, there: string) =>
      new InputError(
        `line ${line}: order ${orderId} has ${what} ${here} but its row on line ${draft.line} has ${there}; the rows of an order must agree.`,
        line,
      );
    if (draft.customerId !== customerId) throw differs("customer_id", customerId ?? "(guest)", draft.customerId ?? "(guest)");
    if (draft.currency !== currency) throw differs("currency", currency, draft.currency);
    if (draft.cancelled !== cancelled) throw differs("cancelled", String(cancelled), String(draft.cancelled));
    if (draft.test !== test) throw differs("test", String(test), String(draft.test));
    draft.units += amountUnits;
    if (!Number.isSafeInteger(draft.units)) throw new InputError(`line ${line}: the total of order ${orderId} is out of range.`, line);
    if (ms < draft.firstMs) draft.firstMs = ms;
    draft.lines.push(orderLine);
  };

  await forEachCsvRecord(path, readRecord);
  if (columns === null) throw new InputError(`${path}: the file is empty; expected the header ${ORDER_LINES_CSV_COLUMNS.join(",")}.`);

  const collector = new HistoryCollector();
  collector.stats.lines = lines;
  const ordersByCurrency = new Map<string, number>();
  for (const draft of orders.values()) {
    ordersByCurrency.set(draft.currency, (ordersByCurrency.get(draft.currency) ?? 0) + 1);
    const order: OrderWithLines = {
      id: draft.id,
      customerId: draft.customerId,
      processedAt: new Date(draft.firstMs),
      totalPrice: draft.units / UNITS,
      totalRefunded: 0,
      cancelled: draft.cancelled,
      test: draft.test,
      financialStatus: null,
      lines: draft.lines,
    };
    collector.add(order);
  }
  const byCount = [...ordersByCurrency].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (byCount.length > 1) {
    collector.stats.notes.push(
      `orders in ${byCount.length} currencies (${byCount.map(([code, n]) => `${code} ${n}`).join(", ")}): amounts are summed as written, not converted; net_spent and the VIP cut mix them`,
    );
  }
  return { histories: collector.histories(), stats: collector.stats, currency: byCount[0]?.[0] ?? null };
}
