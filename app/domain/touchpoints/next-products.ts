// What the second order holds after each first product (docs/touchpoints.md §5): for every product of
// customers' first qualifying orders, the products their SECOND qualifying order held — the cross-sell
// a merchant can suggest after that first purchase (the playbook's product content, the scenarios'
// recommended products).
//
// Counting: a customer counts once per distinct product of their first order (like the F2 by first
// product), and once per distinct product of their second order. A product bought again in the second
// order is a repurchase: kept in the table (merchants want to see it) and marked, never recommended as a
// cross-sell. Customers without a second order count in `firstOrderCustomers` only.
import { compareIds } from "../compare-ids";

/** One customer's first and second qualifying orders, as product ids (or product types). */
export interface FirstAndSecondOrder {
  first: readonly string[];
  /** null: no second qualifying order (yet). */
  second: readonly string[] | null;
}

export interface NextProduct {
  productId: string;
  /** Customers whose second order held it (among those whose first order held the row's product). */
  customers: number;
  /** customers ÷ the row's secondOrderCustomers. */
  share: number;
  /** The same product as the first: bought again, not a cross-sell. */
  repurchase: boolean;
}

export interface NextProductsRow {
  /** The product of the first order. */
  productId: string;
  /** Customers whose first qualifying order held it. */
  firstOrderCustomers: number;
  /** Of those, the customers who placed a second qualifying order. */
  secondOrderCustomers: number;
  /** The most frequent products of their second orders, most customers first (ties by id), at most `top`. */
  next: NextProduct[];
}

const distinct = (values: readonly string[]): string[] => [...new Set(values)];

/**
 * For each product of the first orders, the top `top` products of the second orders, rows sorted by
 * first-order customers (most first), then by id (compareIds: numeric ids by value).
 */
export function nextProductsAfterFirst(customers: Iterable<FirstAndSecondOrder>, { top = 5 }: { top?: number } = {}): NextProductsRow[] {
  const rows = new Map<string, { firstOrderCustomers: number; secondOrderCustomers: number; next: Map<string, number> }>();
  for (const customer of customers) {
    const second = customer.second === null ? null : distinct(customer.second);
    for (const productId of distinct(customer.first)) {
      let row = rows.get(productId);
      if (row === undefined) {
        row = { firstOrderCustomers: 0, secondOrderCustomers: 0, next: new Map() };
        rows.set(productId, row);
      }
      row.firstOrderCustomers += 1;
      if (second === null) continue;
      row.secondOrderCustomers += 1;
      for (const next of second) row.next.set(next, (row.next.get(next) ?? 0) + 1);
    }
  }
  return [...rows.entries()]
    .map(([productId, row]) => ({
      productId,
      firstOrderCustomers: row.firstOrderCustomers,
      secondOrderCustomers: row.secondOrderCustomers,
      next: [...row.next.entries()]
        .sort(([a, ca], [b, cb]) => cb - ca || compareIds(a, b))
        .slice(0, top)
        .map(([next, count]) => ({
          productId: next,
          customers: count,
          share: count / row.secondOrderCustomers,
          repurchase: next === productId,
        })),
    }))
    .sort((a, b) => b.firstOrderCustomers - a.firstOrderCustomers || compareIds(a.productId, b.productId));
}

export interface RecommendedProduct {
  productId: string;
  /** Second orders that held it, summed over the rows of the given products (a customer whose first order
   * held two of them counts in both). */
  customers: number;
}

/**
 * Products to suggest to a customer who bought `bought` (e.g. their first order's products): the next
 * products of those rows summed, without the products already bought, each backed by at least
 * `minCustomers` customers (a suggestion from one or two customers is noise), most customers first
 * (ties by id), at most `limit`.
 */
export function recommendNextProducts(
  rows: readonly NextProductsRow[],
  bought: readonly string[],
  { limit = 3, minCustomers = 3 }: { limit?: number; minCustomers?: number } = {},
): RecommendedProduct[] {
  const owned = new Set(bought);
  const sums = new Map<string, number>();
  for (const row of rows) {
    if (!owned.has(row.productId)) continue;
    for (const next of row.next) if (!owned.has(next.productId)) sums.set(next.productId, (sums.get(next.productId) ?? 0) + next.customers);
  }
  return [...sums.entries()]
    .filter(([, customers]) => customers >= minCustomers)
    .sort(([a, ca], [b, cb]) => cb - ca || compareIds(a, b))
    .slice(0, limit)
    .map(([productId, customers]) => ({ productId, customers }));
}

export interface CrossSell {
  /** A product of first orders. */
  productId: string;
  firstOrderCustomers: number;
  /** What to suggest to its first-time buyers (recommendNextProducts of that product alone). */
  suggestions: RecommendedProduct[];
}

/**
 * The playbook's product content: for the `firstProducts` first products with the most customers, what
 * their buyers' second orders held most often (not the product itself); products with no suggestion
 * backed by `minCustomers` customers are left out.
 */
export function crossSellAfterFirstProducts(
  rows: readonly NextProductsRow[],
  { firstProducts = 5, limit = 3, minCustomers = 3 }: { firstProducts?: number; limit?: number; minCustomers?: number } = {},
): CrossSell[] {
  return rows
    .slice(0, firstProducts)
    .map((row) => ({
      productId: row.productId,
      firstOrderCustomers: row.firstOrderCustomers,
      suggestions: recommendNextProducts(rows, [row.productId], { limit, minCustomers }),
    }))
    .filter((crossSell) => crossSell.suggestions.length > 0);
}
