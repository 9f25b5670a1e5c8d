// `analyze --predict-out`: the contract (header, one row per customer with a qualifying order on or before
// --as-of, the chosen model's name or "none" with empty numbers), computed by the app's own predictShop.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { endOfLocalDay } from "../../app/domain/calendar";
import { predictShop } from "../../app/domain/clv/predict-shop";
import type { CustomerHistory } from "../../app/domain/types";
import { runAnalyze } from "../helpers/analyze-cli";
import { readCdnowTransactions } from "../helpers/datasets";

const tmp = mkdtempSync(path.join(tmpdir(), "tsunagu-predict-"));

function readRows(file: string) {
  const [header, ...lines] = readFileSync(file, "utf8").trimEnd().split("\n");
  return { header, rows: lines.map((line) => line.split(",")) };
}

/** The CDNOW sample as orders-csv, plus a cancelled-only customer, a test-only one and one who first buys after D. */
function writeOrdersCsv(): string {
  const lines = ["customer_id,order_id,processed_at,total,currency,cancelled,test"];
  readCdnowTransactions("sample").forEach((t, i) =>
    lines.push(`${t.customerId},o${i},${t.at.toISOString().slice(0, 10)},${t.amount.toFixed(2)},USD,false,false`),
  );
  lines.push("cancelled-only,c1,1997-03-01,20.00,USD,true,false");
  lines.push("test-only,t1,1997-03-01,20.00,USD,false,true");
  lines.push("after-d,a1,1998-07-02,20.00,USD,false,false");
  const file = path.join(tmp, "cdnow-orders.csv");
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

describe("analyze --predict-out on the CDNOW sample as of 1998-06-30", () => {
  let file: string;
  let result: Awaited<ReturnType<typeof runAnalyze>>;
  const out = path.join(tmp, "predictions.csv");
  beforeAll(async () => {
    file = writeOrdersCsv();
    result = await runAnalyze([
      "--orders",
      file,
      "--format",
      "orders-csv",
      "--as-of",
      "1998-06-30",
      "--out",
      path.join(tmp, "segments.csv"),
      "--predict-out",
      out,
      "--horizon-days",
      "273",
    ]);
  }, 300_000);

  it("writes the contract's header and one row per customer with a qualifying order by the as-of date", () => {
    expect(result.code).toBe(0);
    const { header, rows } = readRows(out);
    expect(header).toBe("customer_id,model,p_alive,expected_orders,expected_spend");
    expect(rows).toHaveLength(2357);
    const ids = rows.map((r) => r[0]);
    expect(ids).not.toContain("cancelled-only");
    expect(ids).not.toContain("test-only");
    expect(ids).not.toContain("after-d");
    expect(ids.slice(0, 3)).toEqual(["1", "2", "3"]);
  });

  it("names the chosen model on every row and gives the numbers predictShop computes for the horizon", () => {
    const { rows } = readRows(out);
    const model = rows[0][1];
    expect(["bg-nbd", "mbg-nbd", "pareto-nbd", "nbd"]).toContain(model);
    expect(rows.every((r) => r[1] === model && r.length === 5)).toBe(true);
    const histories = new Map<string, CustomerHistory>();
    for (const t of readCdnowTransactions("sample")) {
      const h = histories.get(t.customerId) ?? { customerId: t.customerId, createdAt: t.at, orders: [] };
      h.orders.push({
        id: `o${h.orders.length}-${t.customerId}`,
        customerId: t.customerId,
        processedAt: t.at,
        totalPrice: t.amount,
        totalRefunded: 0,
        cancelled: false,
        test: false,
        financialStatus: null,
      });
      histories.set(t.customerId, h);
    }
    const { fit, perCustomer } = predictShop([...histories.values()], {
      asOf: endOfLocalDay("1998-06-30", "UTC"),
      timeZone: "UTC",
      horizonDays: 273,
    });
    expect(fit.ok && fit.purchaseModel.model).toBe(model);
    for (const [id, pAlive, orders, spend] of rows.slice(0, 50).map((r) => [r[0], r[2], r[3], r[4]])) {
      const p = perCustomer.get(id)!;
      expect(Number(pAlive)).toBeCloseTo(p.pAlive!, 5);
      expect(Number(orders)).toBeCloseTo(p.expectedOrders, 5);
      expect(Number(spend)).toBeCloseTo(p.expectedSpend, 3);
    }
    // The next 39 weeks of an ageing cohort: fewer purchases than the sample's customers made in the 39
    // weeks before the as-of date (counted here), but not none.
    const last39Weeks = readCdnowTransactions("sample").filter((t) => t.at > new Date("1997-09-30T00:00:00Z")).length;
    const total = rows.reduce((sum, r) => sum + Number(r[3]), 0);
    expect(total).toBeGreaterThan(0.3 * last39Weeks);
    expect(total).toBeLessThan(last39Weeks);
  });

  it("reports the check on stderr", () => {
    expect(result.stderr).toMatch(/holdout check: recency AUC 0\.\d{3}/);
    expect(result.stderr).toMatch(/pareto-nbd +RMSE \d/);
  });
});

describe("analyze --predict-out when the check withholds the predictions", () => {
  it("writes model none with empty numbers for every buyer (a history too short to check)", async () => {
    const file = path.join(tmp, "short.csv");
    writeFileSync(
      file,
      [
        "customer_id,order_id,processed_at,total,currency,cancelled,test",
        "a,1,2026-01-01,10,JPY,false,false",
        "a,2,2026-01-05,10,JPY,false,false",
        "b,3,2026-01-06,10,JPY,false,false",
      ].join("\n"),
    );
    const out = path.join(tmp, "short-predictions.csv");
    const { code, stderr } = await runAnalyze([
      "--orders",
      file,
      "--format",
      "orders-csv",
      "--as-of",
      "2026-01-20",
      "--out",
      path.join(tmp, "short-segments.csv"),
      "--predict-out",
      out,
    ]);
    expect(code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe("customer_id,model,p_alive,expected_orders,expected_spend\na,none,,,\nb,none,,,\n");
    expect(stderr).toMatch(/model: none \(withheld-by-holdout-check: The order history is too short/);
  });

  it("refuses a horizon that is not a whole number of days (exit 2)", async () => {
    const { code, stderr } = await runAnalyze([
      "--orders",
      "x.csv",
      "--format",
      "orders-csv",
      "--as-of",
      "2026-01-20",
      "--predict-out",
      "p.csv",
      "--horizon-days",
      "0",
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--horizon-days must be a whole number of days >= 1/);
  });
});
