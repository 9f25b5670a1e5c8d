// A multi-series line chart in plain SVG (no chart library: see docs/decisions on charts). The SVG
// has a fixed viewBox, so its height is known before any script runs (no layout shift), and it is
// one role="img" with a text summary; the exact numbers are in the table alternative (ChartFrame).
import { labelIndices, niceTicks } from "./scale";

export interface LineSeries {
  key: string;
  label: string;
  color: string;
  values: number[];
}

export interface LineChartProps {
  /** what the chart shows, read by screen readers */
  summary: string;
  xLabels: string[];
  /** where each point sits on the x axis (e.g. epoch days, so uneven gaps show); default evenly spaced */
  xValues?: number[];
  series: LineSeries[];
  formatY: (value: number) => string;
  /** x positions (indices) to mark with a dashed line and a label, e.g. the install day */
  markers?: Array<{ index: number; label: string }>;
}

const WIDTH = 720;
const HEIGHT = 260;
const PAD = { top: 12, right: 16, bottom: 28, left: 56 };

export function LineChart({ summary, xLabels, xValues, series, formatY, markers = [] }: LineChartProps) {
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1]!;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const positions = xValues ?? xLabels.map((_, i) => i);
  const first = positions[0] ?? 0;
  const span = (positions[positions.length - 1] ?? 0) - first;
  const x = (i: number) => PAD.left + (span <= 0 ? plotW / 2 : ((positions[i]! - first) * plotW) / span);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  return (
    <div>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label={summary}
        style={{ display: "block", aspectRatio: `${WIDTH} / ${HEIGHT}` }}
      >
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} stroke="#e3e3e3" />
            <text x={PAD.left - 8} y={y(t)} textAnchor="end" dominantBaseline="middle" fontSize="11" fill="#616161">
              {formatY(t)}
            </text>
          </g>
        ))}
        {labelIndices(xLabels.length, 6).map((i) => (
          <text key={i} x={x(i)} y={HEIGHT - 8} textAnchor="middle" fontSize="11" fill="#616161">
            {xLabels[i]}
          </text>
        ))}
        {markers.map((m) => (
          <g key={m.index}>
            <line x1={x(m.index)} x2={x(m.index)} y1={PAD.top} y2={PAD.top + plotH} stroke="#616161" strokeDasharray="4 4" />
            <text
              x={x(m.index) + (x(m.index) > WIDTH / 2 ? -4 : 4)}
              y={PAD.top + 10}
              textAnchor={x(m.index) > WIDTH / 2 ? "end" : "start"}
              fontSize="11"
              fill="#303030"
            >
              {m.label}
            </text>
          </g>
        ))}
        {series.map((s) =>
          s.values.length === 1 ? (
            <circle key={s.key} cx={x(0)} cy={y(s.values[0]!)} r={4} fill={s.color} />
          ) : (
            <polyline
              key={s.key}
              points={s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ")}
              fill="none"
              stroke={s.color}
              strokeWidth={2}
              strokeLinejoin="round"
            />
          ),
        )}
      </svg>
      <ul
        aria-hidden="true"
        style={{ display: "flex", flexWrap: "wrap", gap: "4px 16px", listStyle: "none", margin: "8px 0 0", padding: 0, fontSize: 12 }}
      >
        {series.map((s) => (
          <li key={s.key} style={{ display: "flex", alignItems: "center", gap: 6 }}>
            <span style={{ width: 12, height: 3, background: s.color, display: "inline-block" }} />
            {s.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
