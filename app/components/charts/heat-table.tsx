// A heatmap that is also the accessible table: a real <table> with row and column headers, each
// cell tinted by its intensity (0..1) and showing its value as text. Used for the cohort retention
// grid, the transition matrix and the R×F grid.
import type { ReactNode } from "react";
import { heatColors } from "./colors";

export interface HeatCell {
  text: string;
  /** 0..1; null = no value (not observed yet), shown blank */
  intensity: number | null;
  /** e.g. a link to the customers behind the number */
  href?: string;
  /** an accessible name for the link, when the text alone is not enough */
  linkLabel?: string;
  /** still growing (e.g. the month in progress): shown in italics */
  partial?: boolean;
}

export interface HeatRow {
  key: string;
  header: ReactNode;
  /** plain cells before the heat cells (e.g. the cohort size) */
  leading?: ReactNode[];
  cells: HeatCell[];
}

export interface HeatTableProps {
  caption: string;
  cornerHeader: string;
  leadingHeaders?: string[];
  columnHeaders: string[];
  rows: HeatRow[];
  renderLink?: (href: string, label: string | undefined, children: ReactNode) => ReactNode;
}

const cellStyle = {
  padding: "6px 8px",
  textAlign: "right" as const,
  fontVariantNumeric: "tabular-nums",
  whiteSpace: "nowrap" as const,
  minWidth: 48,
};
const headStyle = {
  padding: "6px 8px",
  fontWeight: 600,
  textAlign: "right" as const,
  whiteSpace: "nowrap" as const,
  borderBottom: "1px solid #e3e3e3",
};

export function HeatTable({ caption, cornerHeader, leadingHeaders = [], columnHeaders, rows, renderLink }: HeatTableProps) {
  return (
    // A wide table scrolls sideways; the region is focusable so keyboard users can scroll it too.
    <div role="region" aria-label={caption} tabIndex={0} style={{ overflowX: "auto" }}>
      <table style={{ borderCollapse: "separate", borderSpacing: 2, fontSize: 13, width: "100%" }}>
        <caption style={{ textAlign: "left", padding: "0 0 8px", color: "#616161", fontSize: 12 }}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" style={{ ...headStyle, textAlign: "left" }}>
              {cornerHeader}
            </th>
            {[...leadingHeaders, ...columnHeaders].map((h) => (
              <th key={h} scope="col" style={headStyle}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row" style={{ ...headStyle, textAlign: "left", borderBottom: "none", fontWeight: 500 }}>
                {row.header}
              </th>
              {(row.leading ?? []).map((content, i) => (
                <td key={`l${i}`} style={cellStyle}>
                  {content}
                </td>
              ))}
              {row.cells.map((cell, i) => {
                const colors = cell.intensity === null ? { background: "transparent", color: "#303030" } : heatColors(cell.intensity);
                const content = cell.href && renderLink ? renderLink(cell.href, cell.linkLabel, cell.text) : cell.text;
                return (
                  <td key={i} style={{ ...cellStyle, ...colors, fontStyle: cell.partial ? "italic" : undefined, borderRadius: 4 }}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
