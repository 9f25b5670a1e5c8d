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

/** Groups orders by customer; guest orders are counted and dropped. Customers keep first-seen order. */
export class HistoryCollector {
  private readonly byCustomer = new Map<string, OrderFact[]>();
  readonly stats: ReadStats = { lines: 0, orders: 0, guestOrders: 0, cancelledOrders: 0, testOrders: 0, notes: [] };

  add(order: OrderFact): void {
    this.stats.orders += 1;
    if (order.cancelled) this.stats.cancelledOrders += 1;
    if (order.test) this.stats.testOrders += 1;
    if (order.customerId === null) {
      this.stats.guestOrders += 1;
      return;
    }
    let orders = this.byCustomer.get(order.customerId);
    if (!orders) {
      orders = [];
      this.byCustomer.set(order.customerId, orders);
    }
    orders.push(order);
  }

  histories(): CustomerHistory[] {
    const histories: CustomerHistory[] = [];
    for (const [customerId, orders] of this.byCustomer) {
      let createdMs = Infinity;
      for (const o of orders) createdMs = Math.min(createdMs, o.processedAt.getTime());
      histories.push({ customerId, createdAt: new Date(createdMs), orders });
    }
    return histories;
  }
}

/** "00042" -> "42": numeric ids compare and print the same whatever their zero padding. */
export function normalizeNumericId(id: string): string {
  return /^\d+$/.test(id) ? id.replace(/^0+(?=\d)/, "") : id;
}
