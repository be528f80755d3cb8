import { describe, expect, it, vi } from 'vitest';
import { patientMm } from '../geometry';
import type { Alignment } from './align';
import type { Phase } from '../labels';
import {
  EMPTY_LESIONS,
  alignmentKey,
  alignmentTargets,
  createLesionStore,
  lesionReducer,
  type LesionAction,
  type LesionState,
} from './lesion-store';
import { isAligning } from './lesion';
import { circularRoi } from './roi';

const PHASES: Phase[] = ['NC', 'ART', 'PV'];
const roi = circularRoi(patientMm(10, 20, 30), 8);
const moved = circularRoi(patientMm(14, 20, 30), 8);

function run(...actions: LesionAction[]): LesionState {
  return actions.reduce(lesionReducer, lesionReducer(EMPTY_LESIONS, { type: 'opened', phases: PHASES }));
}

const shift = (x: number, confident = true): Alignment => ({
  shiftMm: [x, 0, 0],
  score: 0.8,
  distinctness: 2,
  confident,
});

describe('the lesion store', () => {
  it('makes a drawn ROI a new lesion, selected, carried to every other phase and aligning', () => {
    const state = run({ type: 'drawn', phase: 'PV', roi });
    const lesion = state.lesions[0];
    expect(lesion?.id).toBe('L1');
    expect(state.selected).toBe('L1');
    expect(lesion?.aligning).toEqual(['NC', 'ART']);
    expect(lesion?.rois.PV).toEqual({ roi, origin: 'drawn' });
    expect(lesion?.rois.ART).toEqual({ roi, origin: 'carried' });
    expect(lesion === undefined ? [] : alignmentTargets(lesion)).toEqual(['NC', 'ART']);
    expect(
      run({ type: 'drawn', phase: 'PV', roi }, { type: 'drawn', phase: 'ART', roi }).lesions.map((l) => l.id),
    ).toEqual(['L1', 'L2']);
  });

  it('with one phase, a drawn lesion has nothing to align and is brought into view at once', () => {
    const one = lesionReducer(EMPTY_LESIONS, { type: 'opened', phases: ['PV'] });
    const state = lesionReducer(one, { type: 'drawn', phase: 'PV', roi });
    expect(state.lesions[0]?.aligning).toBeUndefined();
    expect(state.focus).toBe(one.focus + 1);
  });

  it('applies an alignment only to the source ROI it was made for, and only on carried phases', () => {
    const drawn = run({ type: 'drawn', phase: 'PV', roi });
    const key = alignmentKey(drawn.lesions[0] ?? ({} as never));
    const alignments = new Map<Phase, Alignment | null>([
      ['ART', shift(3)],
      ['NC', shift(5, false)],
    ]);
    const aligned = lesionReducer(drawn, { type: 'aligned', id: 'L1', sourceKey: key, alignments, complete: false });
    const lesion = aligned.lesions[0];
    expect(lesion?.aligning).toBeUndefined();
    expect(lesion?.rois.ART?.origin).toBe('aligned');
    expect(lesion?.rois.ART?.roi.center).toEqual([13, 20, 30]);
    // Not confident: stays where it was carried.
    expect(lesion?.rois.NC).toMatchObject({ roi, origin: 'carried', score: 0.8 });
    // The drawn lesion is brought into view once its phases are aligned.
    expect(aligned.focus).toBe(drawn.focus + 1);

    // The source moved while aligning: the old answer is dropped.
    const edited = lesionReducer(drawn, { type: 'edited', id: 'L1', phase: 'PV', roi: moved, final: true });
    expect(lesionReducer(edited, { type: 'aligned', id: 'L1', sourceKey: key, alignments, complete: false })).toBe(
      edited,
    );
  });

  it('with none of the model phases to align, brings a drawn lesion into view once every phase is aligned', () => {
    const opened = lesionReducer(EMPTY_LESIONS, { type: 'opened', phases: ['PV', 'DL'] });
    const drawn = lesionReducer(opened, { type: 'drawn', phase: 'PV', roi });
    const key = alignmentKey(drawn.lesions[0] ?? ({} as never));
    expect(drawn.lesions[0]?.aligning).toEqual(['DL']);
    expect(drawn.focus).toBe(opened.focus);
    const aligned = lesionReducer(drawn, {
      type: 'aligned',
      id: 'L1',
      sourceKey: key,
      alignments: new Map([['DL', shift(2)]]),
      complete: true,
    });
    expect(aligned.focus).toBe(drawn.focus + 1);
  });

  it('takes the phases one by one: a lesion stops aligning a phase as its answer comes, all once complete', () => {
    const drawn = lesionReducer(lesionReducer(EMPTY_LESIONS, { type: 'opened', phases: ['NC', 'ART', 'PV', 'DL'] }), {
      type: 'drawn',
      phase: 'PV',
      roi,
    });
    const lesion = drawn.lesions[0];
    if (lesion === undefined) throw new Error('no lesion');
    const key = alignmentKey(lesion);
    const answer = (state: LesionState, phase: Phase, complete = false): LesionState =>
      lesionReducer(state, {
        type: 'aligned',
        id: 'L1',
        sourceKey: key,
        alignments: new Map([[phase, shift(2)]]),
        complete,
      });
    const ncDone = answer(drawn, 'NC');
    expect(ncDone.lesions[0]?.aligning).toEqual(['ART', 'DL']);
    expect(ncDone.lesions[0]?.rois.NC?.origin).toBe('aligned');
    const modelDone = answer(ncDone, 'ART');
    const partly = modelDone.lesions[0];
    expect(partly?.aligning).toEqual(['DL']);
    // What reads only the model's phases may start; what reads every phase waits.
    expect(partly !== undefined && isAligning(partly, ['NC', 'ART', 'PV'])).toBe(false);
    expect(partly !== undefined && isAligning(partly)).toBe(true);
    // Brought into view once the model's phases are aligned, not before, and not again for DL.
    expect(ncDone.focus).toBe(drawn.focus);
    expect(modelDone.focus).toBe(drawn.focus + 1);
    const all = answer(modelDone, 'DL');
    expect(all.lesions[0]?.aligning).toBeUndefined();
    expect(all.focus).toBe(modelDone.focus);
    // Complete: phases with no answer stop waiting and stay where they were carried.
    const cut = lesionReducer(ncDone, {
      type: 'aligned',
      id: 'L1',
      sourceKey: key,
      alignments: new Map(),
      complete: true,
    });
    expect(cut.lesions[0]?.aligning).toBeUndefined();
    expect(cut.lesions[0]?.rois.DL?.origin).toBe('carried');
  });

  it('a dragged source ROI takes the carried phases with it, and is aligned again', () => {
    const aligned = run(
      { type: 'drawn', phase: 'PV', roi },
      { type: 'edited', id: 'L1', phase: 'ART', roi: moved, final: true },
    );
    const dragging = lesionReducer(aligned, { type: 'edited', id: 'L1', phase: 'PV', roi: moved, final: false });
    const lesion = dragging.lesions[0];
    expect(lesion?.dragging).toBe(true);
    expect(lesion?.aligning).toEqual(['NC']);
    expect(lesion?.rois.NC).toEqual({ roi: moved, origin: 'carried' });
    // Nudged by the user: kept.
    expect(lesion?.rois.ART?.origin).toBe('nudged');
    const released = lesionReducer(dragging, { type: 'edited', id: 'L1', phase: 'PV', roi: moved, final: true });
    expect(released.lesions[0]?.dragging).toBeUndefined();
  });

  it('a failed alignment keeps the carried ROIs and says why', () => {
    const drawn = run({ type: 'drawn', phase: 'PV', roi });
    const key = alignmentKey(drawn.lesions[0] ?? ({} as never));
    const failed = lesionReducer(drawn, { type: 'alignFailed', id: 'L1', sourceKey: key, message: 'no slice' });
    expect(failed.lesions[0]?.aligning).toBeUndefined();
    expect(failed.lesions[0]?.rois.ART).toEqual({ roi, origin: 'carried' });
    expect(failed.errors).toEqual(['L1: the phases could not be aligned (no slice).']);
  });

  it('removes a lesion with its source ROI, and only that phase otherwise', () => {
    const two = run({ type: 'drawn', phase: 'PV', roi }, { type: 'drawn', phase: 'PV', roi: moved });
    const noArt = lesionReducer(two, { type: 'roiRemoved', id: 'L1', phase: 'ART' });
    expect(Object.keys(noArt.lesions[0]?.rois ?? {}).sort()).toEqual(['NC', 'PV']);
    const gone = lesionReducer(noArt, { type: 'roiRemoved', id: 'L2', phase: 'PV' });
    expect(gone.lesions.map((l) => l.id)).toEqual(['L1']);
    expect(gone.selected).toBeNull();
    expect(lesionReducer(gone, { type: 'removed', id: 'L1' }).lesions).toEqual([]);
  });

  it('labels, selects and replaces lesions from a file; unknown ids change nothing', () => {
    const state = run({ type: 'drawn', phase: 'PV', roi }, { type: 'labelled', id: 'L1', label: 'HCC' });
    expect(state.lesions[0]?.label).toBe('HCC');
    expect(lesionReducer(state, { type: 'labelled', id: 'L1', label: undefined }).lesions[0]).not.toHaveProperty(
      'label',
    );
    expect(lesionReducer(state, { type: 'selected', id: 'L9' })).toBe(state);
    const selected = lesionReducer(state, { type: 'selected', id: 'L1' });
    expect(selected.focus).toBe(state.focus + 1);

    const loaded = lesionReducer(state, {
      type: 'loaded',
      lesions: [
        { id: 'L4', sourcePhase: 'ART', rois: { ART: { roi, origin: 'file' }, NC: { roi: moved, origin: 'file' } } },
      ],
      outside: ['L4'],
    });
    expect(loaded.lesions.map((l) => l.id)).toEqual(['L4']);
    expect(loaded.selected).toBe('L4');
    // The file's own centres stay; the missing phase is carried and aligned.
    expect(loaded.lesions[0]?.rois.NC?.origin).toBe('file');
    expect(loaded.lesions[0]?.rois.PV).toEqual({ roi, origin: 'carried' });
    expect(loaded.errors).toEqual(['Annotations L4 lie outside the open images.']);
  });

  it('starts empty for another study, and the store tells its subscribers only about changes', () => {
    const store = createLesionStore();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.dispatch({ type: 'opened', phases: PHASES });
    store.dispatch({ type: 'drawn', phase: 'PV', roi });
    store.dispatch({ type: 'selected', id: 'nobody' });
    expect(listener).toHaveBeenCalledTimes(2);
    store.dispatch({ type: 'opened', phases: ['PV'] });
    expect(store.getState().lesions).toEqual([]);
    expect(store.getState().phases).toEqual(['PV']);
    unsubscribe();
    store.dispatch({ type: 'drawn', phase: 'PV', roi });
    expect(listener).toHaveBeenCalledTimes(3);
  });
});
