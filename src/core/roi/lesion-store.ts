/**
 * The one place lesions and their ROIs live. Everything that changes them (the user drawing or
 * dragging, an alignment finishing, a file loaded, a label chosen) is an action; the viewer
 * draws what this state holds, and whatever is read off an ROI is derived from it.
 */
import type { Alignment } from './align';
import { MODEL_PHASES, type LesionClass, type Phase } from '../labels';
import { isAligning, nextLesionId, phaseRoiFromAlignment, roiSignature, type Lesion, type PhaseRoi } from './lesion';
import type { Roi } from './roi';

export interface LesionState {
  readonly lesions: readonly Lesion[];
  readonly selected: string | null;
  /**
   * Bumped each time a lesion is brought into view (chosen in the list, drawn and aligned, the
   * first of a file): the viewer scrolls to the selected lesion when it changes.
   */
  readonly focus: number;
  readonly errors: readonly string[];
  /** The phases the open study shows: a lesion's ROI is carried to each of them. */
  readonly phases: readonly Phase[];
}

export type LesionAction =
  /** Another study, or other phases of it: no lesion yet. */
  | { readonly type: 'opened'; readonly phases: readonly Phase[] }
  | { readonly type: 'drawn'; readonly phase: Phase; readonly roi: Roi }
  /** The user moved or resized one of a lesion's ROIs; `final` once the mouse is released. */
  | { readonly type: 'edited'; readonly id: string; readonly phase: Phase; readonly roi: Roi; readonly final: boolean }
  /**
   * Alignments of the source ROI `sourceKey` answered, for some phases (null where none was
   * possible); `complete` once the alignment has nothing more to say (phases it could not try
   * stay where they were carried).
   */
  | {
      readonly type: 'aligned';
      readonly id: string;
      readonly sourceKey: string;
      readonly alignments: ReadonlyMap<Phase, Alignment | null>;
      readonly complete: boolean;
    }
  | { readonly type: 'alignFailed'; readonly id: string; readonly sourceKey: string; readonly message: string }
  | { readonly type: 'removed'; readonly id: string }
  /** The user removed a lesion's ROI from one phase (its source phase: the whole lesion). */
  | { readonly type: 'roiRemoved'; readonly id: string; readonly phase: Phase }
  | { readonly type: 'labelled'; readonly id: string; readonly label: LesionClass | undefined }
  | { readonly type: 'selected'; readonly id: string }
  /** Lesions from an annotation file replace the open ones; `outside` lie off the open images. */
  | { readonly type: 'loaded'; readonly lesions: readonly Lesion[]; readonly outside: readonly string[] }
  | { readonly type: 'failed'; readonly message: string };

export const EMPTY_LESIONS: LesionState = { lesions: [], selected: null, focus: 0, errors: [], phases: [] };

/** Origins the app must not overwrite when it carries an ROI again: the user or the file put them there. */
const KEEP: ReadonlySet<PhaseRoi['origin']> = new Set(['nudged', 'file', 'drawn']);

/** What an alignment of the lesion is for: its source ROI as it is now. */
export function alignmentKey(lesion: Lesion): string {
  return roiSignature(lesion, [lesion.sourcePhase]);
}

/** The phases an alignment of the lesion moves: those its source ROI was carried to. */
export function alignmentTargets(lesion: Lesion): Phase[] {
  return (Object.entries(lesion.rois) as [Phase, PhaseRoi][])
    .filter(([phase, entry]) => phase !== lesion.sourcePhase && entry.origin === 'carried')
    .map(([phase]) => phase);
}

/**
 * The source ROI carried, unchanged, to every open phase the user or the file has not placed;
 * `aligning` until the alignment of those phases answers.
 */
function carry(lesion: Lesion, phases: readonly Phase[]): Lesion {
  const source = lesion.rois[lesion.sourcePhase];
  if (source === undefined) return lesion;
  const rois: Partial<Record<Phase, PhaseRoi>> = { ...lesion.rois };
  const carried: Phase[] = [];
  for (const phase of phases) {
    if (phase === lesion.sourcePhase || KEEP.has(rois[phase]?.origin ?? 'carried')) continue;
    rois[phase] = { roi: source.roi, origin: 'carried' };
    carried.push(phase);
  }
  return withAligning({ ...lesion, rois }, carried);
}

/** The lesion without one of its optional fields. */
function without(lesion: Lesion, field: 'aligning' | 'dragging' | 'label'): Lesion {
  const copy: { -readonly [K in keyof Lesion]: Lesion[K] } = { ...lesion };
  if (field === 'aligning') delete copy.aligning;
  else if (field === 'dragging') delete copy.dragging;
  else delete copy.label;
  return copy;
}

function withAligning(lesion: Lesion, aligning: readonly Phase[]): Lesion {
  return aligning.length > 0 ? { ...lesion, aligning } : without(lesion, 'aligning');
}

function updateLesion(state: LesionState, id: string, change: (lesion: Lesion) => Lesion): LesionState {
  if (!state.lesions.some((l) => l.id === id)) return state;
  return { ...state, lesions: state.lesions.map((l) => (l.id === id ? change(l) : l)) };
}

function remove(state: LesionState, id: string): LesionState {
  if (!state.lesions.some((l) => l.id === id)) return state;
  return {
    ...state,
    lesions: state.lesions.filter((l) => l.id !== id),
    selected: state.selected === id ? null : state.selected,
  };
}

export function lesionReducer(state: LesionState, action: LesionAction): LesionState {
  switch (action.type) {
    case 'opened':
      return { ...EMPTY_LESIONS, focus: state.focus, phases: action.phases };
    case 'drawn': {
      const id = nextLesionId(state.lesions);
      const lesion = carry(
        { id, sourcePhase: action.phase, rois: { [action.phase]: { roi: action.roi, origin: 'drawn' } } },
        state.phases,
      );
      // Brought into view now only when there is nothing to align; else once it is aligned.
      return {
        ...state,
        lesions: [...state.lesions, lesion],
        selected: id,
        focus: isAligning(lesion) ? state.focus : state.focus + 1,
      };
    }
    case 'edited':
      return updateLesion(state, action.id, (lesion) => {
        const isSource = action.phase === lesion.sourcePhase;
        const edited: Lesion = {
          ...without(lesion, 'dragging'),
          rois: { ...lesion.rois, [action.phase]: { roi: action.roi, origin: isSource ? 'drawn' : 'nudged' } },
          ...(action.final ? {} : { dragging: true }),
        };
        // The source moved: the phases it was carried to follow it, and are aligned again.
        return isSource ? carry(edited, state.phases) : edited;
      });
    case 'aligned': {
      const lesion = state.lesions.find((l) => l.id === action.id);
      const source = lesion?.rois[lesion.sourcePhase];
      // An answer for a source ROI since moved is not this lesion's any more.
      if (lesion === undefined || source === undefined || alignmentKey(lesion) !== action.sourceKey) return state;
      const rois: Partial<Record<Phase, PhaseRoi>> = { ...lesion.rois };
      for (const [phase, alignment] of action.alignments) {
        if (alignment === null || rois[phase]?.origin !== 'carried') continue;
        rois[phase] = phaseRoiFromAlignment(source.roi, alignment);
      }
      const waiting = action.complete ? [] : (lesion.aligning ?? []).filter((phase) => !action.alignments.has(phase));
      const next = updateLesion(state, action.id, () => withAligning({ ...lesion, rois }, waiting));
      // Brought into view once the model's phases are aligned (or, with none of them to align,
      // every phase): what the reader waits for. A phase aligned after them (DL) follows its new
      // anchor without moving the phase the reader may have scrolled since.
      const read = (phases: readonly Phase[]): boolean => phases.some((phase) => MODEL_PHASES.includes(phase));
      const modelAligns = read(Object.keys(lesion.rois).filter((phase) => phase !== lesion.sourcePhase) as Phase[]);
      const inView = modelAligns
        ? isAligning(lesion, MODEL_PHASES) && !read(waiting)
        : isAligning(lesion) && waiting.length === 0;
      return inView && state.selected === action.id ? { ...next, focus: next.focus + 1 } : next;
    }
    case 'alignFailed': {
      const lesion = state.lesions.find((l) => l.id === action.id);
      if (lesion === undefined || alignmentKey(lesion) !== action.sourceKey) return state;
      // The carried ROIs stay: they are where the lesion is without breathing.
      const next = updateLesion(state, action.id, (l) => withAligning(l, []));
      return {
        ...next,
        errors: [`${action.id}: the phases could not be aligned (${action.message}).`],
        focus: state.selected === action.id ? next.focus + 1 : next.focus,
      };
    }
    case 'removed':
      return remove(state, action.id);
    case 'roiRemoved': {
      const lesion = state.lesions.find((l) => l.id === action.id);
      if (lesion === undefined) return state;
      if (action.phase === lesion.sourcePhase) return remove(state, action.id);
      return updateLesion(state, action.id, (l) => ({
        ...l,
        rois: Object.fromEntries(Object.entries(l.rois).filter(([p]) => p !== action.phase)),
      }));
    }
    case 'labelled':
      return updateLesion(state, action.id, (l) =>
        action.label === undefined ? without(l, 'label') : { ...l, label: action.label },
      );
    case 'selected':
      if (!state.lesions.some((l) => l.id === action.id)) return state;
      return { ...state, selected: action.id, focus: state.focus + 1 };
    case 'loaded': {
      const lesions = action.lesions.map((l) => carry(l, state.phases));
      const first = lesions[0];
      return {
        ...state,
        lesions,
        selected: first?.id ?? null,
        focus: state.focus + 1,
        errors:
          action.outside.length > 0 ? [`Annotations ${action.outside.join(', ')} lie outside the open images.`] : [],
      };
    }
    case 'failed':
      return { ...state, errors: [action.message] };
  }
}

/** A store around `lesionReducer`: what React and the viewer both read, and only actions change. */
export interface LesionStore {
  readonly getState: () => LesionState;
  readonly dispatch: (action: LesionAction) => void;
  /** Calls `listener` after every change; returns the unsubscribe. */
  readonly subscribe: (listener: () => void) => () => void;
}

export function createLesionStore(initial: LesionState = EMPTY_LESIONS): LesionStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch: (action) => {
      const next = lesionReducer(state, action);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
