// `analyze uplift`: the JSON contract on a hand-checked file, the real command line once, and bad input.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { newcombeDifferenceInterval } from "../../app/domain/scenarios/proportion-intervals";
import { runAnalyze, runAnalyzeProcess } from "../helpers/analyze-cli";

const tmp = mkdtempSync(path.join(tmpdir(), "tsunagu-uplift-"));

function file(name: string, content: string): string {
  const target = path.join(tmp, name);
  writeFileSync(target, content);
  return target;
}

const lastLine = (text: string) => JSON.parse(text.trimEnd().split("\n").at(-1)!);

describe("analyze uplift", () => {
  it("prints the groups' totals and the uplifts treated − holdout as the last line", async () => {
    // treated: 4 entrants, 2 converted (100 + 50); holdout: 2 entrants, 1 converted (30).
    const csv = file(
      "small.csv",
      "group,converted,revenue\ntreated,1,100\ntreated,0,0\nholdout,1,30\ntreated,1,50\nholdout,0,\ntreated,0,0\n",
    );
    const { code, stdout, stderr } = await runAnalyze(["uplift", "--in", csv]);
    expect(code).toBe(0);
    const result = lastLine(stdout);
    expect(Object.keys(result)).toEqual(["treated", "holdout", "conversionUplift", "conversionCi", "revenueUplift", "revenueCi"]);
    expect(result.treated).toEqual({ n: 4, conversions: 2, revenue: 150 });
    expect(result.holdout).toEqual({ n: 2, conversions: 1, revenue: 30 });
    expect(result.conversionUplift).toBe(0);
    expect(result.conversionCi).toEqual([...newcombeDifferenceInterval({ x: 2, n: 4 }, { x: 1, n: 2 })]);
    expect(result.revenueUplift).toBe(37.5 - 15);
    expect(result.revenueCi[0]).toBeLessThan(22.5);
    expect(result.revenueCi[1]).toBeGreaterThan(22.5);
    expect(stderr).toMatch(/not enough data yet — about \d+ more entrants needed/);
  });

  it("accepts columns in any order, a BOM, CRLF line ends, upper-case groups and extra columns", async () => {
    const csv = file("shuffled.csv", "\uFEFFcustomer_id,revenue,group,converted\r\n1,10.5,TREATED,1\r\n2,0,holdout,0\r\n");
    const { code, stdout } = await runAnalyze(["uplift", "--in", csv]);
    expect(code).toBe(0);
    expect(lastLine(stdout)).toMatchObject({
      treated: { n: 1, conversions: 1, revenue: 10.5 },
      holdout: { n: 1, conversions: 0, revenue: 0 },
      conversionUplift: 1,
    });
  });

  it.each([
    ["a header without the revenue column", "group,converted\ntreated,1\n", /missing revenue/],
    ["an unknown group", "group,converted,revenue\ncontrol,1,10\n", /group must be treated or holdout, got "control" \(line 2\)/],
    ["converted other than 0 or 1", "group,converted,revenue\ntreated,2,10\n", /converted must be 0 or 1, got "2" \(line 2\)/],
    ["a revenue that is not a number", "group,converted,revenue\ntreated,1,ten\n", /revenue must be a number >= 0, got "ten" \(line 2\)/],
    ["a negative revenue", "group,converted,revenue\ntreated,1,-5\n", /revenue must be a number >= 0/],
    ["revenue without a conversion", "group,converted,revenue\ntreated,0,5\n", /revenue must be 0 when converted is 0/],
    ["no holdout rows", "group,converted,revenue\ntreated,1,5\n", /no holdout rows/],
    ["an empty file", "", /the file is empty/],
  ])("rejects %s with a clear message and exit code 1", async (_name, content, message) => {
    const { code, stdout, stderr } = await runAnalyze(["uplift", "--in", file("bad.csv", content)]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("exits 2 without --in, 1 for a missing file, and prints its contract with --help", async () => {
    expect((await runAnalyze(["uplift"])).code).toBe(2);
    expect((await runAnalyze(["uplift", "--in", "x.csv", "--holdout-share", "2"])).code).toBe(2);
    const missing = await runAnalyze(["uplift", "--in", path.join(tmp, "nope.csv")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.csv/);
    const help = await runAnalyze(["uplift", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/revenue +TOTAL revenue of the group/);
  });

  it("runs as `npm run analyze -- uplift` and prints only the JSON object on stdout", async () => {
    const csv = file("cli.csv", "group,converted,revenue\ntreated,1,100\ntreated,0,0\nholdout,0,0\nholdout,1,20\n");
    const { stdout } = await runAnalyzeProcess(["uplift", "--in", csv]);
    expect(stdout.trimEnd().split("\n")).toHaveLength(1);
    expect(lastLine(stdout)).toMatchObject({
      treated: { n: 2, conversions: 1, revenue: 100 },
      holdout: { n: 2, conversions: 1, revenue: 20 },
      conversionUplift: 0,
      revenueUplift: 40,
    });
  }, 60_000);
});
