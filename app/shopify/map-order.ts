import type { OrderFact } from "../domain/types";

/** An order node as OrdersPage selects it. */
export interface OrderNode {
  id: string;
  processedAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  test: boolean;
  displayFinancialStatus: string | null;
  customer: { id: string } | null;
  totalPriceSet: { shopMoney: { amount: string } };
  totalRefundedSet: { shopMoney: { amount: string } };
}

export interface MappedOrder extends OrderFact {
  shopifyUpdatedAt: Date;
}

function parseAmount(amount: string, field: string, id: string): number {
  const value = Number(amount);
  if (!Number.isFinite(value)) throw new Error(`Order ${id}: ${field} is not a decimal amount (${JSON.stringify(amount)})`);
  return value;
}

export function mapOrder(node: OrderNode): MappedOrder {
  return {
    id: node.id,
    customerId: node.customer?.id ?? null,
    processedAt: new Date(node.processedAt),
    shopifyUpdatedAt: new Date(node.updatedAt),
    totalPrice: parseAmount(node.totalPriceSet.shopMoney.amount, "totalPriceSet", node.id),
    totalRefunded: parseAmount(node.totalRefundedSet.shopMoney.amount, "totalRefundedSet", node.id),
    cancelled: node.cancelledAt !== null,
    test: node.test,
    financialStatus: node.displayFinancialStatus,
  };
}
