// `analyze retention`: the sBG fit of Fader & Hardie's (2007) cohorts through the command line, and bad input.
import { describe, expect, it } from "vitest";
import { runAnalyze, runAnalyzeProcess } from "../helpers/analyze-cli";

const lastLine = (text: string) => JSON.parse(text.trimEnd().split("\n").at(-1)!);

describe("analyze retention", () => {
  it("fits the 'high end' cohort of Fader & Hardie (2007): α 0.668, β 3.806, LL −1611.2, and projects 5 periods by default", async () => {
    const { code, stdout } = await runAnalyze(["retention", "--survivors", "1000,869,743,653,593,551,517,491"]);
    expect(code).toBe(0);
    const result = lastLine(stdout);
    expect(Object.keys(result)).toEqual(["alpha", "beta", "logLikelihood", "projected"]);
    expect(result.alpha).toBeCloseTo(0.668, 3);
    expect(result.beta).toBeCloseTo(3.806, 3);
    expect(result.logLikelihood).toBeCloseTo(-1611.158, 2);
    // S(8..12) per 1,000: 460.4 435.8 414.2 395.1 378.0 (observed in the paper's years 8–12: 468 445 427 409 394).
    expect(result.projected.map((s: number) => Math.round(s * 10000) / 10)).toEqual([460.4, 435.8, 414.2, 395.1, 378]);
  });

  it("fits the 'regular' cohort: α 0.704, β 1.182, LL −1680.3, and projects --project periods", async () => {
    const { stdout } = await runAnalyze(["retention", "--survivors", "1000,631,468,382,326,289,262,241", "--project", "2"]);
    const result = lastLine(stdout);
    expect(result.alpha).toBeCloseTo(0.704, 3);
    expect(result.beta).toBeCloseTo(1.182, 3);
    expect(result.logLikelihood).toBeCloseTo(-1680.265, 2);
    expect(result.projected).toHaveLength(2);
    expect(result.projected[0] * 1000).toBeCloseTo(220.1, 1);
  });

  it.each([
    [["--survivors", "1000,869,abc"], 2, /value 3 is "abc"/],
    [["--survivors", "1000"], 2, /At least two survivor counts/],
    [["--survivors", "1000,1100"], 2, /Survivors cannot increase/],
    [["--survivors", "0,0"], 2, /at least one subscriber/],
    [["--survivors", "1000,900", "--project=-1"], 2, /--project must be a whole number/],
    [["--survivors", "1000,900", "--project", "2.5"], 2, /--project must be a whole number/],
    [[], 2, /--survivors is required/],
    [["--survivors", "1000,1000,1000"], 1, /Nobody in the cohort has cancelled/],
    [["--survivors", "1000,0"], 1, /Every subscriber cancelled after the first delivery/],
  ])("rejects %j with exit code %i and a clear message", async (args, exitCode, message) => {
    const { code, stdout, stderr } = await runAnalyze(["retention", ...args]);
    expect(code).toBe(exitCode);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
  });

  it("runs as `npm run analyze -- retention` with the JSON object as the only stdout line", async () => {
    const { stdout } = await runAnalyzeProcess(["retention", "--survivors", "1000,869,743,653,593,551,517,491", "--project", "3"]);
    expect(stdout.trimEnd().split("\n")).toHaveLength(1);
    expect(lastLine(stdout).projected).toHaveLength(3);
  }, 60_000);
});
