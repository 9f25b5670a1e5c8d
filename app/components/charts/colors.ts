// Colours of the charts. Lines and swatches keep 3:1 against white (WCAG 1.4.11); heat cells pick
// black or white text, whichever contrasts more with the cell (always >= 4.5:1).
import type { LifecycleStage } from "../../domain/types";

export const STAGE_COLORS: Record<LifecycleStage, string> = {
  prospect: "#616161",
  new: "#2c6ecb",
  regular: "#007a5a",
  vip: "#7b47c8",
  dormant: "#a36b00",
  churned: "#c5280c",
};

const LIGHT: [number, number, number] = [0xf1, 0xf6, 0xfe];
const DARK: [number, number, number] = [0x0b, 0x3d, 0x91];

function relativeLuminance([r, g, b]: [number, number, number]): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

const hex = (rgb: [number, number, number]) => `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`;

/** Background and text colour of a heat cell for an intensity in [0, 1] (clamped). */
export function heatColors(intensity: number): { background: string; color: string } {
  const t = Math.min(1, Math.max(0, Number.isFinite(intensity) ? intensity : 0));
  const rgb = LIGHT.map((c, i) => Math.round(c + (DARK[i]! - c) * t)) as [number, number, number];
  const l = relativeLuminance(rgb);
  const contrastWithBlack = (l + 0.05) / 0.05;
  const contrastWithWhite = 1.05 / (l + 0.05);
  return { background: hex(rgb), color: contrastWithBlack >= contrastWithWhite ? "#000000" : "#ffffff" };
}
