// The plain data the pure domain works on. Shopify shapes are mapped to these in app/shopify/;
// persistence maps them in app/models/. Nothing here knows about I/O or the clock.

/** The six lifecycle stages of docs/domain.md §2, in the order the rules are evaluated. */
export const LIFECYCLE_STAGES = ["churned", "dormant", "vip", "regular", "new", "prospect"] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
/** The same stages in the journey's order, from not-yet-bought to lost: the order pages list them in. */
export const STAGES_IN_JOURNEY_ORDER: readonly LifecycleStage[] = ["prospect", "new", "regular", "vip", "dormant", "churned"];

/** An order as the domain needs it. Amounts are in the shop's currency (major units, e.g. 12.50 GBP, 4800 JPY). */
export interface OrderFact {
  /** Shopify GID, e.g. gid://shopify/Order/123 */
  id: string;
  /** Shopify customer GID; null for a guest checkout. */
  customerId: string | null;
  processedAt: Date;
  /** totalPriceSet.shopMoney as charged, before refunds. */
  totalPrice: number;
  /** totalRefundedSet.shopMoney. */
  totalRefunded: number;
  cancelled: boolean;
  test: boolean;
  /** displayFinancialStatus; REFUNDED, VOIDED and EXPIRED orders do not qualify. */
  financialStatus: string | null;
}

/** A customer with every order we hold for them (qualifying or not). */
export interface CustomerHistory {
  customerId: string;
  createdAt: Date;
  orders: OrderFact[];
}
