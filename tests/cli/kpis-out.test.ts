// analyze --kpis-out: the F2 conversion of a small hand-built orders-csv, through main() and a real process.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAnalyze, runAnalyzeProcess } from "../helpers/analyze-cli";
import { datasetPath } from "../helpers/datasets";

const tmp = mkdtempSync(path.join(tmpdir(), "tsunagu-kpis-"));

// As of 2025-12-31 (UTC):
//   a  first 2025-12-01, second 2025-12-31 (30 days)        → 30: eligible, converted; 90/365: open
//   b  first 2025-10-01 (a cancelled order on 09-01 and a test order on 10-02 do not count),
//      second 2025-12-30 (90 days)                            → 30: eligible, not; 90: eligible, converted; 365: open
//   c  one order 2025-06-01                                  → 30, 90: eligible, not converted; 365: open
//   d  first 2025-11-11, second 2026-01-01 (after the as-of date, ignored) → 30: eligible, not; 90/365: open
//   e  only a cancelled order; f first orders after the as-of date → in no cohort
//   g  first 2024-12-31, second 2025-12-31 (365 days)        → eligible everywhere, converted at 365 only
//   h  two orders at the same instant on 2025-03-01           → converted everywhere it is eligible (30, 90)
//   a guest order (no customer id)                           → ignored
const CSV = `customer_id,order_id,processed_at,total,currency,cancelled,test
a,1,2025-12-01T10:00:00Z,100,JPY,false,false
a,2,2025-12-31T23:59:59Z,100,JPY,false,false
b,3,2025-09-01T10:00:00Z,100,JPY,true,false
b,4,2025-10-01,100,JPY,false,false
b,5,2025-10-02T10:00:00Z,100,JPY,false,true
b,6,2025-12-30T10:00:00+09:00,100,JPY,false,false
c,7,2025-06-01,100,JPY,false,false
d,8,2025-11-11,100,JPY,false,false
d,9,2026-01-01T00:00:00Z,100,JPY,false,false
e,10,2025-01-01,100,JPY,true,false
f,11,2026-01-02,100,JPY,false,false
g,12,2024-12-31,100,JPY,false,false
g,13,2025-12-31,100,JPY,false,false
h,15,2025-03-01T10:00:00Z,100,JPY,false,false
h,14,2025-03-01T10:00:00Z,100,JPY,false,false
,16,2025-01-05,100,JPY,false,false
`;

describe("analyze --kpis-out", () => {
  const orders = path.join(tmp, "orders.csv");
  writeFileSync(orders, CSV);

  it("writes the F2 conversion at 30, 90 and 365 days, eligible and converted by calendar day", async () => {
    const out = path.join(tmp, "kpis.json");
    expect((await runAnalyze(["--orders", orders, "--format", "orders-csv", "--as-of", "2025-12-31", "--kpis-out", out])).code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual({
      asOf: "2025-12-31",
      timeZone: "UTC",
      f2: {
        "30": { eligible: 6, converted: 2, stillOpen: 0 }, // a, h converted; b, c, d, g not
        "90": { eligible: 4, converted: 2, stillOpen: 2 }, // b, h converted; c, g not; a, d open
        "365": { eligible: 1, converted: 1, stillOpen: 5 }, // g
      },
    });
  });

  it("reads dates in --time-zone: in Tokyo a's second order (23:59 UTC on 31 Dec) falls on 1 Jan and is ignored", async () => {
    const out = path.join(tmp, "kpis-tokyo.json");
    expect(
      (
        await runAnalyze([
          "--orders",
          orders,
          "--format",
          "orders-csv",
          "--as-of",
          "2025-12-31",
          "--time-zone",
          "Asia/Tokyo",
          "--kpis-out",
          out,
        ])
      ).code,
    ).toBe(0);
    // a: not converted now. d's 2026-01-01T00:00Z is 09:00 on 1 Jan in Tokyo, still after. Date-only
    // orders are local dates, so b (1 Oct, second 30 Dec 10:00+09:00) and g are unchanged.
    expect(JSON.parse(readFileSync(out, "utf8")).f2["30"]).toEqual({ eligible: 6, converted: 1, stillOpen: 0 });
  });

  it("a file it cannot write is a one-line error and exit code 1", async () => {
    const { code, stderr } = await runAnalyze([
      "--orders",
      orders,
      "--format",
      "orders-csv",
      "--as-of",
      "2025-12-31",
      "--kpis-out",
      path.join(tmp, "missing-dir", "k.json"),
    ]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^analyze: .*cannot write .*k\.json/);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  // Checked independently with a Python script (standard library): CDNOW dates as datetime.date, each
  // customer's two earliest dates, eligible when (as_of - first).days >= N, converted when (second - first).days <= N.
  it("on the real CDNOW log as of 1998-06-30 agrees with an independent computation", async () => {
    const out = path.join(tmp, "kpis-cdnow.json");
    const cdnow = datasetPath("cdnow/CDNOW_master.txt.gz");
    expect(
      (
        await runAnalyze([
          "--orders",
          cdnow,
          "--format",
          "cdnow",
          "--as-of",
          "1998-06-30",
          "--out",
          path.join(tmp, "cdnow.csv"),
          "--kpis-out",
          out,
        ])
      ).code,
    ).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).f2).toEqual({
      "30": { eligible: 23570, converted: 4355, stillOpen: 0 },
      "90": { eligible: 23570, converted: 7079, stillOpen: 0 },
      "365": { eligible: 23570, converted: 10963, stillOpen: 0 },
    });
  }, 60_000);

  it("works as `npm run analyze` does, in a real process", async () => {
    const out = path.join(tmp, "kpis-process.json");
    expect((await runAnalyzeProcess(["--orders", orders, "--format", "orders-csv", "--as-of", "2025-12-31", "--kpis-out", out])).code).toBe(
      0,
    );
    expect(JSON.parse(readFileSync(out, "utf8")).f2["90"]).toEqual({ eligible: 4, converted: 2, stillOpen: 2 });
  }, 60_000);
});
