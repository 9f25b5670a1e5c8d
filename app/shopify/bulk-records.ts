// What each line of a bulk file is. The customers and orders files hold one line per node, told apart
// by the type in its id. The order-lines file (groupObjects on) holds each order's line, then its line
// items as lines carrying the order's id in `__parentId`; they are summed per product under that order.
import { JsonlError, gidType, type JsonlLine } from "./jsonl";
import { mapCustomer, type CustomerNode, type MappedCustomer } from "./map-customer";
import { mapLineItem, mapOrder, type LineItemNode, type MappedOrder, type OrderProducts } from "./map-order";

export type BulkRecord = { kind: "customer"; customer: MappedCustomer } | { kind: "order"; order: MappedOrder };

function atLine(line: JsonlLine, read: () => BulkRecord | OrderLinesRecord | null): BulkRecord | OrderLinesRecord | null {
  try {
    return read();
  } catch (error) {
    throw new JsonlError(`line ${line.number}: ${error instanceof Error ? error.message : String(error)}`, line.number);
  }
}

/** A line of the customers or orders file. */
export function toBulkRecord(line: JsonlLine, value: Record<string, unknown>, tagPrefix: string): BulkRecord {
  const type = gidType(value.id);
  const record = atLine(line, () => {
    if (typeof value.__parentId === "string") return null;
    if (type === "Customer") return { kind: "customer", customer: mapCustomer(value as unknown as CustomerNode, tagPrefix) };
    if (type === "Order") return { kind: "order", order: mapOrder(value as unknown as OrderNode) };
    return null;
  });
  if (!record) throw new JsonlError(`line ${line.number} is not a customer or an order (id ${JSON.stringify(value.id)})`, line.number);
  return record as BulkRecord;
}

type OrderNode = Parameters<typeof mapOrder>[0];

/** Records of a batch of the customers or orders file, for one upsert per table. */
export interface BulkBatch {
  customers: MappedCustomer[];
  orders: MappedOrder[];
}

export function emptyBatch(): BulkBatch {
  return { customers: [], orders: [] };
}

export function addToBatch(batch: BulkBatch, record: BulkRecord): void {
  if (record.kind === "customer") batch.customers.push(record.customer);
  else batch.orders.push(record.order);
}

// ---------------------------------------------------------------------------------------------
// The order-lines file

export type OrderLinesRecord =
  /** An order's own line: its line items follow. */
  | { kind: "order"; orderId: string }
  /** A line item of a product (custom items, without one, are not read: nothing to review). */
  | { kind: "lineItem"; orderId: string; productId: string | null; quantity: number };

export function toOrderLinesRecord(line: JsonlLine, value: Record<string, unknown>): OrderLinesRecord {
  const record = atLine(line, () => {
    if (typeof value.__parentId === "string") {
      const node = value as unknown as LineItemNode;
      const mapped = mapLineItem(node);
      return { kind: "lineItem", orderId: node.__parentId, productId: mapped?.productId ?? null, quantity: mapped?.quantity ?? 0 };
    }
    return gidType(value.id) === "Order" ? { kind: "order", orderId: value.id as string } : null;
  });
  if (!record) throw new JsonlError(`line ${line.number} is not an order or a line item (id ${JSON.stringify(value.id)})`, line.number);
  return record as OrderLinesRecord;
}

/** Whole orders of the order-lines file, each with its products' quantities summed. */
export class OrderLinesBatch {
  private readonly orders = new Map<string, Map<string, number>>();

  /** Grouped output puts every line item after its own order's line; anything else is a broken file. */
  add(record: OrderLinesRecord, line: JsonlLine): void {
    if (record.kind === "order") {
      this.orders.set(record.orderId, this.orders.get(record.orderId) ?? new Map());
      return;
    }
    const products = this.orders.get(record.orderId);
    if (!products) {
      throw new JsonlError(`line ${line.number}: a line item of ${record.orderId} outside its order's group`, line.number);
    }
    if (record.productId) products.set(record.productId, (products.get(record.productId) ?? 0) + record.quantity);
  }

  take(): OrderProducts[] {
    const orders = [...this.orders].map(([orderId, products]) => ({
      orderId,
      lines: [...products].map(([productId, quantity]) => ({ productId, quantity })),
    }));
    this.orders.clear();
    return orders;
  }
}
