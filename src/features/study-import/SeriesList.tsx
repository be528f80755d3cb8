import { PHASES, isPhase, type Phase } from '../../core/labels';
import type { StudySeries } from '../../core/study/read-study';

interface Props {
  readonly series: readonly StudySeries[];
  readonly shownStudy: string | undefined;
  readonly overrides: ReadonlyMap<string, Phase | 'unknown'>;
  readonly onOverride: (seriesKey: string, phase: Phase | 'unknown') => void;
  readonly onShowStudy: (studyUid: string) => void;
  /** Keys of the series of the shown study that no phase shows: each can be looked at. */
  readonly viewable: ReadonlySet<string>;
  readonly viewed: string | undefined;
  readonly onView: (seriesKey: string) => void;
}

const SOURCE_TEXT = {
  description: 'from its description',
  timing: 'from acquisition timing',
  content: 'from image content',
  none: '',
};

/** One row per series, grouped by study, each with the phase it was given and a select to change it. */
export function SeriesList({
  series,
  shownStudy,
  overrides,
  onOverride,
  onShowStudy,
  viewable,
  viewed,
  onView,
}: Props) {
  const studies = [...new Set(series.map((s) => s.series.studyInstanceUid))];
  return (
    <div className="series-list">
      {studies.map((studyUid, n) => (
        <div key={studyUid} className={studyUid === shownStudy ? 'study shown' : 'study'}>
          {studies.length > 1 && (
            <div className="study-head">
              <span>Study {n + 1}</span>
              {studyUid === shownStudy ? (
                <span className="badge">shown</span>
              ) : (
                <button
                  type="button"
                  onClick={() => {
                    onShowStudy(studyUid);
                  }}
                >
                  Show
                </button>
              )}
            </div>
          )}
          {series
            .filter((s) => s.series.studyInstanceUid === studyUid)
            .map(({ series: s, assignment }) => {
              const phase = overrides.get(s.key) ?? assignment.phase;
              const overridden = overrides.has(s.key);
              const phaseSource = overridden
                ? 'phase set by you'
                : assignment.phase === 'unknown'
                  ? 'phase not recognised'
                  : `phase ${SOURCE_TEXT[assignment.source]}`;
              return (
                <div
                  key={s.key}
                  className="series-row"
                  data-testid="series-row"
                  data-series-uid={s.seriesInstanceUid}
                  data-acquisition={s.acquisition ?? ''}
                  data-phase={phase}
                >
                  <div className="series-title">
                    {s.modality === 'CT' && (
                      <select
                        aria-label={`Phase of ${s.description || 'series'}`}
                        value={phase}
                        onChange={(event) => {
                          const value = event.target.value;
                          onOverride(s.key, isPhase(value) ? value : 'unknown');
                        }}
                      >
                        {PHASES.map((p) => (
                          <option key={p} value={p}>
                            {p}
                          </option>
                        ))}
                        <option value="unknown">unknown</option>
                      </select>
                    )}
                    <span className="series-description">
                      {s.description || '(no description)'}
                      {s.acquisition !== undefined && ` · ${s.acquisition}`}
                    </span>
                    {viewable.has(s.key) &&
                      (viewed === s.key ? (
                        <span className="badge">shown</span>
                      ) : (
                        <button
                          type="button"
                          data-testid="view-series"
                          onClick={() => {
                            onView(s.key);
                          }}
                        >
                          View
                        </button>
                      ))}
                  </div>
                  <div className="series-detail">
                    {s.modality || 'no modality'} · {s.slices.length} {s.slices.length === 1 ? 'image' : 'slices'}
                    {s.sliceSpacing !== undefined && ` · ${s.sliceSpacing.toFixed(2)} mm apart`}
                    {s.modality === 'CT' && ` · ${phaseSource}`}
                    {s.modality === 'CT' && !overridden && assignment.note !== undefined && ` (${assignment.note})`}
                  </div>
                  {s.issues.map((issue) => (
                    <div key={issue} className="series-issue">
                      {issue}
                    </div>
                  ))}
                </div>
              );
            })}
        </div>
      ))}
    </div>
  );
}
