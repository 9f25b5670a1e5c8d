// Groups the orders read from a file into the domain's CustomerHistory list (shared by the readers).

import type { CustomerHistory, OrderFact } from "../domain/types";

export interface ReadStats {
  /** data lines read (header excluded) */
  lines: number;
  /** orders built (all, including guests and cancelled) */
  orders: number;
  /** orders without a customer: ignored for customers */
  guestOrders: number;
  cancelledOrders: number;
  testOrders: number;
  /** format-specific notes, e.g. skipped bad-debt adjustments */
  notes: string[];
}

export interface ReadResult {
  histories: CustomerHistory[];
  stats: ReadStats;
  /** the currency of the amounts when the input states it */
  currency: string | null;
}

export interface ReadOptions {
  /** the shop's IANA zone: date-only inputs are local dates in this zone */
  timeZone: string;
}

/**
 * Groups orders by customer; guest orders are counted and dropped. Customers keep first-seen order; a
 * customer is created at their first order or first other document (`seeCustomer`), whichever is earlier.
 */
export class HistoryCollector {
  private readonly byCustomer = new Map<string, { orders: OrderFact[]; firstSeenMs: number }>();
  readonly stats: ReadStats = { lines: 0, orders: 0, guestOrders: 0, cancelledOrders: 0, testOrders: 0, notes: [] };

  add(order: OrderFact): void {
    this.stats.orders += 1;
    if (order.cancelled) this.stats.cancelledOrders += 1;
    if (order.test) this.stats.testOrders += 1;
    if (order.customerId === null) {
      this.stats.guestOrders += 1;
      return;
    }
    this.seeCustomer(order.customerId, order.processedAt).orders.push(order);
  }

  /** A customer known from a document that is not an order (e.g. a credit note), seen at `at`. */
  seeCustomer(customerId: string, at: Date) {
    let customer = this.byCustomer.get(customerId);
    if (!customer) this.byCustomer.set(customerId, (customer = { orders: [], firstSeenMs: Infinity }));
    customer.firstSeenMs = Math.min(customer.firstSeenMs, at.getTime());
    return customer;
  }

  histories(): CustomerHistory[] {
    const histories: CustomerHistory[] = [];
    for (const [customerId, { orders, firstSeenMs }] of this.byCustomer) {
      histories.push({ customerId, createdAt: new Date(firstSeenMs), orders });
    }
    return histories;
  }
}

/** "00042" -> "42": numeric ids compare and print the same whatever their zero padding. */
export function normalizeNumericId(id: string): string {
  return /^\d+$/.test(id) ? id.replace(/^0+(?=\d)/, "") : id;
}
