// What each line of a bulk file is. The customers and orders files hold one line per node, told apart
// by the type in its id; an order's line carries its journey summary (map-journey.ts). The order-lines file (groupObjects on) holds each order's line, then its line
// items as lines carrying the order's id in `__parentId`; they are summed per product under that order.
import type { CustomerRecord, OrderLine, OrderProductsRecord, OrderRecord } from "../domain/records";
import { JsonlError, gidType, ownString, parseJsonlLine, type JsonlLine } from "./jsonl";
import type { JourneyRecord } from "../domain/touchpoints/journey-record";
import { mapCustomer, type CustomerNode } from "./map-customer";
import { journeyFromSummary } from "./map-journey";
import { mapLineItem, mapOrder, type LineItemNode, type OrderNode } from "./map-order";

export type BulkRecord =
  | { kind: "customer"; customer: CustomerRecord }
  /** `journey`: absent when the line does not select the summary at all (null there is a final "none"). */
  | { kind: "order"; order: OrderRecord; journey?: JourneyRecord };

function atLine(line: JsonlLine, read: () => BulkRecord | OrderLinesFileLine | null): BulkRecord | OrderLinesFileLine | null {
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
    if (type === "Order") {
      const order = mapOrder(value as unknown as OrderNode);
      return "customerJourneySummary" in value
        ? { kind: "order", order, journey: journeyFromSummary(value.customerJourneySummary) }
        : { kind: "order", order };
    }
    return null;
  });
  if (!record) throw new JsonlError(`line ${line.number} is not a customer or an order (id ${JSON.stringify(value.id)})`, line.number);
  return record as BulkRecord;
}

/** Records of a batch of the customers or orders file, for one upsert per table. */
export interface BulkBatch {
  customers: CustomerRecord[];
  orders: OrderRecord[];
  journeys: { orderId: string; journey: JourneyRecord; processedAt: Date }[];
}

export function emptyBatch(): BulkBatch {
  return { customers: [], orders: [], journeys: [] };
}

export function addToBatch(batch: BulkBatch, record: BulkRecord): void {
  if (record.kind === "customer") batch.customers.push(record.customer);
  else {
    batch.orders.push(record.order);
    if (record.journey) batch.journeys.push({ orderId: record.order.id, journey: record.journey, processedAt: record.order.processedAt });
  }
}

// ---------------------------------------------------------------------------------------------
// The order-lines file

/** What a line of the order-lines file is (its line items are summed into the order's OrderProductsRecord). */
type OrderLinesFileLine =
  /** An order's own line: its line items follow. */
  | { kind: "order"; orderId: string }
  /** A line item of a product (custom items, without one, are not read: nothing to review). */
  | { kind: "lineItem"; orderId: string; productId: string | null; quantity: number };

// The order-lines file is nearly all line-item lines of one exact shape (the query's fields in its
// order, then Shopify's __parentId): read those, and the orders' own lines, without JSON.parse —
// 5.1M lines at 1M orders read in 2.6–3.0 s instead of 6.6–7.1 s (docs/decisions/028). A line that
// differs in any way (other key order, whitespace, escapes, another field) is parsed as JSON and read
// the same way.
const LINE_ITEM_LINE =
  /^\{"quantity":(0|[1-9][0-9]{0,8}),"product":(?:null|\{"id":"(gid:\/\/shopify\/Product\/[0-9]+)"\}),"__parentId":"(gid:\/\/shopify\/Order\/[0-9]+)"\}$/;
const ORDER_LINE = /^\{"id":"(gid:\/\/shopify\/Order\/[0-9]+)"\}$/;

/** What a line of the order-lines file is. */
export function readOrderLinesLine(line: JsonlLine): OrderLinesFileLine {
  const item = LINE_ITEM_LINE.exec(line.text);
  if (item) return { kind: "lineItem", orderId: item[3], productId: item[2] ?? null, quantity: item[2] ? Number(item[1]) : 0 };
  const order = ORDER_LINE.exec(line.text);
  if (order) return { kind: "order", orderId: order[1] };
  const value = parseJsonlLine(line);
  const record = atLine(line, () => {
    if (typeof value.__parentId === "string") {
      const node = value as unknown as LineItemNode;
      const mapped = mapLineItem(node);
      return { kind: "lineItem", orderId: node.__parentId, productId: mapped?.productId ?? null, quantity: mapped?.quantity ?? 0 };
    }
    return gidType(value.id) === "Order" ? { kind: "order", orderId: value.id as string } : null;
  });
  if (!record) throw new JsonlError(`line ${line.number} is not an order or a line item (id ${JSON.stringify(value.id)})`, line.number);
  return record as OrderLinesFileLine;
}

const MAX_KEPT_PRODUCT_IDS = 100_000;

/** Whole orders of the order-lines file, each with its products' quantities summed. */
export class OrderLinesBatch {
  private readonly orders = new Map<string, OrderLine[]>();
  // The order whose line items are arriving: grouped output puts them right after its line.
  private current: { orderId: string; items: OrderLine[] } | null = null;

  /** Grouped output puts every line item after its own order's line; anything else is a broken file. */
  add(record: OrderLinesFileLine, line: JsonlLine): void {
    if (record.kind === "order") {
      const orderId = ownString(record.orderId);
      const items = this.orders.get(orderId) ?? [];
      this.orders.set(orderId, items);
      this.current = { orderId, items };
      return;
    }
    const items = record.orderId === this.current?.orderId ? this.current.items : this.orders.get(record.orderId);
    if (!items) {
      throw new JsonlError(`line ${line.number}: a line item of ${record.orderId} outside its order's group`, line.number);
    }
    if (record.productId) items.push({ productId: this.productIdOf(record.productId), quantity: record.quantity });
  }

  // A shop has thousands of products and a large backfill millions of line items. Each product's id is
  // kept once, as its own string: an id cut out of a line keeps that whole line alive, and compares
  // (the sort by product) ~2.5× slower than a string of its own. Emptied past MAX_KEPT_PRODUCT_IDS
  // between batches, so a huge catalogue does not grow the backfill's memory.
  private readonly productIds = new Map<string, string>();

  private productIdOf(id: string): string {
    let own = this.productIds.get(id);
    if (own === undefined) {
      own = ownString(id);
      this.productIds.set(own, own);
    }
    return own;
  }

  take(): OrderProductsRecord[] {
    const orders = [...this.orders].map(([orderId, items]) => ({ orderId, lines: summedByProduct(items) }));
    this.orders.clear();
    this.current = null;
    if (this.productIds.size > MAX_KEPT_PRODUCT_IDS) this.productIds.clear();
    return orders;
  }
}

/** One entry per product, in product id order (sorted once here: ~5M line items in a large backfill). */
function summedByProduct(items: OrderLine[]): OrderLine[] {
  items.sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
  const lines: OrderLine[] = [];
  for (const item of items) {
    const last = lines[lines.length - 1];
    if (last?.productId === item.productId) last.quantity += item.quantity;
    else lines.push(item);
  }
  return lines;
}
