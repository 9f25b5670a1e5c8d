// CDNOW transaction logs (Fader, Hardie & Lee 2005; tests/data/cdnow holds the .txt logs, gzipped), in any
// of the four shapes they are published in:
//   CDNOW_master.txt   whitespace, header line "customer_id date number_of_cds dollar_value", YYYYMMDD
//   CDNOW_sample.txt   whitespace, no header: master_id sample_id YYYYMMDD cds dollars
//   cdnow_master.csv   comma, header customer_id,date,cds,dollars, YYYY-MM-DD
//   cdnow_sample.csv   comma, header master_id,customer_id,date,cds,dollars
// The shape is detected from the first line (a comma means CSV). In the sample files the customer is the
// sample id (1..2357, "customer_id" of the CSV and the ID of the published summary), so the .txt and .csv
// of one log give identical results; ids lose their zero padding ("00001" -> "1"). Gzip or plain text.
//
// Unlike the CLV literature (which merges one customer's purchases of one day into one transaction), each
// line here is a SEPARATE order: that is what a shop's order list would show. Dates have no time: an order
// is placed at the first instant of its date in the shop zone, so its local date is the date in the file
// whatever --time-zone says. Amounts are USD; no cancellations, refunds, tests or guests exist in CDNOW.

import { parseLocalDate, startOfLocalDay } from "../domain/calendar";
import type { OrderFact } from "../domain/types";
import { indexHeader, parseCsvFields } from "./read-csv";
import { HistoryCollector, normalizeNumericId, type ReadOptions, type ReadResult } from "./read-history-collector";
import { InputError, readLineBatches } from "./read-lines";

const DECIMAL = /^\d+(\.\d+)?$/;

export async function readCdnow(path: string, { timeZone }: ReadOptions): Promise<ReadResult> {
  const collector = new HistoryCollector();
  const dayStart = new Map<string, Date>();
  let shape: "csv" | "whitespace" | null = null;
  let columns: { customer: number; date: number; dollars: number; count: number } | null = null;

  const processedAtOf = (raw: string, line: number): Date => {
    let date = dayStart.get(raw);
    if (date) return date;
    const iso = /^\d{8}$/.test(raw) ? `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}` : raw;
    const day = parseLocalDate(iso);
    if (day === null) throw new InputError(`line ${line}: invalid date "${raw}"; expected YYYYMMDD or YYYY-MM-DD.`, line);
    date = startOfLocalDay(day, timeZone);
    dayStart.set(raw, date);
    return date;
  };

  const readLine = (text: string, line: number): void => {
    if (text.trim() === "") return;
    if (shape === null) {
      shape = text.includes(",") ? "csv" : "whitespace";
      if (shape === "csv") {
        const header = indexHeader({ fields: parseCsvFields(text, line), line }, ["customer_id", "date", "dollars"], [], {
          allowUnknown: true,
        });
        columns = { customer: header.get("customer_id")!, date: header.get("date")!, dollars: header.get("dollars")!, count: header.size };
        return;
      }
      if (!/^\s*\d/.test(text)) return; // whitespace header line
    }
    collector.stats.lines += 1;
    const fields = shape === "csv" ? parseCsvFields(text, line) : text.trim().split(/\s+/);
    if (columns === null) {
      // whitespace shape: 4 columns (master) or 5 (sample: master_id sample_id ...)
      if (fields.length === 4) columns = { customer: 0, date: 1, dollars: 3, count: 4 };
      else if (fields.length === 5) columns = { customer: 1, date: 2, dollars: 4, count: 5 };
      else throw new InputError(`line ${line}: expected 4 or 5 columns (customer, date, cds, dollars), found ${fields.length}.`, line);
    }
    if (fields.length !== columns.count) {
      throw new InputError(`line ${line}: expected ${columns.count} columns, found ${fields.length}.`, line);
    }
    const customerId = normalizeNumericId(fields[columns.customer]!.trim());
    if (customerId === "") throw new InputError(`line ${line}: the customer id is empty.`, line);
    const dollars = fields[columns.dollars]!.trim();
    // A digit string too long for a double reads as Infinity: still an invalid amount, not a crash.
    if (!DECIMAL.test(dollars) || !Number.isFinite(Number(dollars)))
      throw new InputError(`line ${line}: invalid dollar amount "${dollars}".`, line);
    const order: OrderFact = {
      id: `cdnow:${line}`,
      customerId,
      processedAt: processedAtOf(fields[columns.date]!.trim(), line),
      totalPrice: Number(dollars),
      totalRefunded: 0,
      cancelled: false,
      test: false,
      financialStatus: "PAID",
    };
    collector.add(order);
  };

  for await (const { texts, firstLine } of readLineBatches(path)) {
    for (let i = 0; i < texts.length; i++) readLine(texts[i]!, firstLine + i);
  }
  if (shape === null) throw new InputError(`${path}: the file is empty.`);
  return { histories: collector.histories(), stats: collector.stats, currency: "USD" };
}
