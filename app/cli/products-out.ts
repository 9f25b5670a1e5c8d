// `analyze --format order-lines-csv --products-out P.csv`: the F2 conversion by the product types of the
// customers' first orders, computed with the app's own domain code
// (app/domain/touchpoints/first-order-products.ts f2ByFirstOrder; definitions in docs/touchpoints.md §1).
//
// P.csv: one row per product type that appears in some customer's first qualifying order (by the end of
// the --as-of date in --time-zone), most first-order customers first, then by type:
//   product_type,first_order_customers,eligible_90,converted_90,still_open_90,f2_rate_90,
//   eligible_30,converted_30,eligible_365,converted_365
// - A customer's first qualifying order: not cancelled, not test, by processed_at, ties by order id
//   (the same rules as --kpis-out). A first order holding two types counts its customer in both rows.
// - eligible_N: of those customers, the ones whose first order's date is at least N days before the as-of
//   date; converted_N: of the eligible, the ones whose second qualifying order is at most N days after the
//   first (same day counts); still_open_N = first_order_customers − eligible_N. f2_rate_90 =
//   converted_90 ÷ eligible_90 with 4 decimals, empty when no one is eligible.
// - An empty product_type is the row of products without a type.

import { writeFile } from "node:fs/promises";
import { parseLocalDate } from "../domain/calendar";
import { cohortRate, type WindowDays } from "../domain/journey/cohort-conversion";
import { f2ByFirstOrder, type CustomerOrdersWithLines, type OrderWithLines } from "../domain/touchpoints/first-order-products";
import type { CustomerHistory, OrderFact } from "../domain/types";
import { F2_WINDOWS } from "./kpis-out";
import { InputError } from "./read-lines";

const PRODUCTS_OUT_COLUMNS = [
  "product_type",
  "first_order_customers",
  "eligible_90",
  "converted_90",
  "still_open_90",
  "f2_rate_90",
  "eligible_30",
  "converted_30",
  "eligible_365",
  "converted_365",
] as const;

const hasLines = (order: OrderFact): order is OrderWithLines => Array.isArray((order as Partial<OrderWithLines>).lines);

/** The histories with their order lines; a reader that keeps no lines cannot feed --products-out. */
function withLines(histories: readonly CustomerHistory[]): CustomerOrdersWithLines[] {
  return histories.map((history) => {
    if (!history.orders.every(hasLines)) throw new InputError("--products-out needs order lines: use --format order-lines-csv.");
    return { customerId: history.customerId, orders: history.orders };
  });
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The rows of P.csv (header first), each ending with a newline. */
export function productsOutRows(histories: readonly CustomerHistory[], { asOf, timeZone }: { asOf: string; timeZone: string }): string[] {
  const asOfDay = parseLocalDate(asOf);
  if (asOfDay === null) throw new RangeError(`as-of must be YYYY-MM-DD, got "${asOf}"`);
  const cohorts = f2ByFirstOrder(withLines(histories), F2_WINDOWS, { asOfDay, timeZone, key: "productType" });
  const rows = [`${PRODUCTS_OUT_COLUMNS.join(",")}\n`];
  for (const cohort of cohorts) {
    const at = (window: WindowDays) => cohort.f2.get(window)!;
    const rate = cohortRate(at(90));
    rows.push(
      [
        csvField(cohort.key),
        cohort.firstOrderCustomers,
        at(90).eligible,
        at(90).converted,
        cohort.firstOrderCustomers - at(90).eligible,
        rate === null ? "" : rate.toFixed(4),
        at(30).eligible,
        at(30).converted,
        at(365).eligible,
        at(365).converted,
      ].join(",") + "\n",
    );
  }
  return rows;
}

export async function writeProductsFile(path: string, rows: readonly string[]): Promise<void> {
  try {
    await writeFile(path, rows.join(""));
  } catch (error) {
    throw new InputError(`cannot write ${path}: ${(error as Error).message}`);
  }
}
