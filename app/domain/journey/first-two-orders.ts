// Each customer's first and second qualifying orders as orders stream past in any sequence: the same
// pair firstTwoQualifyingOrders gives over all of a customer's orders (cohort-conversion.ts), holding
// only two ids and instants per customer. The backfill keeps the products of the orders this accepts
// and drops those it displaces (docs/decisions/048).
import { isQualifyingOrder } from "../lifecycle";
import type { OrderFact } from "../types";
import { isEarlierOrder } from "./cohort-conversion";

interface Held {
  firstId: string;
  firstMs: number;
  secondId: string | null;
  secondMs: number;
}

export class FirstTwoQualifyingOrders {
  private readonly byCustomer = new Map<string, Held>();

  /**
   * Offers an order: null when it is not (now) among its customer's first two qualifying orders (a guest
   * order, one that does not qualify, or two earlier ones are known); otherwise the id of the order it
   * pushed out of the two, with its processedAt in epoch ms (null when none).
   */
  offer(order: OrderFact): { displaced: { id: string; ms: number } | null } | null {
    if (order.customerId === null || !isQualifyingOrder(order)) return null;
    const ms = order.processedAt.getTime();
    const held = this.byCustomer.get(order.customerId);
    if (!held) {
      this.byCustomer.set(order.customerId, { firstId: order.id, firstMs: ms, secondId: null, secondMs: 0 });
      return { displaced: null };
    }
    if (isEarlierOrder(ms, order.id, held.firstMs, held.firstId)) {
      const displaced = held.secondId === null ? null : { id: held.secondId, ms: held.secondMs };
      held.secondId = held.firstId;
      held.secondMs = held.firstMs;
      held.firstId = order.id;
      held.firstMs = ms;
      return { displaced };
    }
    if (held.secondId === null || isEarlierOrder(ms, order.id, held.secondMs, held.secondId)) {
      const displaced = held.secondId === null ? null : { id: held.secondId, ms: held.secondMs };
      held.secondId = order.id;
      held.secondMs = ms;
      return { displaced };
    }
    return null;
  }
}
