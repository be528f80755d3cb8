import { useEffect, useMemo, useState } from 'react';
import type { Phase } from '../core/labels';
import { seriesByPhase } from '../core/study/read-study';
import { createModelReads } from '../core/roi/model-reads';
import { folderMessages, phaseMessages, pickStudy, type StudyMessage } from '../core/study/study-messages';
import { OfflineStatus, useOfflineApp } from '../features/offline';
import { ModelStatusPanel, useClassification, useExplanation } from '../features/classification';
import { roiHuByLesion, usePhaseReadings } from '../features/finding';
import { heatmapOverlay, lesionDetail, type FindingContext } from './findings';
import {
  AnnotationControls,
  LesionList,
  roiEventsFor,
  useLesionStore,
  useLesions,
  usePrefetchSlices,
} from '../features/roi';
import { DropTarget, OpenControls, SeriesList, SlicePreview, useStudyImport } from '../features/study-import';
import { buildStacks, imageIdsFor, useViewer, ViewerToolbar, ViewportGrid, SeriesView } from '../features/viewer';
import { otherSeries, seriesShownFirst } from '../core/study/other-series';
import { downloadText } from '../adapters/files';
import { labelAgreement } from '../core/model/label-agreement';
import type { Answer } from '../core/model/reading';
import { roiLabels } from '../core/model/roi-label';

const NO_FILES = new Map();

/** Composition root: the only place features meet. */
export function App() {
  const importer = useStudyImport();
  const study = importer.state.status === 'ready' ? importer.state.study : null;
  // What the user chose (phase overrides, which study) belongs to the study it was chosen on.
  const defaults = useMemo(
    () => ({
      study,
      overrides: new Map<string, Phase | 'unknown'>(),
      chosen: study === null ? undefined : pickStudy(study.read),
      /** The series looked at instead of the phases: undefined until the user chooses, null once closed. */
      viewed: undefined as string | null | undefined,
    }),
    [study],
  );
  const [choice, setChoice] = useState(defaults);
  const current = choice.study === study ? choice : defaults;
  const { overrides, chosen: chosenStudy } = current;
  const setOverride = (seriesKey: string, phase: Phase | 'unknown') => {
    setChoice({ ...current, overrides: new Map(current.overrides).set(seriesKey, phase) });
  };
  const setChosenStudy = (uid: string) => {
    setChoice({ ...current, chosen: uid, viewed: undefined });
  };
  const setViewed = (seriesKey: string | null) => {
    setChoice({ ...current, viewed: seriesKey });
  };

  const shownSeries = useMemo(
    () => (study === null ? [] : study.read.series.filter((s) => s.series.studyInstanceUid === chosenStudy)),
    [study, chosenStudy],
  );
  const byPhase = useMemo(() => seriesByPhase(shownSeries, overrides), [shownSeries, overrides]);
  const stacks = useMemo(() => (study === null ? [] : buildStacks(byPhase, study.sources)), [byPhase, study]);
  const others = useMemo(() => otherSeries(shownSeries, byPhase), [shownSeries, byPhase]);
  const viewedKey =
    current.viewed === undefined ? seriesShownFirst(shownSeries, byPhase) : (current.viewed ?? undefined);
  const viewed = others.find((s) => s.series.key === viewedKey)?.series;
  const viewedImageIds = useMemo(
    () => (viewed === undefined || study === null ? null : imageIdsFor(viewed.slices, study.sources)),
    [viewed, study],
  );

  // The viewer's ROI events go straight to the lesion store the lesions feature keeps.
  const lesionStore = useLesionStore();
  const [modelReads] = useState(createModelReads);
  const roiEvents = useMemo(() => roiEventsFor(lesionStore), [lesionStore]);
  const offline = useOfflineApp();
  const viewer = useViewer(stacks, roiEvents);
  const lesions = useLesions(lesionStore, {
    engine: viewer.engine,
    ready: viewer.ready,
    studyUid: chosenStudy,
    byPhase,
    sources: study?.sources ?? NO_FILES,
    modelReads,
  });
  usePrefetchSlices(byPhase, study?.sources ?? NO_FILES, viewer.slices, lesions.lesions);
  const classification = useClassification(lesions.lesions, byPhase, study?.sources ?? NO_FILES, modelReads);
  const [heatmap, setHeatmap] = useState({ enabled: true, opacity: 0.6 });
  const explanation = useExplanation(
    classification.status,
    classification.results,
    classification.inputFor,
    lesions.selectedLesion,
    heatmap.enabled,
    lesions.lesions,
    viewer.pointerHeld,
  );
  const readings = usePhaseReadings(lesions.lesions, byPhase, study?.sources ?? NO_FILES);
  const roiHu = useMemo(() => roiHuByLesion(readings), [readings]);
  const findingContext: FindingContext = {
    engine: viewer.engine,
    studyUid: chosenStudy,
    status: classification.status,
    results: classification.results,
    readings,
    sources: study?.sources ?? NO_FILES,
    selected: lesions.selected,
    explanation,
    heatmap,
    setHeatmap,
    sliceIndex: (phase) => viewer.slices[phase]?.index,
  };
  const modelClasses = classification.status.state === 'ready' ? classification.status.classifier.manifest.classes : [];
  const agreement = labelAgreement(lesions.lesions, classification.results);
  const labels = useMemo(() => {
    const answers = new Map<string, Answer>();
    for (const [id, result] of classification.results) {
      if (result.state === 'done' && result.reading !== undefined) answers.set(id, result.reading.answer);
    }
    return roiLabels(
      lesions.lesions.map((l) => l.id),
      answers,
      lesions.selected,
    );
  }, [lesions.lesions, lesions.selected, classification.results]);
  useEffect(() => {
    viewer.engine?.setRoiLabels(labels);
  }, [viewer.engine, labels]);

  const messages: StudyMessage[] = [
    ...(importer.state.status === 'failed' ? [{ level: 'error' as const, text: importer.state.message }] : []),
    ...(study === null
      ? []
      : [
          ...folderMessages(study.read, study.fileCount),
          ...(study.read.series.length > 0 ? phaseMessages(byPhase) : []),
        ]),
    ...viewer.errors.map((text) => ({ level: 'error' as const, text })),
    ...lesions.errors.map((text) => ({ level: 'error' as const, text })),
    ...(classification.status.state === 'ready' && classification.status.fallback !== undefined
      ? [
          {
            level: 'warning' as const,
            text: `The GPU stopped working: ${classification.status.fallback}. Classification goes on with the same results; it may be slower.`,
          },
        ]
      : []),
    ...(classification.status.state === 'ready' && classification.status.incident !== undefined
      ? [
          {
            level: 'warning' as const,
            text: `Classification recovered: ${classification.status.incident}. No answer was lost.`,
          },
        ]
      : []),
    ...(classification.status.state === 'error'
      ? [
          {
            level: 'error' as const,
            text: `No lesion can be classified: ${classification.status.message}. The viewer still works.`,
          },
        ]
      : []),
  ];
  const alerts = messages.filter((m) => m.level !== 'info');
  const notes = messages.filter((m) => m.level === 'info');
  const phases = stacks.map((s) => s.phase);

  return (
    <DropTarget onDrop={importer.openDrop}>
      <div className="app">
        <header className="app-header">
          <h1>Liver Lesion Viewer</h1>
          <p className="disclaimer" data-testid="disclaimer">
            Research demo, not for clinical use. Everything runs in this browser; no image leaves this computer.
          </p>
          <ModelStatusPanel
            status={classification.status}
            preference={classification.preference}
            onBackend={classification.chooseBackend}
          />
        </header>
        {alerts.length > 0 && (
          <div className="error-banner" data-testid="error-banner" role="alert">
            {alerts.map((m) => (
              <p key={m.text} className={m.level}>
                {m.text}
              </p>
            ))}
          </div>
        )}
        <aside className="side-panel">
          <OpenControls state={importer.state} onFiles={importer.openFiles} onDemo={importer.openDemo} />
          <section aria-labelledby="series-heading">
            <h2 id="series-heading">Series</h2>
            {study === null ? (
              <p className="empty">No study open.</p>
            ) : (
              <SeriesList
                series={study.read.series}
                shownStudy={chosenStudy}
                overrides={overrides}
                onOverride={setOverride}
                onShowStudy={setChosenStudy}
                viewable={new Set(others.map((s) => s.series.key))}
                viewed={viewed?.key}
                onView={setViewed}
              />
            )}
            {notes.map((m) => (
              <p key={m.text} className="study-note" data-testid="study-note">
                {m.text}
              </p>
            ))}
          </section>
          <section aria-labelledby="lesions-heading">
            <h2 id="lesions-heading">Lesions</h2>
            <AnnotationControls
              enabled={stacks.length > 0}
              canExport={lesions.lesions.length > 0}
              onLoad={(file) => void lesions.loadAnnotations(file)}
              onExport={() => {
                const text = lesions.exportAnnotations();
                if (text !== null) downloadText('annotations.json', text);
              }}
            />
            {study?.annotations !== undefined && stacks.length > 0 && (
              <button
                type="button"
                data-testid="load-study-annotations"
                onClick={() => {
                  if (study.annotations !== undefined) void lesions.loadAnnotations(study.annotations());
                }}
              >
                Load the annotations.json found with this study
              </button>
            )}
            {agreement !== null && (
              <p className="running-accuracy" data-testid="running-accuracy">
                Model agrees with the labels on {agreement.right} of {agreement.total} lesions (
                {((100 * agreement.right) / agreement.total).toFixed(0)} %)
              </p>
            )}
            <LesionList
              lesions={lesions.lesions}
              outcomes={classification.results}
              roiHu={roiHu}
              classes={modelClasses}
              selected={lesions.selected}
              onSelect={lesions.select}
              onRemove={lesions.remove}
              onLabel={lesions.setLabel}
              detail={(lesion) => lesionDetail(lesion, findingContext)}
            />
          </section>
        </aside>
        <main className="viewer" data-ready={viewer.ready && stacks.length > 0}>
          <ViewerToolbar
            tool={viewer.tool}
            window={viewer.window}
            onTool={viewer.setTool}
            onWindow={viewer.setWindow}
          />
          <ViewportGrid
            phases={phases}
            slices={viewer.slices}
            views={viewer.views}
            cursor={viewer.cursor}
            register={viewer.register}
            overlay={(phase) => heatmapOverlay(phase, findingContext)}
          />
          {importer.state.status === 'reading' && importer.state.preview !== undefined && (
            <SlicePreview preview={importer.state.preview} done={importer.state.done} total={importer.state.total} />
          )}
          {viewed !== undefined && viewedImageIds !== null && (
            <SeriesView
              series={viewed}
              imageIds={viewedImageIds}
              onClose={
                stacks.length > 0
                  ? () => {
                      setViewed(null);
                    }
                  : undefined
              }
            />
          )}
        </main>
        <OfflineStatus offline={offline} />
      </div>
    </DropTarget>
  );
}
