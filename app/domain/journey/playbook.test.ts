import { describe, expect, it } from "vitest";
import { DEFAULT_CONTENT_MIX, DEFAULT_PLAYBOOK, parsePlaybookEntry, readPlaybook } from "./playbook";
import { LIFECYCLE_STAGES } from "../types";

describe("playbook", () => {
  it("every default content mix adds up to 100 %", () => {
    for (const segment of LIFECYCLE_STAGES) {
      const mix = DEFAULT_CONTENT_MIX[segment];
      expect(mix.brand + mix.product + mix.offer).toBe(100);
    }
  });

  it("accepts a mix of whole percentages adding up to 100 and keeps one action per non-empty line", () => {
    expect(parsePlaybookEntry({ brand: "20", product: "30", offer: "50", actions: "Coupon 20%\n\n  Survey  \r\n" })).toEqual({
      ok: true,
      entry: { mix: { brand: 20, product: 30, offer: 50 }, actions: ["Coupon 20%", "Survey"] },
    });
  });

  it("refuses a mix that does not add up to 100, fractions, and overlong actions", () => {
    expect(parsePlaybookEntry({ brand: "20", product: "30", offer: "40", actions: "" })).toEqual({ ok: false, errors: ["mixNotHundred"] });
    expect(parsePlaybookEntry({ brand: "20.5", product: "29.5", offer: "50", actions: "" })).toEqual({
      ok: false,
      errors: ["mixNotWhole"],
    });
    expect(parsePlaybookEntry({ brand: "", product: "50", offer: "50", actions: "x".repeat(201) })).toEqual({
      ok: false,
      errors: ["mixNotWhole", "actionTooLong"],
    });
  });

  it("an empty action list means the defaults", () => {
    const parsed = parsePlaybookEntry({ brand: 100, product: 0, offer: 0, actions: "" });
    expect(parsed.ok && parsed.entry.actions).toBeNull();
  });

  it("reads stored JSON segment by segment, defaults for the rest", () => {
    const stored = JSON.stringify({ vip: { mix: { brand: 100, product: 0, offer: 0 }, actions: ["Early access"] } });
    const playbook = readPlaybook(stored);
    expect(playbook.vip.actions).toEqual(["Early access"]);
    expect(playbook.new).toEqual(DEFAULT_PLAYBOOK.new);
    expect(readPlaybook("nope")).toEqual(DEFAULT_PLAYBOOK);
  });
});
