import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { OUTPUT, trimmedPolarisCss } from "../../scripts/polaris-css.mjs";

describe("the trimmed Polaris stylesheet", () => {
  it("matches the Polaris components the app imports (run `node scripts/polaris-css.mjs` after using a new one)", () => {
    expect(fs.readFileSync(OUTPUT, "utf8") === trimmedPolarisCss()).toBe(true);
  });

  it("keeps the styles of the components on the pages and drops those of components the app never shows", () => {
    const css = fs.readFileSync(OUTPUT, "utf8");
    for (const kept of [
      ".Polaris-Page",
      ".Polaris-ShadowBevel",
      ".Polaris-DataTable",
      ".Polaris-Modal-Dialog",
      ".Polaris-Tooltip",
      "--p-color-bg-surface:",
    ])
      expect(css).toContain(kept);
    for (const dropped of [".Polaris-IndexTable", ".Polaris-Navigation", ".Polaris-TopBar", ".Polaris-DatePicker"])
      expect(css).not.toContain(dropped);
  });
});
