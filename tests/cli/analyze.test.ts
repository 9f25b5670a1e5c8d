// The analyze command on the two real datasets, on a small orders-csv fixture, and on bad input.
//
// How the expected counts were verified independently (not with the code under test):
// 1. A separate Python 3 script (standard library only: csv, gzip, datetime) applying docs/domain.md §2
//    literally: CDNOW one order per line, dates as datetime.date; Online Retail grouped by InvoiceNo
//    (A… skipped, C… cancelled, empty CustomerID = guest: how the reader read credit notes until
//    2026-12-07), date of the earliest line; days =
//    (as_of - last).days; window spend = orders with (as_of - d).days <= 365; VIP population = >= 2 orders
//    and days <= 120, top = ceil(n × 20 / 100), cut = spend of the top-th, ties included. It printed
//      cdnow         {churned: 15220, dormant: 4066, vip: 857, regular: 3427}; population 4284, top 857, cut 249.32
//      online-retail {churned: 64, dormant: 1151, vip: 481, regular: 1923, new: 720, prospect: 33};
//                    population 2404, top 481, cut 3166.4
//    and the same script recomputed r/f/m from the written CSV with 1 + floor(5 × worse / n): 0 mismatches.
//    Online Retail's credit notes are now refunds of the invoices they reverse; its counts below are
//    checked by step 2, whose naive reader applies that rule with code of its own.
// 2. `independentCounts` below re-derives the counts inside this test with a deliberately different
//    reader (whole file in memory, Online Retail fields taken from the right-hand end of the line instead
//    of a CSV parser, plain UTC day numbers) and must agree with both the constants and the command.
// CDNOW has no "new" customers as of 1998-06-30: everyone first bought in Q1 1997, more than 365 days
// earlier, so a one-order customer is necessarily churned.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { analyze, type AnalyzeOptions } from "../../app/cli/analyze";
import { readHistories } from "../../app/cli/read-histories";
import { compareIds } from "../../app/domain/compare-ids";
import { groupBy } from "../../app/domain/group-by";
import { runAnalyze, runAnalyzeProcess } from "../helpers/analyze-cli";
import { datasetPath } from "../helpers/datasets";

const CDNOW = datasetPath("cdnow", "CDNOW_master.txt.gz");
const ONLINE_RETAIL = datasetPath("online-retail", "online_retail.csv.gz");
const tmp = mkdtempSync(path.join(tmpdir(), "tsunagu-analyze-"));

function readCsvRows(file: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(file, "utf8").trimEnd().split("\n");
  const names = header!.split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((v, i) => [names[i], v])));
}

// ---------------------------------------------------------------------------------------------------
// An independent, deliberately naive re-computation of the six rules (see the header).

const DAY = 86_400_000;
const utcDay = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY;

function independentCounts(orders: Array<{ customer: string; day: number; amount: number; qualifies: boolean }>, asOf: string) {
  const asOfDay = utcDay(asOf);
  const byCustomer = new Map<string, Array<{ day: number; amount: number }>>();
  for (const o of orders) {
    if (!byCustomer.has(o.customer)) byCustomer.set(o.customer, []);
    if (o.qualifies) byCustomer.get(o.customer)!.push(o);
  }
  const rows = [...byCustomer.values()].map((os) => {
    if (os.length === 0) return { n: 0, days: -1, window: 0 };
    const days = asOfDay - Math.max(...os.map((o) => o.day));
    const window = Math.round(os.filter((o) => asOfDay - o.day <= 365).reduce((s, o) => s + o.amount, 0) * 10000) / 10000;
    return { n: os.length, days, window };
  });
  const population = rows
    .filter((r) => r.n >= 2 && r.days <= 120)
    .map((r) => r.window)
    .sort((a, b) => b - a);
  const cut = population[Math.ceil((population.length * 20) / 100) - 1];
  const counts = { churned: 0, dormant: 0, vip: 0, regular: 0, new: 0, prospect: 0 };
  for (const r of rows) {
    if (r.n === 0) counts.prospect++;
    else if (r.days > 365) counts.churned++;
    else if (r.days > 120) counts.dormant++;
    else if (r.n >= 2 && cut !== undefined && r.window >= cut && r.window > 0) counts.vip++;
    else if (r.n >= 2) counts.regular++;
    else counts.new++;
  }
  return counts;
}

/** The lines of CDNOW_master.txt after its header. */
function cdnowLines(): string[] {
  return gunzipSync(readFileSync(CDNOW)).toString("utf8").trim().split("\n").slice(1);
}

function naiveCdnow() {
  return cdnowLines().map((line) => {
    const [customer, date, , dollars] = line.trim().split(/\s+/);
    return {
      customer: String(Number(customer)),
      day: utcDay(`${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}`),
      amount: Number(dollars),
      qualifies: true,
    };
  });
}

/**
 * Online Retail with credit notes as refunds (app/cli/online-retail-credit-notes.ts), re-derived per
 * customer with plain arrays: for each credit note in date order, its goods refund the same StockCode on
 * the latest earlier sales first, the rest refunds money against the latest earlier sale.
 */
function naiveOnlineRetail() {
  const lines = gunzipSync(readFileSync(ONLINE_RETAIL)).toString("utf8").trim().split("\n").slice(1);
  type Doc = {
    no: number;
    credit: boolean;
    customer: string;
    ms: number;
    lines: Array<{ code: string; quantity: number; price: number }>;
    total: number;
    refunded: number;
  };
  const docs = new Map<string, Doc>();
  const unquote = (s: string) => s.replace(/^"|"$/g, "");
  for (const line of lines) {
    const parts = line.split(",");
    const invoice = unquote(parts[0]!);
    if (invoice.startsWith("A")) continue;
    // the last five fields (Quantity, InvoiceDate, UnitPrice, CustomerID, Country) never contain a comma
    const k = parts.length;
    const quantity = Number(parts[k - 5]);
    const ms = Date.parse(`${unquote(parts[k - 4]!).replace(" ", "T")}Z`);
    const price = Math.round(Number(parts[k - 3]) * 10_000); // in 1/10,000 of a pound, exact
    const customer = parts[k - 2]!;
    const doc = docs.get(invoice) ?? {
      no: Number(invoice.replace("C", "")),
      credit: invoice.startsWith("C"),
      customer,
      ms,
      lines: [],
      total: 0,
      refunded: 0,
    };
    doc.lines.push({ code: unquote(parts[1]!), quantity: Math.abs(quantity), price });
    doc.total += Math.abs(quantity) * price;
    doc.ms = Math.min(doc.ms, ms);
    docs.set(invoice, doc);
  }
  const moneyOnly = ["M", "m", "D", "S", "CRUK", "B", "BANK CHARGES", "AMAZONFEE"];
  // Documents without a customer (guests) are in no group.
  const byCustomer = groupBy(docs.values(), (doc) => (doc.customer === "" ? null : doc.customer));
  const orders: Array<{ customer: string; day: number; amount: number; qualifies: boolean }> = [];
  for (const [customer, list] of byCustomer) {
    list.sort((a, b) => a.ms - b.ms || a.no - b.no);
    const sales = list.filter((d) => !d.credit);
    const left = new Map(sales.map((s) => [s, s.lines.map((l) => l.quantity)]));
    for (const note of list.filter((d) => d.credit)) {
      const earlier = sales.filter((s) => s.ms <= note.ms).reverse();
      let money = 0;
      for (const { code, quantity, price } of note.lines) {
        let open = quantity;
        for (const sale of moneyOnly.includes(code) ? [] : earlier) {
          const rest = left.get(sale)!;
          sale.lines.forEach((l, i) => {
            if (l.code !== code || open === 0) return;
            const units = Math.min(open, rest[i]!);
            rest[i] = rest[i]! - units;
            open -= units;
            const refund = Math.min(units * price, sale.total - sale.refunded);
            sale.refunded += refund;
            money += units * price - refund;
          });
        }
        money += open * price;
      }
      if (earlier.length > 0) earlier[0]!.refunded += Math.min(money, earlier[0]!.total - earlier[0]!.refunded);
    }
    if (sales.length === 0) orders.push({ customer, day: 0, amount: 0, qualifies: false });
    for (const sale of sales) {
      orders.push({
        customer,
        day: Math.floor(sale.ms / DAY),
        amount: (sale.total - sale.refunded) / 10_000,
        qualifies: sale.refunded === 0 || sale.refunded < sale.total,
      });
    }
  }
  return orders;
}

// ---------------------------------------------------------------------------------------------------

describe("analyze on the real CDNOW log as of 1998-06-30 (UTC)", () => {
  const options: AnalyzeOptions = { orders: CDNOW, format: "cdnow", asOf: "1998-06-30", out: path.join(tmp, "cdnow.csv"), timeZone: "UTC" };
  const result = analyze(options);

  it("segments 23,570 customers: 15,220 churned, 4,066 dormant, 857 VIP, 3,427 regular", async () => {
    const r = await result;
    expect(r.customers).toBe(23_570);
    expect(r.counts).toEqual({ churned: 15_220, dormant: 4_066, vip: 857, regular: 3_427, new: 0, prospect: 0 });
    expect(r.stats).toMatchObject({ lines: 69_659, orders: 69_659, guestOrders: 0, cancelledOrders: 0 });
    expect(r.vipCut).toEqual({ rule: "top-percent", topPercent: 20, population: 4_284, topCount: 857, cutSpend: 249.32, vipCount: 857 });
  });

  it("agrees with an independent naive computation", async () => {
    expect(independentCounts(naiveCdnow(), "1998-06-30")).toEqual((await result).counts);
  });

  it("writes one row per customer, numeric ids in order, with r/f/m", async () => {
    await result;
    const rows = readCsvRows(options.out!);
    expect(rows).toHaveLength(23_570);
    expect(rows.slice(0, 4)).toEqual([
      {
        customer_id: "1",
        segment: "churned",
        orders: "1",
        first_order_at: "1997-01-01",
        last_order_at: "1997-01-01",
        net_spent: "11.77",
        recency_days: "545",
        r: "1",
        f: "1",
        m: "1",
      },
      // two purchases on 1997-01-12 are two orders here
      {
        customer_id: "2",
        segment: "churned",
        orders: "2",
        first_order_at: "1997-01-12",
        last_order_at: "1997-01-12",
        net_spent: "89.00",
        recency_days: "534",
        r: "1",
        f: "3",
        m: "4",
      },
      {
        customer_id: "3",
        segment: "regular",
        orders: "6",
        first_order_at: "1997-01-02",
        last_order_at: "1998-05-28",
        net_spent: "156.46",
        recency_days: "33",
        r: "5",
        f: "5",
        m: "5",
      },
      {
        customer_id: "4",
        segment: "dormant",
        orders: "4",
        first_order_at: "1997-01-01",
        last_order_at: "1997-12-12",
        net_spent: "100.50",
        recency_days: "200",
        r: "4",
        f: "4",
        m: "4",
      },
    ]);
  });

  it("gives the same rows from the CSV variant of the log (plain text, ISO dates, unpadded ids)", async () => {
    const csv = path.join(tmp, "cdnow_master.csv");
    const rows = cdnowLines().map((line) => {
      const [customer, date, cds, dollars] = line.trim().split(/\s+/);
      return `${Number(customer)},${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)},${cds},${dollars}`;
    });
    writeFileSync(csv, ["customer_id,date,cds,dollars", ...rows].join("\n") + "\n");
    const out = path.join(tmp, "cdnow-from-csv.csv");
    await analyze({ ...options, orders: csv, out });
    await result;
    expect(readFileSync(out, "utf8")).toBe(readFileSync(options.out!, "utf8"));
  });
});

describe("analyze on the real Online Retail log as of 2011-12-09 (UTC)", () => {
  const options: AnalyzeOptions = {
    orders: ONLINE_RETAIL,
    format: "online-retail",
    asOf: "2011-12-09",
    out: path.join(tmp, "online-retail.csv"),
    timeZone: "UTC",
  };
  const result = analyze(options);

  // Credit notes refund the invoices they reverse (app/cli/online-retail-credit-notes.ts), as in the demo
  // store. Read as a merchant, against reading each credit note as a cancelled order of its own (64 · 1,151
  // · 481 · 1,923 · 720 · 33): 14 more prospects — customers whose every purchase was refunded — and 3
  // fewer dormant, 3 fewer regular, 6 fewer first-time, 1 fewer VIP, 1 fewer churned. The VIP cut falls from
  // £3,166.40 to £3,093.86 because net spend is now net of the goods that came back.
  it("segments 4,372 customers: 63 churned, 1,148 dormant, 480 VIP, 1,920 regular, 714 new, 47 prospects", async () => {
    const r = await result;
    expect(r.customers).toBe(4_372);
    expect(r.counts).toEqual({ churned: 63, dormant: 1_148, vip: 480, regular: 1_920, new: 714, prospect: 47 });
    expect(r.vipCut).toEqual({ rule: "top-percent", topPercent: 20, population: 2_400, topCount: 480, cutSpend: 3093.86, vipCount: 480 });
  });

  it("reads 541,909 lines into 20,725 orders: 25,900 invoices less 3 bad-debt adjustments, 1,336 stock write-offs and 3,836 credit notes", async () => {
    const { stats } = await result;
    expect(stats).toMatchObject({ lines: 541_909, orders: 20_725, cancelledOrders: 0, guestOrders: 2_189 });
    expect(stats.notes).toEqual([
      "3 bad-debt adjustment line(s) (invoices A…) skipped: not sales",
      "1336 invoice(s) with only negative quantities and no C prefix (stock write-offs) skipped: not sales",
      // the same pounds as the demo store's seed (tests/emulator/seed-online-retail.test.ts)
      "3836 credit note(s) (invoices C…) applied as refunds of earlier invoices: £450,133.18 matched by goods, £104,986.76 as money against the latest earlier invoice, £56,222.15 not refundable; 182 guest credit note(s) dropped",
    ]);
  });

  it("agrees with an independent naive computation", async () => {
    expect(independentCounts(naiveOnlineRetail(), "2011-12-09")).toEqual((await result).counts);
  });

  it("nets customer 16446's £168,469.60 order 581483, reversed by credit note C581484 twelve minutes later, to nothing: £2.90 net, dormant", async () => {
    await result;
    const row = readCsvRows(options.out!).find((r) => r.customer_id === "16446");
    expect(row).toMatchObject({
      segment: "dormant",
      orders: "1",
      first_order_at: "2011-05-18",
      last_order_at: "2011-05-18",
      net_spent: "2.90",
    });
    const { histories } = await readHistories("online-retail", ONLINE_RETAIL, { timeZone: "UTC" });
    const orders = histories.find((h) => h.customerId === "16446")!.orders;
    expect(orders.map((o) => [o.id, o.totalPrice, o.totalRefunded, o.financialStatus])).toEqual([
      ["online-retail:553573", 2.9, 0, "PAID"],
      ["online-retail:581483", 168_469.6, 168_469.6, "REFUNDED"],
    ]);
  });

  it("gives customer 17850 the demo store's net spend: £5,391.21 sold less £102.58 credited", async () => {
    await result;
    expect(readCsvRows(options.out!).find((r) => r.customer_id === "17850")).toMatchObject({ orders: "34", net_spent: "5288.63" });
  });

  it("keeps customers whose every purchase was refunded, or who only have credit notes, as prospects with empty dates and scores", async () => {
    await result;
    const prospects = readCsvRows(options.out!).filter((r) => r.segment === "prospect");
    expect(prospects).toHaveLength(47);
    expect(prospects[0]).toMatchObject({
      orders: "0",
      first_order_at: "",
      last_order_at: "",
      net_spent: "0.00",
      recency_days: "",
      r: "",
      f: "",
      m: "",
    });
  });
});

// ---------------------------------------------------------------------------------------------------

describe("analyze --format orders-csv", () => {
  // A JPY shop in Tokyo, as of 2025-06-30.
  const fixture = [
    "customer_id,order_id,processed_at,total,currency,cancelled,test,total_refunded,financial_status",
    // new: one order; 2025-06-29T15:30Z is 00:30 JST on 30 June -> 0 days
    "c-new,1001,2025-06-29T15:30:00Z,4800,JPY,false,false,,PAID",
    // vip: two orders, partially refunded second one
    "c-vip,1002,2025-05-01,12000,JPY,false,false,0,PAID",
    "c-vip,1003,2025-06-01T10:00:00+09:00,9000,JPY,false,false,1000,PARTIALLY_REFUNDED",
    // regular: two small orders
    "c-regular,1004,2025-04-01,1000,JPY,0,0,,",
    "c-regular,1005,2025-06-20,1000,JPY,0,0,,",
    // dormant: last order 121 Tokyo days ago (2025-03-01); a cancelled and a test order later do not count
    "c-dormant,1006,2025-03-01,3000,JPY,false,false,,",
    "c-dormant,1007,2025-06-25,3000,JPY,true,false,,",
    "c-dormant,1008,2025-06-26,3000,JPY,false,true,,",
    // churned: 366 days ago
    "c-churned,1009,2024-06-29,5000,JPY,false,false,,",
    // prospect: only a fully refunded and a voided order
    'c-"quoted",1010,2025-06-01,2000,JPY,false,false,2000,REFUNDED',
    '"c-""quoted""",1011,2025-06-02,2000,JPY,false,false,,VOIDED',
    // a guest order: ignored
    ",1012,2025-06-02,99999,JPY,false,false,,PAID",
    // after the as-of date: ignored
    "c-new,1013,2025-07-01,4800,JPY,false,false,,PAID",
  ].join("\n");
  const file = path.join(tmp, "orders.csv");
  writeFileSync(file, fixture);

  it("classifies each kind of customer and writes the exact CSV (JPY without decimals)", async () => {
    const out = path.join(tmp, "orders-out.csv");
    const { code, stderr } = await runAnalyze([
      "--orders",
      file,
      "--format",
      "orders-csv",
      "--as-of",
      "2025-06-30",
      "--time-zone",
      "Asia/Tokyo",
      "--out",
      out,
    ]);
    expect(code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(
      [
        "customer_id,segment,orders,first_order_at,last_order_at,net_spent,recency_days,r,f,m",
        // both quoting styles name the same customer, written back quoted
        '"c-""quoted""",prospect,0,,,0,,,,',
        // 5 buyers. R: more days = worse -> churned 1, dormant 2, vip (29 d) 3, regular (10 d) 4, new (0 d) 5
        // F: 3 one-order buyers -> 1; two-order buyers have 3 worse -> 1+floor(15/5) = 4
        // M: 2000 < 3000 < 4800 < 5000 < 20000 -> regular 1, dormant 2, new 3, churned 4, vip 5
        "c-churned,churned,1,2024-06-29,2024-06-29,5000,366,1,1,4",
        "c-dormant,dormant,1,2025-03-01,2025-03-01,3000,121,2,1,2",
        "c-new,new,1,2025-06-30,2025-06-30,4800,0,5,1,3",
        "c-regular,regular,2,2025-04-01,2025-06-20,2000,10,4,4,1",
        "c-vip,vip,2,2025-05-01,2025-06-01,20000,29,3,4,5",
        "",
      ].join("\n"),
    );
    expect(stderr).toMatch(/customers 6 \(buyers 5\)/);
    expect(stderr).toMatch(/^ {2}vip +1 /m);
    expect(stderr).toMatch(/1 guest orders ignored, 1 cancelled, 1 test, 1 after the as-of date ignored/);
  });

  it("quotes customer ids that need it when they are written", async () => {
    const quoted = path.join(tmp, "quoted.csv");
    writeFileSync(
      quoted,
      ["customer_id,order_id,processed_at,total,currency,cancelled,test", '"Tanaka, Hanako",1,2025-06-01,100,JPY,false,false'].join("\n"),
    );
    const { code, stdout } = await runAnalyze(["--orders", quoted, "--format", "orders-csv", "--as-of", "2025-06-30"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[1]).toBe('"Tanaka, Hanako",new,1,2025-06-01,2025-06-01,100,29,1,1,1');
  });

  it("reads the same file gzipped", async () => {
    const gz = path.join(tmp, "orders.csv.gz");
    writeFileSync(gz, gzipSync(fixture));
    const plain = await runAnalyze(["--orders", file, "--format", "orders-csv", "--as-of", "2025-06-30", "--time-zone", "Asia/Tokyo"]);
    const zipped = await runAnalyze(["--orders", gz, "--format", "orders-csv", "--as-of", "2025-06-30", "--time-zone", "Asia/Tokyo"]);
    expect(zipped.stdout).toBe(plain.stdout);
  });
});

describe("bad input gives a clear one-line error and a non-zero exit", () => {
  const header = "customer_id,order_id,processed_at,total,currency,cancelled,test";
  const write = (name: string, lines: string[]) => {
    const file = path.join(tmp, name);
    writeFileSync(file, lines.join("\n"));
    return file;
  };
  const analyzeFile = (file: string, format = "orders-csv") => runAnalyze(["--orders", file, "--format", format, "--as-of", "2025-06-30"]);

  it.each([
    [
      "bad-total.csv",
      [header, "c1,1,2025-06-01,100,JPY,false,false", "c1,2,2025-06-02,12abc,JPY,false,false"],
      /line 3: total must be a decimal number >= 0 such as 4800 or 12\.50, got "12abc"/,
    ],
    [
      "naive-time.csv",
      [header, "c1,1,2025-06-01 10:00:00,100,JPY,false,false"],
      /line 2: processed_at must be YYYY-MM-DD or an ISO 8601 time with Z or an offset/,
    ],
    ["bad-date.csv", [header, "c1,1,2025-02-30,100,JPY,false,false"], /line 2: processed_at "2025-02-30" is not a real date/],
    [
      "mixed-currency.csv",
      [header, "c1,1,2025-06-01,100,JPY,false,false", "c2,2,2025-06-01,100,USD,false,false"],
      /line 3: currency USD differs from JPY on line 2/,
    ],
    [
      "duplicate.csv",
      [header, "c1,1,2025-06-01,100,JPY,false,false", "c2,1,2025-06-01,100,JPY,false,false"],
      /line 3: order_id "1" already appeared on line 2/,
    ],
    ["bad-bool.csv", [header, "c1,1,2025-06-01,100,JPY,maybe,false"], /line 2: cancelled must be true or false, got "maybe"/],
    [
      "line-separator.csv",
      [header, "c1,1,2025-06-01,100,JPY,may\u2028be\u0085,false"],
      /line 2: cancelled must be true or false, got "may\\u2028be\\u0085"/,
    ],
    ["columns.csv", [header, "c1,1,2025-06-01,100,JPY,false"], /line 2: expected 7 columns, found 6/],
    [
      "missing-column.csv",
      ["customer_id,order_id,processed_at,total,currency,cancelled", "c1,1,2025-06-01,100,JPY,false"],
      /line 1: the header lacks column "test"/,
    ],
    ["typo-column.csv", [`${header},totl_refunded`, "c1,1,2025-06-01,100,JPY,false,false,0"], /line 1: unknown column "totl_refunded"/],
    [
      "open-quote.csv",
      [header, "c1,1,2025-06-01,100,JPY,false,false", '"c2,2,2025-06-01,100,JPY,false,false'],
      /line 3: a quoted field is never closed/,
    ],
    ["empty.csv", [], /the file is empty/],
  ] as const)("%s", async (name, lines, message) => {
    const { code, stderr } = await analyzeFile(write(name, [...lines]));
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("names the line of a bad CDNOW amount and of a bad Online Retail quantity", async () => {
    const cdnow = await analyzeFile(
      write("bad-cdnow.txt", [
        " customer_id  date number_of_cds  dollar_value",
        " 00001 19970101  1   11.77",
        " 00002 19970112  1   twelve",
      ]),
      "cdnow",
    );
    expect(cdnow).toMatchObject({ code: 1 });
    expect(cdnow.stderr).toMatch(/line 3: invalid dollar amount "twelve"/);
    const retail = await analyzeFile(
      write("bad-retail.csv", [
        '"InvoiceNo","StockCode","Description","Quantity","InvoiceDate","UnitPrice","CustomerID","Country"',
        '"536365","85123A","HEART",6,"2010-12-01 08:26:00",2.55,17850,"United Kingdom"',
        '"536366","22633","HAND WARMER",six,"2010-12-01 08:28:00",1.85,17850,"United Kingdom"',
      ]),
      "online-retail",
    );
    expect(retail.code).toBe(1);
    expect(retail.stderr).toMatch(/line 3: Quantity "six" is not a whole number/);
  });

  it("reports a missing file, a directory and a corrupt gzip file", async () => {
    const missing = await analyzeFile(path.join(tmp, "nope.csv"));
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.stderr).toMatch(/nope\.csv: no such file/);
    const directory = await analyzeFile(tmp);
    expect(directory).toMatchObject({ code: 1 });
    expect(directory.stderr).toMatch(/is a directory, not a file/);
    const corrupt = path.join(tmp, "corrupt.csv.gz");
    writeFileSync(corrupt, Buffer.concat([gzipSync("customer_id,order_id\n".repeat(1000)).subarray(0, 40), Buffer.from("garbage")]));
    const result = await analyzeFile(corrupt);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not a valid gzip file|cannot be read/);
  });

  it.each([
    [["--format", "cdnow", "--as-of", "1998-06-30"], /--orders <file> is required/],
    [["--orders", CDNOW, "--as-of", "1998-06-30"], /--format is required/],
    [
      ["--orders", CDNOW, "--format", "excel", "--as-of", "1998-06-30"],
      /--format must be one of cdnow, online-retail, orders-csv, order-lines-csv, got "excel"/,
    ],
    [["--orders", CDNOW, "--format", "cdnow"], /--as-of <YYYY-MM-DD> is required/],
    [["--orders", CDNOW, "--format", "cdnow", "--as-of", "30/06/1998"], /--as-of must be a date YYYY-MM-DD/],
    [["--orders", CDNOW, "--format", "cdnow", "--as-of", "1998-06-30", "--time-zone", "Tokyo"], /--time-zone must be an IANA time zone/],
    [["--orders", CDNOW, "--format", "cdnow", "--as-of", "1998-06-30", "--verbose"], /Unknown option '--verbose'/],
  ])("refuses bad arguments %j with exit code 2 and the usage", async (argv, message) => {
    const { code, stderr } = await runAnalyze(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/^usage: analyze --orders <file>/m);
  });
});

describe("the command line (a real process)", () => {
  it("prints the CSV to stdout and the summary to stderr", async () => {
    const file = path.join(tmp, "cli.csv");
    writeFileSync(
      file,
      ["customer_id,order_id,processed_at,total,currency,cancelled,test", "42,1,2025-06-01,10.5,USD,false,false"].join("\n"),
    );
    const { code, stdout, stderr } = await runAnalyzeProcess(["--orders", file, "--format", "orders-csv", "--as-of", "2025-06-30"]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      "customer_id,segment,orders,first_order_at,last_order_at,net_spent,recency_days,r,f,m\n42,new,1,2025-06-01,2025-06-01,10.50,29,1,1,1\n",
    );
    expect(stderr).toMatch(/^ {2}new +1 +100\.0 %$/m);
  });

  it("exits non-zero without a stack trace on a user error", async () => {
    const { code, stderr } = await runAnalyzeProcess([
      "--orders",
      path.join(tmp, "missing.csv"),
      "--format",
      "orders-csv",
      "--as-of",
      "2025-06-30",
    ]);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`analyze: ${path.join(tmp, "missing.csv")}: no such file.`);
  });
});

describe("compareIds", () => {
  it("orders numeric ids by value (then as text) and puts them before other ids", () => {
    expect(["b", "10", "9", "a", "009", "gid://shopify/Customer/2"].sort(compareIds)).toEqual([
      "009",
      "9",
      "10",
      "a",
      "b",
      "gid://shopify/Customer/2",
    ]);
  });
});
