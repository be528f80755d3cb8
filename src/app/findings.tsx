/**
 * Where the explanation, the enhancement curve and the finding export meet the lesion list and
 * the viewports: the classification, finding and viewer features know nothing of each other.
 */
import type { ReactNode } from 'react';
import type { ViewerEngine } from '../adapters/cornerstone';
import type { BrowserFileSource } from '../adapters/files';
import type { Phase } from '../core/labels';
import { enhancementRows } from '../core/report/enhancement';
import type { Lesion } from '../core/roi/lesion';
import {
  ExplanationControls,
  HeatmapOverlay,
  type LesionResult,
  type ModelStatus,
  type ExplanationState,
} from '../features/classification';
import { reportedSize, sizeDescription } from '../core/roi/lesion-size';
import { EnhancementCurve, ExportFinding, exportFinding, saveFiles, type LesionReadings } from '../features/finding';

const APP = { name: 'Liver Lesion Viewer', version: __APP_VERSION__ };

export interface FindingContext {
  readonly engine: ViewerEngine | null;
  readonly studyUid: string | undefined;
  readonly status: ModelStatus;
  readonly results: ReadonlyMap<string, LesionResult>;
  readonly readings: ReadonlyMap<string, LesionReadings>;
  readonly sources: ReadonlyMap<string, BrowserFileSource>;
  readonly selected: string | null;
  readonly explanation: ExplanationState;
  readonly heatmap: { readonly enabled: boolean; readonly opacity: number };
  readonly setHeatmap: (heatmap: { enabled: boolean; opacity: number }) => void;
  readonly sliceIndex: (phase: Phase) => number | undefined;
}

const shownOverlay = (phase: Phase): HTMLCanvasElement | null =>
  document.querySelector<HTMLCanvasElement>(`canvas.heatmap-overlay[data-phase="${phase}"][data-visible="true"]`);

/** Under a lesion's probabilities: its enhancement curve; for the selected one, explanation and export. */
export function lesionDetail(lesion: Lesion, ctx: FindingContext): ReactNode {
  const readings = ctx.readings.get(lesion.id)?.readings;
  const result = ctx.results.get(lesion.id);
  const size = readings === undefined ? null : reportedSize(readings, lesion.sourcePhase);
  const curve =
    readings === undefined ? null : (
      <>
        {size !== null && (
          <p
            className="lesion-size"
            data-testid="lesion-size"
            data-long-mm={size.longMm.toFixed(1)}
            data-short-mm={size.shortMm.toFixed(1)}
            data-method={size.method}
            data-measured-phase={size.phase}
          >
            Lesion {sizeDescription(size, size.phase)}
          </p>
        )}
        <EnhancementCurve lesionId={lesion.id} rows={enhancementRows(readings)} />
      </>
    );
  if (lesion.id !== ctx.selected || ctx.status.state !== 'ready') return curve;
  const { status, engine, studyUid } = ctx;
  const answered = result?.state === 'done' && result.probabilities !== undefined ? result : null;
  // A finding names a lesion class: where the page named none, there is no finding to export.
  const done = answered?.reading?.answer.kind === 'lesion' ? answered : null;
  const disabledReason =
    answered === null
      ? 'not classified yet'
      : done === null
        ? 'the model named no lesion class here'
        : readings === undefined
          ? 'HU not read yet'
          : engine === null || studyUid === undefined
            ? 'no study shown'
            : null;
  return (
    <div className="lesion-detail">
      {curve}
      <ExplanationControls
        enabled={ctx.heatmap.enabled}
        opacity={ctx.heatmap.opacity}
        state={ctx.explanation}
        phases={status.classifier.manifest.phases}
        onEnabled={(enabled) => {
          ctx.setHeatmap({ ...ctx.heatmap, enabled });
        }}
        onOpacity={(opacity) => {
          ctx.setHeatmap({ ...ctx.heatmap, opacity });
        }}
      />
      <ExportFinding
        disabledReason={disabledReason}
        onExport={() => {
          if (done === null || readings === undefined || engine === null || studyUid === undefined)
            return Promise.reject(new Error(disabledReason ?? 'nothing to export'));
          return exportFinding(
            {
              engine,
              studyInstanceUid: studyUid,
              lesion,
              readings,
              probabilities: done.probabilities ?? [],
              backend: status.backend,
              inferenceMs: done.ms ?? 0,
              manifest: status.classifier.manifest,
              sources: ctx.sources,
              overlay: shownOverlay,
            },
            APP,
          );
        }}
        onSave={saveFiles}
      />
    </div>
  );
}

/** The selected lesion's explanation over each phase the model reads, on the slice through its ROI. */
export function heatmapOverlay(phase: Phase, ctx: FindingContext): ReactNode {
  const { explanation, status, engine } = ctx;
  if (explanation.state !== 'done' || status.state !== 'ready') return null;
  // The model's channel for this phase: each phase shows its own map; DL, which it does not read, none.
  const channel = status.classifier.manifest.phases.indexOf(phase);
  if (channel < 0) return null;
  const reading = ctx.readings.get(explanation.lesionId)?.readings.find((r) => r.phase === phase);
  if (engine === null || reading === undefined || reading.sliceIndex === null) return null;
  return (
    <HeatmapOverlay
      engine={engine}
      phase={phase}
      explanation={explanation.explanation}
      channel={channel}
      roi={reading.entry.roi}
      plane={reading.plane}
      contextMargin={status.classifier.manifest.crop.contextMargin}
      opacity={ctx.heatmap.opacity}
      visible={ctx.sliceIndex(phase) === reading.sliceIndex}
    />
  );
}
