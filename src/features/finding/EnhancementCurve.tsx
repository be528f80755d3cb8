import {
  enhancementChart,
  LIVER_REFERENCE_METHOD,
  missingLiverReference,
  type EnhancementRow,
} from '../../core/report/enhancement';

const BOX = { width: 220, height: 96, left: 34, right: 8, top: 8, bottom: 18 };
const AREA = { left: BOX.left, right: BOX.width - BOX.right, top: BOX.top, bottom: BOX.height - BOX.bottom };

const hu = (v: number | null) => (v === null ? '—' : v.toFixed(0));
const signedHu = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(0)}`);

/** The table's rows: the two measured series (with test hooks) and their difference. */
const SERIES = [
  { name: 'lesion', pick: (r: EnhancementRow) => r.lesion, format: hu, testId: 'enhancement-lesion' },
  { name: 'liver', pick: (r: EnhancementRow) => r.liver, format: hu, testId: 'enhancement-liver' },
  { name: 'Δ', pick: (r: EnhancementRow) => r.difference, format: signedHu, testId: undefined },
] as const;

/**
 * Mean HU in the ROI and median HU of the liver around it, per phase: the curve a radiologist
 * reads for arterial enhancement and washout, with the numbers in a table under it.
 */
export function EnhancementCurve({
  lesionId,
  rows,
}: {
  readonly lesionId: string;
  readonly rows: readonly EnhancementRow[];
}) {
  const chart = enhancementChart(rows, AREA);
  if (chart === null) return null;
  const missing = missingLiverReference(rows);
  const line = (points: readonly { x: number; y: number }[]) =>
    points.map((p) => `${String(p.x)},${String(p.y)}`).join(' ');
  return (
    <figure className="enhancement" data-testid="enhancement-curve" data-lesion-id={lesionId}>
      <svg
        viewBox={`0 0 ${String(BOX.width)} ${String(BOX.height)}`}
        width={BOX.width}
        height={BOX.height}
        role="img"
        aria-label={`Enhancement curve of ${lesionId}`}
      >
        {chart.ticks.map((t) => (
          <g key={t.value} className="tick">
            <line x1={AREA.left} x2={AREA.right} y1={t.y} y2={t.y} />
            <text x={AREA.left - 4} y={t.y + 3} textAnchor="end">
              {t.value}
            </text>
          </g>
        ))}
        {chart.phases.map((p) => (
          <text key={p.phase} className="phase" x={p.x} y={BOX.height - 4} textAnchor="middle">
            {p.phase}
          </text>
        ))}
        <polyline className="liver" points={line(chart.liver)} />
        <polyline className="lesion" points={line(chart.lesion)} />
        {chart.liver.map((p) => (
          <rect key={`liver-${p.phase}`} className="liver" x={p.x - 2.5} y={p.y - 2.5} width={5} height={5} />
        ))}
        {chart.lesion.map((p) => (
          <circle key={`lesion-${p.phase}`} className="lesion" cx={p.x} cy={p.y} r={3} />
        ))}
      </svg>
      <table className="enhancement-table">
        <thead>
          <tr>
            <th>HU</th>
            {rows.map((r) => (
              <th key={r.phase}>{r.phase}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {SERIES.map((series) => (
            <tr key={series.name} className={series.testId === undefined ? undefined : series.name}>
              <th>{series.name}</th>
              {rows.map((r) => (
                <td
                  key={r.phase}
                  data-testid={series.testId === undefined ? undefined : `${series.testId}-${r.phase}`}
                  data-hu={series.testId === undefined ? undefined : series.pick(r)?.toFixed(2)}
                >
                  {series.format(series.pick(r))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption>
        <span className="key lesion">●</span> mean in ROI <span className="key liver">■</span> liver around it (
        {LIVER_REFERENCE_METHOD})
        {missing !== null && (
          <span className="no-liver-reference" data-testid="no-liver-reference">
            {' '}
            {missing}
          </span>
        )}
      </figcaption>
    </figure>
  );
}
