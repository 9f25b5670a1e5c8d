// What each line of a bulk customers or orders file is, told apart by the type in its id. With
// groupObjects off (the 2026-01+ default) a line item may come before or after its order, anywhere in
// the file, so nothing here matches children to parents in memory: a line item carries its order's
// id (`__parentId`) and is stored under it, wherever it appears.
import { JsonlError, gidType, type JsonlLine } from "./jsonl";
import { mapCustomer, type CustomerNode, type MappedCustomer } from "./map-customer";
import { mapLineItem, mapOrder, type LineItemNode, type MappedLineItem, type MappedOrder } from "./map-order";

export type BulkRecord =
  | { kind: "customer"; customer: MappedCustomer }
  | { kind: "order"; order: MappedOrder }
  | { kind: "lineItem"; lineItem: MappedLineItem }
  /** A line item without a product (custom item): read, nothing to store. */
  | { kind: "none" };

export function toBulkRecord(line: JsonlLine, value: Record<string, unknown>, tagPrefix: string): BulkRecord {
  const type = gidType(value.id);
  try {
    switch (type) {
      case "Customer":
        return { kind: "customer", customer: mapCustomer(value as unknown as CustomerNode, tagPrefix) };
      case "Order":
        return { kind: "order", order: mapOrder(value as unknown as OrderNodeLine) };
      case "LineItem": {
        if (typeof value.__parentId !== "string") throw new Error("a line item without __parentId");
        const lineItem = mapLineItem(value as unknown as LineItemNode);
        return lineItem ? { kind: "lineItem", lineItem } : { kind: "none" };
      }
    }
  } catch (error) {
    throw new JsonlError(`line ${line.number}: ${error instanceof Error ? error.message : String(error)}`, line.number);
  }
  throw new JsonlError(`line ${line.number} is not a customer, order or line item (id ${JSON.stringify(value.id)})`, line.number);
}

type OrderNodeLine = Parameters<typeof mapOrder>[0];

/** Records of a batch of lines, sorted by what they are, for one upsert per table. */
export interface BulkBatch {
  customers: MappedCustomer[];
  orders: MappedOrder[];
  lineItems: MappedLineItem[];
}

export function emptyBatch(): BulkBatch {
  return { customers: [], orders: [], lineItems: [] };
}

export function addToBatch(batch: BulkBatch, record: BulkRecord): void {
  if (record.kind === "customer") batch.customers.push(record.customer);
  else if (record.kind === "order") batch.orders.push(record.order);
  else if (record.kind === "lineItem") batch.lineItems.push(record.lineItem);
}
