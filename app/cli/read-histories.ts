// Dispatches --format to its reader; every reader returns the domain's CustomerHistory list.

import { readCdnow } from "./read-cdnow";
import type { ReadOptions, ReadResult } from "./read-history-collector";
import { readOnlineRetail } from "./read-online-retail";
import { readOrderLinesCsv } from "./read-order-lines-csv";
import { readOrdersCsv } from "./read-orders-csv";

export type { ReadOptions, ReadResult, ReadStats } from "./read-history-collector";

export const FORMATS = ["cdnow", "online-retail", "orders-csv", "order-lines-csv"] as const;
export type InputFormat = (typeof FORMATS)[number];

export function readHistories(format: InputFormat, path: string, options: ReadOptions): Promise<ReadResult> {
  switch (format) {
    case "cdnow":
      return readCdnow(path, options);
    case "online-retail":
      return readOnlineRetail(path, options);
    case "orders-csv":
      return readOrdersCsv(path, options);
    case "order-lines-csv":
      return readOrderLinesCsv(path, options);
  }
}
