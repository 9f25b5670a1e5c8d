// analyze --format order-lines-csv --products-out: the F2 conversion by first-order product type on a
// small hand-built order-lines file, through main() and once through `npm run analyze` (the contract).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAnalyze, runAnalyzeProcess } from "../helpers/analyze-cli";

const tmp = mkdtempSync(path.join(tmpdir(), "tsunagu-products-"));

// As of 2025-12-31 (UTC); the 90-day window is elapsed for first orders on or before 2025-10-02.
//   a  first 09-01 holds Tea and "Bags, leather" (a quoted field), second 10-15 (44 days) → both rows:
//      90 eligible + converted; 30 eligible, not converted
//   b  a cancelled Cups order on 08-01 does not count; first 09-10 holds Tea twice (counted once), no second
//   c  first 11-01 Tea, second 11-05 → 90 still open; 30 eligible + converted
//   d  a test Cups order on 01-01 does not count; first 10-02 Cups (exactly 90 days before: eligible),
//      second 12-31 (90 days later: converted)
//   e  first 06-01 Tea in USD (its rows are not adjacent), second 09-01 (92 days) → 90 eligible, not converted
//   f  first order after the as-of date → no row; a guest's Gift order → no row
//   h  first 03-01 (a date-time without offset, read in UTC) holds a product without a type, second 03-02
//   i  first 2024-12-31 Tea, second 2025-12-31 (365 days) → eligible everywhere, converted at 365 only
//   j  orders 200 and 30 at the same instant: order 30 is first (ids compare as numbers) → Soap, not Candles
const CSV = `customer_id,order_id,processed_at,product_id,product_type,quantity,amount,currency,cancelled,test
a,1,2025-09-01T10:00:00Z,101,Tea,1,1200,JPY,false,false
e,9,2025-06-01T10:00:00Z,101,Tea,1,10.25,USD,false,false
a,1,2025-09-01T10:00:00Z,202,"Bags, leather",2,3400,JPY,false,false
a,2,2025-10-15T10:00:00Z,101,Tea,1,1000,JPY,false,false
b,3,2025-08-01,303,Cups,1,900,JPY,true,false
b,4,2025-09-10,101,Tea,1,1200,JPY,false,false
b,4,2025-09-10,102,Tea,3,3000,JPY,false,false
c,5,2025-11-01,101,Tea,1,1200,JPY,false,false
c,6,2025-11-05,101,Tea,1,1200,JPY,false,false
d,7,2025-01-01,303,Cups,1,900,JPY,false,true
d,8,2025-10-02,303,Cups,1,900,JPY,false,false
d,10,2025-12-31T23:00:00Z,303,Cups,1,900,JPY,false,false
e,9,2025-06-01T10:00:00Z,404,Tea,1,5.50,usd,false,false
e,11,2025-09-01,101,Tea,1,10.25,USD,false,false
f,12,2026-01-02,303,Cups,1,900,JPY,false,false
,13,2025-05-01,505,Gift,1,500,JPY,false,false
h,14,2025-03-01 10:00:00,606,,1,700,JPY,false,false
h,15,2025-03-02,101,Tea,1,1200,JPY,false,false
i,16,2024-12-31,101,Tea,1,1200,JPY,false,false
i,17,2025-12-31,101,Tea,1,1200,JPY,false,false
j,200,2025-05-05T00:00:00Z,707,Candles,1,800,JPY,false,false
j,31,2025-05-06,707,Candles,1,800,JPY,false,false
j,30,2025-05-05T00:00:00Z,808,Soap,1,600,JPY,false,false
`;

const EXPECTED = `product_type,first_order_customers,eligible_90,converted_90,still_open_90,f2_rate_90,eligible_30,converted_30,eligible_365,converted_365
Tea,5,4,1,1,0.2500,5,1,1,1
,1,1,1,0,1.0000,1,1,0,0
"Bags, leather",1,1,1,0,1.0000,1,0,0,0
Cups,1,1,1,0,1.0000,1,0,0,0
Soap,1,1,1,0,1.0000,1,1,0,0
`;

function writeInput(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

describe("analyze --format order-lines-csv --products-out", () => {
  const orders = writeInput("order-lines.csv", CSV);

  it("writes one row per first-order product type with the F2 conversion at 30, 90 and 365 days", async () => {
    const out = path.join(tmp, "products.csv");
    const { code, stderr } = await runAnalyze([
      "--orders",
      orders,
      "--format",
      "order-lines-csv",
      "--as-of",
      "2025-12-31",
      "--products-out",
      out,
    ]);
    expect(code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(EXPECTED);
    expect(stderr).toContain("orders in 2 currencies (JPY 18, USD 2): amounts are summed as written, not converted");
  });

  it("sums an order's lines into its total (a: 1,200 + 3,400 + 1,000 yen over two orders)", async () => {
    const { code, stdout } = await runAnalyze(["--orders", orders, "--format", "order-lines-csv", "--as-of", "2025-12-31"]);
    expect(code).toBe(0);
    const rowOf = (id: string) => stdout.split("\n").find((row) => row.startsWith(`${id},`));
    expect(rowOf("a")).toMatch(/^a,[a-z]+,2,2025-09-01,2025-10-15,5600,/);
    expect(rowOf("b")).toMatch(/^b,[a-z]+,1,2025-09-10,2025-09-10,4200,/);
  });

  it("reads dates in --time-zone: in Tokyo d's second order (23:00 UTC on 31 Dec) falls on 1 Jan and no longer converts", async () => {
    const out = path.join(tmp, "products-tokyo.csv");
    const { code } = await runAnalyze([
      "--orders",
      orders,
      "--format",
      "order-lines-csv",
      "--as-of",
      "2025-12-31",
      "--time-zone",
      "Asia/Tokyo",
      "--products-out",
      out,
    ]);
    expect(code).toBe(0);
    expect(readFileSync(out, "utf8").split("\n")).toContain("Cups,1,1,0,0,0.0000,1,0,0,0");
  });

  it("refuses an order whose rows name two customers, naming both lines", async () => {
    const bad = writeInput(
      "two-customers.csv",
      `${CSV.split("\n")[0]}\na,1,2025-09-01,101,Tea,1,1200,JPY,false,false\nb,1,2025-09-01,102,Tea,1,1200,JPY,false,false\n`,
    );
    const { code, stderr } = await runAnalyze([
      "--orders",
      bad,
      "--format",
      "order-lines-csv",
      "--as-of",
      "2025-12-31",
      "--products-out",
      path.join(tmp, "never.csv"),
    ]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `analyze: ${bad}: line 3: order 1 has customer_id b but its row on line 2 has a; the rows of an order must agree.\n`,
    );
  });

  it("refuses amounts with thousands separators and unknown columns", async () => {
    const header = CSV.split("\n")[0];
    const separators = writeInput("separators.csv", `${header}\na,1,2025-09-01,101,Tea,1,"1,200",JPY,false,false\n`);
    const withSeparators = await runAnalyze(["--orders", separators, "--format", "order-lines-csv", "--as-of", "2025-12-31"]);
    expect(withSeparators.code).toBe(1);
    expect(withSeparators.stderr).toContain(
      'line 2: amount must be a decimal number such as 4800 or -12.50 (no thousands separators), got "1,200".',
    );
    const extra = writeInput("extra.csv", `${header},vendor\na,1,2025-09-01,101,Tea,1,1200,JPY,false,false,x\n`);
    const withExtraColumn = await runAnalyze(["--orders", extra, "--format", "order-lines-csv", "--as-of", "2025-12-31"]);
    expect(withExtraColumn.code).toBe(1);
    expect(withExtraColumn.stderr).toContain('unknown column "vendor"');
  });

  it("asks for --format order-lines-csv when --products-out is given another format (exit 2)", async () => {
    const { code, stderr } = await runAnalyze([
      "--orders",
      orders,
      "--format",
      "orders-csv",
      "--as-of",
      "2025-12-31",
      "--products-out",
      "p.csv",
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain("--products-out needs the product of each order line: use --format order-lines-csv.");
  });

  it("runs as `npm run analyze -- --orders F --format order-lines-csv --as-of D --products-out P.csv`", async () => {
    const out = path.join(tmp, "products-npm.csv");
    const args = [
      "--orders",
      orders,
      "--format",
      "order-lines-csv",
      "--as-of",
      "2025-12-31",
      "--products-out",
      out,
      "--out",
      path.join(tmp, "segments.csv"),
    ];
    expect((await runAnalyzeProcess(args)).code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(EXPECTED);
  }, 60_000);
});
