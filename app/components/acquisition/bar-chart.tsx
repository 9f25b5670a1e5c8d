// Horizontal bars in plain SVG (docs/decisions/006): one bar per row, its value written beside it, and a
// faint mark for a reference value (e.g. the shop's overall rate). One role="img" with a text summary;
// the exact numbers are in the table alternative (ChartFrame).
export interface Bar {
  key: string;
  label: string;
  /** null: no value (e.g. no window has elapsed): no bar, the note instead. */
  value: number | null;
  /** shown after the value, e.g. "(12 of 40)" */
  note?: string;
}

const WIDTH = 720;
const ROW = 26;
const LABEL_W = 190;
const VALUE_W = 150;

export function BarChart({
  summary,
  bars,
  format,
  max,
  reference,
}: {
  summary: string;
  bars: Bar[];
  format: (value: number) => string;
  /** the value of a full-width bar (default: the largest value) */
  max?: number;
  reference?: { value: number; label: string };
}) {
  const top = max ?? Math.max(0, ...bars.map((b) => b.value ?? 0));
  const plotW = WIDTH - LABEL_W - VALUE_W;
  const height = bars.length * ROW + 24;
  const x = (v: number) => LABEL_W + (top <= 0 ? 0 : (v / top) * plotW);
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="img"
      aria-label={summary}
      style={{ display: "block", aspectRatio: `${WIDTH} / ${height}` }}
    >
      {bars.map((bar, i) => {
        const y = 4 + i * ROW;
        return (
          <g key={bar.key}>
            <text x={LABEL_W - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" fontSize="12" fill="#303030">
              {bar.label}
            </text>
            <rect x={LABEL_W} y={y + 4} width={plotW} height={ROW - 8} fill="#f1f1f1" rx="3" />
            {bar.value !== null ? (
              <rect x={LABEL_W} y={y + 4} width={Math.max(1, x(bar.value) - LABEL_W)} height={ROW - 8} fill="#2c6ecb" rx="3" />
            ) : null}
            <text x={LABEL_W + plotW + 8} y={y + ROW / 2} dominantBaseline="middle" fontSize="12" fill="#303030">
              {bar.value === null ? "—" : format(bar.value)}
              {bar.note ? ` ${bar.note}` : ""}
            </text>
          </g>
        );
      })}
      {reference && top > 0 ? (
        <g>
          <line x1={x(reference.value)} x2={x(reference.value)} y1={2} y2={bars.length * ROW + 6} stroke="#303030" strokeDasharray="3 3" />
          <text x={x(reference.value)} y={bars.length * ROW + 18} textAnchor="middle" fontSize="11" fill="#303030">
            {reference.label}
          </text>
        </g>
      ) : null}
    </svg>
  );
}

/** Vertical columns over ordered buckets (e.g. days to conversion), counts written on top. */
export function ColumnChart({
  summary,
  columns,
  format,
}: {
  summary: string;
  columns: { key: string; label: string; value: number }[];
  format: (v: number) => string;
}) {
  const height = 220;
  const pad = { top: 20, bottom: 28, side: 12 };
  const top = Math.max(1, ...columns.map((c) => c.value));
  const slot = (WIDTH - 2 * pad.side) / Math.max(1, columns.length);
  const plotH = height - pad.top - pad.bottom;
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="img"
      aria-label={summary}
      style={{ display: "block", aspectRatio: `${WIDTH} / ${height}` }}
    >
      {columns.map((column, i) => {
        const h = (column.value / top) * plotH;
        const x = pad.side + i * slot;
        return (
          <g key={column.key}>
            <rect x={x + slot * 0.15} y={pad.top + plotH - h} width={slot * 0.7} height={Math.max(0, h)} fill="#2c6ecb" rx="3" />
            <text x={x + slot / 2} y={pad.top + plotH - h - 5} textAnchor="middle" fontSize="11" fill="#303030">
              {format(column.value)}
            </text>
            <text x={x + slot / 2} y={height - 9} textAnchor="middle" fontSize="11" fill="#616161">
              {column.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
