import type { ReactNode } from 'react';
import { LESION_CLASSES, PHASES, isLesionClass, type LesionClass, type Phase } from '../../core/labels';
import type { Lesion, PhaseRoi } from '../../core/roi/lesion';
import type { LesionResult } from '../../core/model/lesion-result';
import { answerPhrase, answerText } from '../../core/model/reading';
import type { RoiHuStats } from '../../core/roi/roi-stats';
import { roiSizeText } from '../../core/roi/roi';

interface Props {
  readonly lesions: readonly Lesion[];
  readonly outcomes: ReadonlyMap<string, LesionResult>;
  /** HU inside each lesion's ROI per phase, on the slice through its centre (the phase readings). */
  readonly roiHu: ReadonlyMap<string, Partial<Record<Phase, RoiHuStats>>>;
  /** The model's classes, in the order of `probabilities`. */
  readonly classes: readonly LesionClass[];
  readonly selected: string | null;
  readonly onSelect: (id: string) => void;
  readonly onRemove: (id: string) => void;
  readonly onLabel: (id: string, label: LesionClass | undefined) => void;
  /** More about a lesion under its probabilities (the app adds the enhancement curve, explanation, export). */
  readonly detail?: (lesion: Lesion) => ReactNode;
}

function describe(entry: PhaseRoi | undefined): string {
  if (entry === undefined) return '—';
  if (entry.origin === 'aligned' && entry.shiftMm !== undefined) {
    return `aligned (${entry.shiftMm.map((v) => (v >= 0 ? '+' : '') + v.toFixed(1)).join(', ')} mm)`;
  }
  if (entry.origin === 'carried') return entry.score === undefined ? 'carried' : 'carried (alignment unsure)';
  return entry.origin;
}

/**
 * Mean ± SD HU inside the ROI (the enhancement a reader compares across phases); the full-precision
 * numbers ride along as data attributes and in the tooltip.
 */
function RoiHu({ stats }: { readonly stats: RoiHuStats | undefined }) {
  if (stats === undefined) return null;
  return (
    <span
      className="roi-hu"
      data-testid="roi-hu"
      data-hu-mean={stats.mean.toFixed(4)}
      data-hu-sd={stats.sd.toFixed(4)}
      data-hu-min={stats.min.toFixed(4)}
      data-hu-max={stats.max.toFixed(4)}
      data-hu-count={stats.count}
      title={`mean ${stats.mean.toFixed(1)} HU, SD ${stats.sd.toFixed(1)}, range ${stats.min.toFixed(0)} to ${stats.max.toFixed(0)} HU, ${String(stats.count)} pixels`}
    >
      {` · ${stats.mean.toFixed(0)} ± ${stats.sd.toFixed(0)} HU`}
    </span>
  );
}

/** One row per lesion: where its ROI is on each phase, the label for export, its state. */
export function LesionList({
  lesions,
  outcomes,
  roiHu,
  classes,
  selected,
  onSelect,
  onRemove,
  onLabel,
  detail,
}: Props) {
  if (lesions.length === 0) {
    return <p className="empty">No lesions. Pick an ROI tool and draw around a lesion on any phase.</p>;
  }
  return (
    <ul className="lesion-list">
      {lesions.map((lesion) => {
        const source = lesion.rois[lesion.sourcePhase];
        const outcome: LesionResult = outcomes.get(lesion.id) ?? { state: 'pending' };
        const reading = outcome.state === 'done' ? outcome.reading : undefined;
        const probabilities = reading?.probabilities ?? [];
        const answer = reading?.answer;
        const predicted = answer === undefined ? undefined : answer.kind === 'lesion' ? answer.predicted : 'none';
        const probabilityAttributes: Record<string, string | undefined> = Object.fromEntries(
          classes.map((c, i): [string, string | undefined] => [`data-prob-${c}`, probabilities[i]?.toFixed(6)]),
        );
        probabilityAttributes['data-prob-none'] = reading?.noLesion?.toFixed(6);
        return (
          <li
            key={lesion.id}
            className={lesion.id === selected ? 'lesion-row selected' : 'lesion-row'}
            data-testid="lesion-row"
            data-lesion-id={lesion.id}
            data-state={outcome.state}
            data-predicted={predicted}
            data-reason={answer?.kind === 'none' ? answer.reason : undefined}
            data-aligning={lesion.aligning !== undefined}
            data-ms={outcome.state === 'done' ? outcome.ms?.toFixed(1) : undefined}
            {...probabilityAttributes}
          >
            <div className="lesion-head">
              <button
                type="button"
                className="link"
                onClick={() => {
                  onSelect(lesion.id);
                }}
              >
                {lesion.id}
              </button>
              <span>
                drawn on {lesion.sourcePhase}
                {source !== undefined && `, ${roiSizeText(source.roi)}`}
              </span>
              <select
                aria-label={`Label of ${lesion.id}`}
                value={lesion.label ?? ''}
                onChange={(event) => {
                  const value = event.target.value;
                  onLabel(lesion.id, isLesionClass(value) ? value : undefined);
                }}
              >
                <option value="">no label</option>
                {LESION_CLASSES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
              <button
                type="button"
                aria-label={`Remove ${lesion.id}`}
                onClick={() => {
                  onRemove(lesion.id);
                }}
              >
                ✕
              </button>
            </div>
            <dl className="lesion-phases">
              {PHASES.map((phase) => (
                <div key={phase} data-phase={phase} data-origin={lesion.rois[phase]?.origin ?? 'none'}>
                  <dt>{phase}</dt>
                  <dd>
                    {describe(lesion.rois[phase])}
                    <RoiHu stats={roiHu.get(lesion.id)?.[phase]} />
                  </dd>
                </div>
              ))}
            </dl>
            {outcome.state === 'done' && reading !== undefined && answer !== undefined ? (
              <div className={answer.kind === 'none' ? 'answer none' : 'answer'}>
                <p className="answer-text" data-testid="lesion-answer">
                  {answer.kind === 'lesion' ? `Model output: ${answerText(answer)}` : answerText(answer)}
                  {answer.kind === 'lesion' &&
                    ` · ${(100 * (probabilities[classes.indexOf(answer.predicted)] ?? 0)).toFixed(0)} %`}
                </p>
                <ul
                  className={answer.kind === 'none' ? 'probabilities secondary' : 'probabilities'}
                  aria-label={`Model output for ${lesion.id}`}
                  title="Model output (calibrated probabilities), not a diagnosis"
                >
                  {classes.map((c, i) => (
                    <li key={c} className={c === predicted ? 'top' : undefined}>
                      <span className="class-name">{c}</span>
                      <span
                        className="bar"
                        style={{ width: `${String(Math.round(100 * (probabilities[i] ?? 0)))}%` }}
                      />
                      <span className="value">{(100 * (probabilities[i] ?? 0)).toFixed(0)} %</span>
                    </li>
                  ))}
                  {reading.noLesion !== undefined && (
                    <li className={answer.kind === 'none' && answer.reason === 'no-lesion' ? 'top' : undefined}>
                      <span className="class-name">none</span>
                      <span className="bar" style={{ width: `${String(Math.round(100 * reading.noLesion))}%` }} />
                      <span className="value">{(100 * reading.noLesion).toFixed(0)} %</span>
                    </li>
                  )}
                  {lesion.label !== undefined && (
                    <li className={lesion.label === predicted ? 'verdict right' : 'verdict wrong'}>
                      labelled {lesion.label}:{' '}
                      {lesion.label === predicted ? 'agrees' : `model says ${answerPhrase(answer)}`}
                    </li>
                  )}
                </ul>
              </div>
            ) : (
              <p className="lesion-state">
                {outcome.state === 'running'
                  ? 'classifying…'
                  : outcome.state === 'error'
                    ? `not classified: ${outcome.message ?? 'error'}`
                    : 'pending'}
              </p>
            )}
            {detail?.(lesion)}
          </li>
        );
      })}
    </ul>
  );
}
