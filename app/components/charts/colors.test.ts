import { describe, expect, it } from "vitest";
import { heatColors } from "./colors";

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((s) => (s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

describe("heatColors", () => {
  it("keeps text readable (>= 4.5:1) at every intensity", () => {
    for (let i = 0; i <= 100; i++) {
      const { background, color } = heatColors(i / 100);
      const [hi, lo] = [luminance(background), luminance(color)].sort((a, b) => b - a);
      expect((hi! + 0.05) / (lo! + 0.05)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("runs from light to dark and clamps out-of-range values", () => {
    expect(heatColors(0)).toEqual({ background: "#f1f6fe", color: "#000000" });
    expect(heatColors(1)).toEqual({ background: "#0b3d91", color: "#ffffff" });
    expect(heatColors(7)).toEqual(heatColors(1));
    expect(heatColors(Number.NaN)).toEqual(heatColors(0));
  });
});
