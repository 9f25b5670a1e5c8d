// `analyze` on files it was not made for: every input format (cdnow, online-retail, orders-csv, order-lines-csv) fed
// rows whose fields are missing, extra, of the wrong type, unicode, quoted wrongly, or whole files of
// noise (also gzipped noise). The command must end with a result (exit 0) or one reported input error
// (exit 1, one line on stderr) — never an internal error, a thrown exception or a hang.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../app/cli/analyze";
import { FORMATS, type InputFormat } from "../../app/cli/read-histories";

const RUNS_PER_FORMAT = 150;
const dir = mkdtempSync(path.join(tmpdir(), "tsunagu-fuzz-analyze-"));
let nextFile = 0;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

class Capture extends Writable {
  text = "";
  _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

const HEADERS: Record<InputFormat, string[]> = {
  cdnow: ["customer_id", "date", "cds", "dollars"],
  "online-retail": ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"],
  "orders-csv": ["customer_id", "order_id", "processed_at", "total", "currency", "cancelled", "test", "total_refunded", "financial_status"],
  "order-lines-csv": [
    "customer_id",
    "order_id",
    "processed_at",
    "product_id",
    "product_type",
    "quantity",
    "amount",
    "currency",
    "cancelled",
    "test",
  ],
};

/** A plausible value per column, so that some rows get past the reader and reach the analysis. */
const PLAUSIBLE: Record<string, fc.Arbitrary<string>> = {
  customer_id: fc.integer({ min: 1, max: 30 }).map(String),
  CustomerID: fc.integer({ min: 12_000, max: 12_030 }).map(String),
  order_id: fc.integer({ min: 1, max: 10_000 }).map(String),
  InvoiceNo: fc.oneof(fc.integer({ min: 500_000, max: 500_050 }).map(String), fc.constant("C500001"), fc.constant("A1")),
  date: fc.constantFrom("1997-01-01", "1997-03-15", "1998-06-30"),
  processed_at: fc.constantFrom("2025-01-02T10:00:00Z", "2025-03-01", "2025-06-30T19:00:00+09:00"),
  InvoiceDate: fc.constantFrom("2010-12-01 08:26:00", "2011-06-01 10:00", "2011-12-09 12:50:00"),
  cds: fc.integer({ min: 1, max: 5 }).map(String),
  Quantity: fc.integer({ min: -5, max: 20 }).map(String),
  dollars: fc.constantFrom("12.50", "0", "99.99"),
  UnitPrice: fc.constantFrom("2.55", "0.85", "10"),
  total: fc.constantFrom("4800", "12.50", "0"),
  total_refunded: fc.constantFrom("", "0", "100"),
  currency: fc.constant("JPY"),
  cancelled: fc.constantFrom("false", "true", ""),
  test: fc.constantFrom("false", "0"),
  financial_status: fc.constantFrom("PAID", "REFUNDED", ""),
  StockCode: fc.constantFrom("85123A", "B"),
  Description: fc.constantFrom("WHITE HANGING HEART", "お茶"),
  Country: fc.constantFrom("United Kingdom", "Japan"),
  product_id: fc.integer({ min: 1, max: 20 }).map(String),
  product_type: fc.constantFrom("Tea", "Bags, leather", "", "お茶"),
  quantity: fc.integer({ min: -2, max: 5 }).map(String),
  amount: fc.constantFrom("4800", "12.50", "-300"),
};

const broken = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "-1",
    "1e309",
    "NaN",
    "abc",
    "2025-02-30",
    "2025-01-02T10:00:00",
    "9999-99-99",
    '"unclosed',
    'a"b',
    "1,2",
    "\t",
    "\u0000",
    "🍵",
  ),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constant("9".repeat(400)),
);

function quote(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function structuredFile(format: InputFormat) {
  const header = HEADERS[format];
  const row = fc.tuple(...header.map((column) => fc.oneof({ weight: 4, arbitrary: PLAUSIBLE[column] }, { weight: 1, arbitrary: broken })));
  return fc
    .record({
      headerEdit: fc.constantFrom("keep", "keep", "keep", "drop-column", "extra-column", "shuffled", "none"),
      rows: fc.array(fc.oneof({ weight: 6, arbitrary: row }, { weight: 1, arbitrary: fc.array(broken, { maxLength: 12 }) }), {
        maxLength: 40,
      }),
      separator: fc.constantFrom(",", ",", ",", " ", "\t", ";"),
      lineEnd: fc.constantFrom("\n", "\r\n", "\r"),
    })
    .map(({ headerEdit, rows, separator, lineEnd }) => {
      let head = [...header];
      if (headerEdit === "drop-column") head = head.slice(1);
      if (headerEdit === "extra-column") head = [...head, "Notes"];
      if (headerEdit === "shuffled") head = [...head].reverse();
      const lines = headerEdit === "none" ? [] : [head.join(separator)];
      for (const fields of rows) lines.push(fields.map((f) => (separator === "," ? quote(String(f)) : String(f))).join(separator));
      return Buffer.from(lines.join(lineEnd));
    });
}

const noise = fc.oneof(
  fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ unit: "grapheme", maxLength: 500 }).map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 500 }).map((bytes) => gzipSync(Buffer.from(bytes)).subarray(0, Math.max(10, bytes.length % 40))),
  fc.string({ maxLength: 300 }).map((text) => gzipSync(Buffer.from(text))),
);

async function runAnalyze(format: InputFormat, contents: Buffer, gzipped: boolean) {
  const file = path.join(dir, `input-${nextFile++}${gzipped ? ".csv.gz" : ".csv"}`);
  writeFileSync(file, gzipped ? gzipSync(contents) : contents);
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(["--orders", file, "--format", format, "--as-of", "2025-12-31", "--time-zone", "Asia/Tokyo"], { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe.each(FORMATS)("analyze --format %s", (format) => {
  it("any file ends in a result or one reported input error, never a crash", async () => {
    const codes = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 3, arbitrary: structuredFile(format) }, { weight: 1, arbitrary: noise }),
        fc.boolean(),
        async (contents, gzipped) => {
          const { code, stderr } = await runAnalyze(format, contents, gzipped && format === "online-retail");
          codes.add(code);
          expect([0, 1]).toContain(code);
          if (code === 1) expect(stderr).toMatch(/^analyze: [^\n]+\n$/); // one line (it may quote a CR from the file)
        },
      ),
      { numRuns: RUNS_PER_FORMAT },
    );
    expect(codes.has(1)).toBe(true);
  });
});
